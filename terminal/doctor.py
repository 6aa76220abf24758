"""``tongban doctor``: every check IT needs, each ok / warning / failure with the fix in plain words.

The core checks the config, the data folder, the store, the journal, the font
and the outbox; devices/ and sync/ add their own checks (readers, printers,
portal) through the ``tongban.doctor`` entry-point group, so this module
imports neither.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from importlib.metadata import entry_points
from pathlib import Path

from terminal import clock, failures, journal, logs, migrations, private
from terminal.config import Config, ConfigError, load
from terminal.heartbeat import NOT_HEARTBEAT
from terminal.i18n import TongbanError, tr
from terminal.store import (
    DB_FILENAME,
    StoreError,
    connect_read_only,
    refuse_foreign,
    refuse_unusable_file,
)

LOW_DISK_WARN = 1_000_000_000
LOW_DISK_FAIL = 100_000_000


class Status(Enum):
    OK = "ok"
    WARNING = "warning"
    FAILURE = "failure"


@dataclass(frozen=True)
class Check:
    id: str
    status: Status
    summary: str
    fix: str = ""

    def to_json(self) -> dict[str, str]:
        return {**asdict(self), "status": self.status.value}


@dataclass
class Patient:
    """What the checks look at."""

    data_dir: Path
    config_path: Path
    config: Config | None = None
    today: date = field(default_factory=lambda: clock.now().date())  # the hall's date

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME


Checker = Callable[[Patient], Iterable[Check]]


def ok(check_id: str, summary: str) -> Check:
    return Check(check_id, Status.OK, summary)


def warning(check_id: str, summary: str, fix: str) -> Check:
    return Check(check_id, Status.WARNING, summary, fix)


def failure(check_id: str, summary: str, fix: str) -> Check:
    return Check(check_id, Status.FAILURE, summary, fix)


def check_config(p: Patient) -> Iterable[Check]:
    try:
        p.config = load(p.config_path)
    except ConfigError as e:
        yield failure("config", e.text(), tr("doctor.fix.config", path=str(p.config_path)))
        return
    if not p.config_path.exists():
        yield warning(
            "config", tr("doctor.config.missing", path=str(p.config_path)), tr("doctor.fix.init")
        )
        return
    yield ok(
        "config", tr("doctor.config.ok", path=str(p.config_path), terminal=p.config.terminal_id)
    )


def check_data_dir(p: Patient) -> Iterable[Check]:
    folder = p.data_dir
    probe = folder / ".doctor-probe"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        if e.errno == errno.EROFS or failures.disk_read_only(folder):  # failing, not a mode
            yield failure(
                "data_dir",
                tr("failure.read_only_disk", path=str(folder)),
                tr("doctor.fix.read_only_disk", data_dir=str(folder)),
            )
            return
        yield failure(
            "data_dir",
            tr("doctor.data_dir.unwritable", path=str(folder), error=e.strerror or str(e)),
            tr("doctor.fix.data_dir"),
        )
        return
    free = shutil.disk_usage(folder).free
    gb = f"{free / 1e9:.1f}"
    if free < LOW_DISK_FAIL:
        yield failure("data_dir", tr("doctor.disk.low", free=gb), tr("doctor.fix.disk"))
    elif free < LOW_DISK_WARN:
        yield warning("data_dir", tr("doctor.disk.low", free=gb), tr("doctor.fix.disk"))
    else:
        yield ok("data_dir", tr("doctor.data_dir.ok", path=str(folder), free=gb))


def check_store(p: Patient) -> Iterable[Check]:
    if not p.db_path.exists():
        yield failure(
            "store", tr("doctor.store.missing", path=str(p.db_path)), tr("doctor.fix.init")
        )
        return
    try:
        # Empty or unreadable: what every command refuses. Reading is enough for the checks,
        # so a store on a disk gone read-only is still examined.
        refuse_unusable_file(p.db_path, write=False)
    except StoreError as e:
        yield failure("store", e.text(), tr("doctor.fix.restore"))
        return
    try:
        conn = connect_read_only(p.db_path)
    except sqlite3.Error as e:
        yield _damaged(p, e)
        return
    try:
        refuse_foreign(conn, p.db_path, create=False)
    except StoreError as e:
        conn.close()
        yield failure("store", e.text(), tr("doctor.fix.restore"))
        return
    except sqlite3.Error as e:
        conn.close()
        yield _damaged(p, e)
        return
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if result != "ok":
            yield failure(
                "store", tr("doctor.store.damaged", detail=result), tr("doctor.fix.restore")
            )
        elif version > migrations.LATEST:
            yield failure(
                "store",
                tr("store.schema_too_new", found=version, supported=migrations.LATEST),
                tr("doctor.fix.upgrade"),
            )
        elif version < migrations.LATEST:
            yield warning(
                "store",
                tr("doctor.store.old", found=version, latest=migrations.LATEST),
                tr("doctor.fix.open_once"),
            )
        else:
            yield ok("store", tr("doctor.store.ok", version=version))
        verdict = journal.verify(conn)
        if verdict.ok:
            yield ok("journal", tr("journal.intact", count=verdict.count))
        else:
            yield failure(
                "journal",
                tr(
                    "journal.broken",
                    seq=verdict.broken_seq,
                    problem=tr("journal.problem." + verdict.problem),
                    count=verdict.count,
                ),
                tr("doctor.fix.journal"),
            )
        yield from _outbox(conn)
    except sqlite3.Error as e:
        yield _damaged(p, e)
    finally:
        conn.close()


def _damaged(p: Patient, error: sqlite3.Error) -> Check:
    """SQLite's words ("database disk image is malformed") name no file and no way out."""
    return failure(
        "store",
        tr("doctor.store.unreadable", path=str(p.db_path), error=str(error)),
        tr("doctor.fix.restore_damaged", path=str(p.db_path), data_dir=str(p.data_dir)),
    )


