"""Backup and restore of the store: online and consistent through SQLite's backup API.

A restore never silently drops cases the portal has not received: it counts
the unsent rows in the store it would replace and refuses without ``force``.
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
from terminal.i18n import TongbanError
from terminal.store import StoreError, connect, open_store


class BackupError(TongbanError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    cases: int
    unsent: int
    journal_entries: int


def inspect(path: Path) -> BackupInfo:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("backup.damaged", path=str(path))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            cases = _count(conn, "SELECT count(*) FROM cases")
            unsent = _count(conn, "SELECT count(*) FROM outbox WHERE state != 'sent'")
            entries = _count(conn, "SELECT count(*) FROM journal")
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise BackupError("backup.not_a_store", path=str(path), error=str(e)) from None
    return BackupInfo(path, version, cases, unsent, entries)


def _count(conn: sqlite3.Connection, sql: str) -> int:
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # an older schema without that table
        return 0


def backup(db_path: Path, target: Path) -> BackupInfo:
    """Copy the live store to ``target`` while the program may be writing (a consistent snapshot)."""
    source = connect(db_path)  # missing, empty or foreign: refused like everywhere else
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
) -> BackupInfo:
    """Replace the store with a backup; refuse to lose unsent cases unless forced.

    A store file that cannot be opened (empty, foreign) is moved aside, never overwritten,
    and the restore is journaled in the restored store, naming who did it.
    """
    info = inspect(backup_path)
    if info.schema_version > migrations.LATEST:
        raise BackupError(
            "store.schema_too_new", found=info.schema_version, supported=migrations.LATEST
        )
    if info.schema_version < 1:
        raise BackupError("backup.not_a_store", path=str(backup_path), error="no schema")
    set_aside = _set_aside_unusable(db_path, at)
    if db_path.exists() and not force:
        current = inspect(db_path)
        if current.unsent:
            raise BackupError("backup.would_lose_unsent", count=current.unsent, path=str(db_path))
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        dest = connect(db_path, create=True)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
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
            },
        )
    return inspect(db_path)


def _set_aside_unusable(db_path: Path, at: datetime) -> Path | None:
    """Move a store file that cannot be opened (and its -wal/-shm) to a dated name beside it."""
    if not os.path.lexists(db_path):
        return None
    try:
        open_store(db_path, migrate=False).close()
        return None
    except StoreError as e:
        if e.msg_id == "store.no_access":
            raise  # not ours to move either: the message says how to get it back
    aside = db_path.with_name(f"{db_path.name}.unusable-{at.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if os.path.lexists(side):
            os.replace(side, Path(str(aside) + suffix))
    return aside
