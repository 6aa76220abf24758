"""The diagnostics archive IT sends with a support ticket: what is wrong, and no personal data.

Everything written is pseudonymised or counted; as a last guard every text in
the archive is scrubbed of every name and ID number the store holds, and of every
masked number too (``310104********1234``, ``138****5678``): its last four beside a
receipt number is the kiosk's credential for a case's status and its rating, and the
archive goes to outside support. The logs' own masking keeps the last four for IT on
the machine; the archive keeps none.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import sqlite3
import sys
import zipfile
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from terminal import __version__, private
from terminal.doctor import Check, Patient
from terminal.logs import CRASH_FILE, log_dir, scrub

PACKAGES = (
    "tongban-terminal",
    "PySide6-Essentials",
    "reportlab",
    "pyscard",
    "pyserial",
    "requests",
    "pycups",
)


def write_bundle(target: Path, patient: Patient, checks: list[Check]) -> Path:
    secrets = _personal_values(patient.db_path)
    files: dict[str, str] = {
        "doctor.json": json.dumps([c.to_json() for c in checks], ensure_ascii=False, indent=1),
        "versions.txt": _versions(),
        "config.toml": patient.config_path.read_text("utf-8")
        if patient.config_path.exists()
        else "",
    }
    files.update(_store_files(patient.db_path))
    logs = [*log_dir().glob("tongban.log*"), log_dir() / CRASH_FILE] if log_dir().exists() else []
    for log in sorted(p for p in logs if p.is_file()):
        files[f"logs/{log.name}"] = log.read_text("utf-8", errors="replace")
    # Pseudonymised, but still the hall's business: 0600, and no half-written archive.
    with (
        private.open_for_writing(target) as out,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, text in files.items():
            archive.writestr(name, redact(text, secrets))
    return target


# A masked number as the screens, the logs and older journals write it: stars, then the end.
_MASKED = re.compile(r"(?<![0-9A-Za-z*])[0-9A-Za-z]{0,6}\*{3,}[0-9A-Za-z]{1,4}(?![0-9A-Za-z])")


def redact(text: str, secrets: Iterable[str]) -> str:
    for value in sorted(secrets, key=len, reverse=True):
        text = text.replace(value, "[已隐去]")
    return _MASKED.sub("[号码已隐去]", scrub(text))


def _personal_values(db: Path) -> set[str]:
    """Every applicant name and ID number, and every clerk name, in the store."""
    values: set[str] = set()
    if not db.exists():
        return values
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for sql in (
            "SELECT applicant_name, id_number FROM cases",
            "SELECT username, display_name FROM clerks",
            "SELECT applicant_name, id_number FROM appointments",
        ):
            try:
                for row in conn.execute(sql):
                    values.update(str(v) for v in row if v and len(str(v)) >= 2)
            except sqlite3.OperationalError:
                continue
    finally:
        conn.close()
    return values


def pseudonym(value: str) -> str:
    return "clerk#" + hashlib.sha256(value.encode()).hexdigest()[:8]


def _store_files(db: Path) -> dict[str, str]:
    if not db.exists():
        return {}
    # sqlite-utils over a read-only connection: whatever tables this store has (any schema
    # version, a half-made one), counted and read without hand-quoting their names.
    import sqlite_utils

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        store = sqlite_utils.Database(conn, recursive_triggers=False)
        tables = store.table_names()
        summary: dict[str, object] = {
            "schema_version": conn.execute("PRAGMA user_version").fetchone()[0],
            "rows": {t: store.table(t).count for t in tables},
        }
        if "outbox" in tables:
            summary["outbox"] = dict(
                conn.execute(
                    "SELECT kind || ':' || state, count(*) FROM outbox GROUP BY 1"
                ).fetchall()
            )
        files = {"store.json": json.dumps(summary, ensure_ascii=False, indent=1)}
        tail = store.table("journal").rows_where(
            select="seq, at, actor, terminal, action, details", order_by="seq desc", limit=300
        )
        files["journal-tail.jsonl"] = "\n".join(
            json.dumps({**r, "actor": pseudonym(r["actor"])}, ensure_ascii=False) for r in tail
        )
        if "print_jobs" in tables:
            jobs = store.table("print_jobs").rows_where(
                select="id, document, format, printer, state, error, attempts, created_at",
                order_by="created_at desc",
                limit=200,
            )
            files["print-jobs.jsonl"] = "\n".join(json.dumps(r, ensure_ascii=False) for r in jobs)
        return files
    finally:
        conn.close()


def _versions() -> str:
    lines = [
        f"tongban {__version__}",
        f"python {sys.version.split()[0]}",
        f"platform {platform.platform()}",
        f"sqlite {sqlite3.sqlite_version}",
    ]
    for package in PACKAGES:
        try:
            lines.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            lines.append(f"{package} (not installed)")
    return "\n".join(lines) + "\n"