def _outbox(conn: sqlite3.Connection) -> Iterable[Check]:
    try:
        waiting = conn.execute(
            f"SELECT count(*) FROM outbox WHERE state = 'pending' AND {NOT_HEARTBEAT}"
        ).fetchone()[0]
        stuck = conn.execute("SELECT count(*) FROM outbox WHERE state = 'quarantined'").fetchone()[
            0
        ]
    except sqlite3.OperationalError:
        return
    if stuck:
        yield warning(
            "outbox",
            tr("doctor.outbox.stuck", waiting=waiting, stuck=stuck),
            tr("doctor.fix.stuck"),
        )
    else:
        yield ok("outbox", tr("doctor.outbox.ok", waiting=waiting))


def check_font(p: Patient) -> Iterable[Check]:
    from terminal.documents.fonts import SERIF_PACKAGE, font_set  # reportlab: when asked

    try:
        fonts = font_set(p.config.font if p.config else "")
    except TongbanError as e:
        yield failure("font", e.text(), tr("doctor.fix.font"))
        return
    yield ok("font", tr("doctor.font.ok", name=fonts.describe()))
    if fonts.serif is None:
        main = fonts.describe()
        yield warning(
            "font_serif",
            tr("doctor.font.no_serif", name=main),
            tr("doctor.fix.serif", package=SERIF_PACKAGE),
        )


def check_calendar(p: Patient) -> Iterable[Check]:
    from terminal import calendar_doctor  # the portal's versions, the store, the config

    yield from calendar_doctor.checks(p)


def check_modes(p: Patient) -> Iterable[Check]:
    """The store, the keys, the printed documents and the logs hold personal data or secrets:
    owner only."""
    prints = _prints_folder(p)
    secret = [
        *(Path(f"{p.db_path}{suffix}") for suffix in ("", "-wal", "-shm")),
        *sorted(p.data_dir.glob("*key*")),
        prints,  # PDFs naming citizens (the folder printer's, or the demo's)
        *(sorted(prints.glob("*.pdf")) if prints.is_dir() else []),
    ]
    folders = [p.data_dir, logs.log_dir()]
    log_files = sorted(logs.log_dir().glob("*.log*")) if logs.log_dir().is_dir() else []
    loose_secret = [f for f in secret if f.exists() and private.loose(f)]
    loose_other = [f for f in [*folders, *log_files] if f.exists() and private.loose(f)]
    loose = loose_secret + loose_other
    if not loose:
        yield ok("modes", tr("doctor.modes.ok"))
        return
    names = ", ".join(str(f) for f in loose)
    files = " ".join(str(f) for f in loose if not f.is_dir())
    dirs = " ".join(str(f) for f in loose if f.is_dir())
    # Only the commands that have something to do: no "chmod 700 -" with nothing after it.
    commands = "; ".join(
        c for c in (f"chmod 600 {files}" if files else "", f"chmod 700 {dirs}" if dirs else "") if c
    )
    report = failure if loose_secret else warning
    yield report(
        "modes", tr("doctor.modes.loose", paths=names), tr("doctor.fix.modes", commands=commands)
    )


def _prints_folder(p: Patient) -> Path:
    """Where the folder printer puts its PDFs (``printer = "folder:PATH"``, else DATA_DIR/prints)."""
    kind, _, where = (p.config.printer if p.config else "").partition(":")
    return Path(where) if kind == "folder" and where else p.data_dir / "prints"


def check_system(p: Patient) -> Iterable[Check]:
    """The running system against the oldest one this build's Qt libraries accept."""
    from terminal import os_floor  # reads a few libraries: only when the doctor asks

    needed = os_floor.glibc_needed(os_floor.qt_libraries())
    running = os_floor.glibc_running()
    said = {
        "system": os_floor.system_name(),
        "running": os_floor.shown(running),
        "needed": os_floor.shown(needed),
    }
    if needed is not None and running is not None and running < needed:
        yield failure("system", tr("doctor.system.too_old", **said), tr("doctor.fix.system"))
    elif needed is None or running is None:
        yield warning("system", tr("doctor.system.unknown", **said), tr("doctor.fix.system"))
    else:
        yield ok("system", tr("doctor.system.ok", **said))


CORE_CHECKS: list[Checker] = [
    check_system,
    check_config,
    check_data_dir,
    check_store,
    check_modes,
    check_calendar,
    check_font,
]


def plugin_checks() -> list[Checker]:
    found: list[Checker] = []
    for ep in entry_points(group="tongban.doctor"):
        found.append(ep.load())
    return found


def examine(p: Patient, checkers: Iterable[Checker] | None = None) -> list[Check]:
    results: list[Check] = []
    for checker in checkers if checkers is not None else [*CORE_CHECKS, *plugin_checks()]:
        try:
            results.extend(checker(p))
        except Exception as e:  # a broken check is itself a finding, never a crash
            name = getattr(checker, "__name__", "check")
            results.append(
                failure(
                    name,
                    tr("doctor.check_crashed", error=f"{type(e).__name__}: {e}"),
                    tr("doctor.fix.report"),
                )
            )
    return results


def worst(checks: Iterable[Check]) -> Status:
    statuses = {c.status for c in checks}
    for s in (Status.FAILURE, Status.WARNING):
        if s in statuses:
            return s
    return Status.OK
