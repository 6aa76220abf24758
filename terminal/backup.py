"""Backup and restore of the store: online and consistent through SQLite's backup API.

A restore never destroys the store it replaces: a working store is first copied
whole to ``tongban.db.replaced-<time>`` (0600) beside it, an unusable one is moved
to ``tongban.db.unusable-<time>``. It refuses without ``force`` to drop cases the
portal has not received, or to take the store back to an older state (more cases
or a longer journal than the backup has), and it refuses a backup made on another
terminal outright.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from terminal import failures, journal, migrations
from terminal.heartbeat import NOT_HEARTBEAT
from terminal.i18n import TongbanError
from terminal.store import StoreError, connect, connect_read_only, open_store


class BackupError(TongbanError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    cases: int
    unsent: int
    journal_entries: int
    journal_head: int = 0
    terminal: str = ""  # the terminal that wrote its newest journal entry


def inspect(path: Path) -> BackupInfo:
    try:
        conn = connect_read_only(path)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("backup.damaged", path=str(path))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            cases = _count(conn, "SELECT count(*) FROM cases")
            unsent = _count(
                conn, f"SELECT count(*) FROM outbox WHERE state != 'sent' AND {NOT_HEARTBEAT}"
            )
            entries = _count(conn, "SELECT count(*) FROM journal")
            head = _count(conn, "SELECT coalesce(max(seq), 0) FROM journal")
            terminal = _terminal(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise BackupError("backup.not_a_store", path=str(path), error=str(e)) from None
    return BackupInfo(path, version, cases, unsent, entries, head, terminal)


def _terminal(conn: sqlite3.Connection) -> str:
    try:
        row = conn.execute("SELECT terminal FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        return ""
    return str(row[0]) if row else ""


def _count(conn: sqlite3.Connection, sql: str) -> int:
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # an older schema without that table
        return 0


def backup(db_path: Path, target: Path) -> BackupInfo:
    """Copy the live store to ``target`` while the program may be writing (a consistent snapshot)."""
    # Missing, empty or foreign: refused like everywhere else. On a failing disk (remounted
    # read-only) the store is read read-only, so it can still be copied off to another one;
    # elsewhere a writable connection, whose close checkpoints and tidies the -wal file.
    source = connect(db_path, read_only=failures.disk_read_only(db_path))
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tongban-backup-", suffix=".db")
        os.close(fd)
        try:
            os.chmod(tmp, 0o600)  # it holds every applicant's name and ID number
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest, pages=1024)
                dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dest.close()
            os.replace(tmp, target)
        except BaseException as e:  # a full disk or a kill: no half-written copy is left behind
            for leftover in (tmp, tmp + "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(leftover)
            # SQLite's errors name no file: the sentence names the backup's folder.
            found = failures.as_error(e, target.parent) if isinstance(e, Exception) else None
            if found is not None:
                raise found from e
            raise
    finally:
        source.close()
    return inspect(target)


def restore(
    backup_path: Path,
    db_path: Path,
    *,
    actor: str,
    terminal: str,
    at: datetime,
    force: bool = False,
) -> Restored:
    """Replace the store with a backup, keeping the store it replaces beside it.

    Refused: a backup of another terminal (always); without ``force``, a current store with
    unsent rows, or one that is ahead of the backup (more cases, a longer journal). A store
    file that cannot be opened (empty, foreign) is moved aside, a working one copied aside
    whole; the restore is journaled in the restored store, naming who did it.
    """
    info = inspect(backup_path)
    if info.schema_version > migrations.LATEST:
        raise BackupError(
            "store.schema_too_new", found=info.schema_version, supported=migrations.LATEST
        )
    if info.schema_version < 1:
        raise BackupError("backup.not_a_store", path=str(backup_path), error="no schema")
    if info.terminal and info.terminal != terminal:
        raise BackupError(
            "backup.other_terminal", path=str(backup_path), found=info.terminal, expected=terminal
        )
    set_aside = _set_aside_unusable(db_path, at)
    replaced: Path | None = None
    if db_path.exists():
        current = inspect(db_path)
        if current.unsent and not force:
            raise BackupError("backup.would_lose_unsent", count=current.unsent, path=str(db_path))
        ahead = current.cases > info.cases or current.journal_head > info.journal_head
        if ahead and not force:
            raise BackupError(
                "backup.older",
                path=str(backup_path),
                cases=info.cases,
                head=info.journal_head,
                current_cases=current.cases,
                current_head=current.journal_head,
            )
        # Whatever the checks said, the store being replaced is kept, whole and consistent.
        replaced = _free_name(db_path, "replaced", at)
        backup(db_path, replaced)
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        dest = connect(db_path, create=True)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    kept = replaced or set_aside
    with open_store(db_path) as store, store.write():
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="store.restored",
            subject=terminal,
            details={
                "backup": backup_path.name,
                "forced": force,
                **({"set_aside": set_aside.name} if set_aside else {}),
                **({"replaced": replaced.name} if replaced else {}),
            },
        )
    return Restored(inspect(db_path), kept)


@dataclass(frozen=True)
class Restored:
    info: BackupInfo
    kept: Path | None  # where the store it replaced now is (None: there was none)


def _free_name(db_path: Path, why: str, at: datetime) -> Path:
    """``tongban.db.<why>-<time>``, with a counter when two restores share a second."""
    base = f"{db_path.name}.{why}-{at.strftime('%Y%m%d-%H%M%S')}"
    candidate, n = db_path.with_name(base), 1
    while os.path.lexists(candidate):
        n += 1
        candidate = db_path.with_name(f"{base}-{n}")
    return candidate


def _set_aside_unusable(db_path: Path, at: datetime) -> Path | None:
    """Move a store file that cannot be opened (and its -wal/-shm) to a dated name beside it."""
    if not os.path.lexists(db_path):
        return None
    try:
        open_store(db_path, migrate=False).close()
        inspect(db_path)  # a readable header over damaged pages is no store to copy either
        return None
    except StoreError as e:
        if e.msg_id == "store.no_access":
            raise  # not ours to move either: the message says how to get it back
    except BackupError:
        pass
    aside = _free_name(db_path, "unusable", at)
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if os.path.lexists(side):
            os.replace(side, Path(str(aside) + suffix))
            with contextlib.suppress(OSError):  # it may hold every applicant's data
                os.chmod(Path(str(aside) + suffix), 0o600)
    return aside
