"""The attachments' part of ``tongban doctor``: space used, what waits, what was lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sync.attachments.retention import space
from terminal.attachments import files
from terminal.doctor import Check, Patient, ok, warning
from terminal.i18n import tr


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def doctor_checks(p: Patient) -> Iterable[Check]:
    """Space used, what waits for the portal, what is kept, and any file lost."""
    if not p.db_path.exists():
        return
    try:
        conn = sqlite3.connect(f"file:{p.db_path}?mode=ro", uri=True)
        try:
            found = space(conn, files.attachments_folder(p.data_dir))
        finally:
            conn.close()
    except sqlite3.Error:
        return  # an older store (no v10 yet) or a damaged one: the store's check says so
    keep_days = p.config.attachments_keep_days if p.config else 30
    text = tr(
        "sync.doctor.attachments",
        files=found.files,
        size=_mb(found.bytes),
        waiting=found.waiting,
        waiting_size=_mb(found.waiting_bytes),
        kept=found.kept,
        kept_size=_mb(found.kept_bytes),
        days=keep_days,
    )
    if found.lost or found.refused:
        said = [text]
        fixes = []
        if found.lost:
            said.append(tr("sync.doctor.attachments_lost", count=found.lost))
            fixes.append(tr("sync.doctor.fix_attachments_lost"))
        if found.refused:
            said.append(tr("sync.doctor.attachments_refused", count=found.refused))
            fixes.append(tr("sync.doctor.fix_attachments_refused"))
        yield warning("attachments", " ".join(said), " ".join(fixes))
    else:
        yield ok("attachments", text)
