"""Backup and restore of the store: online and consistent through SQLite's backup API.

A restore never silently drops cases the portal has not received: it counts
the unsent rows in the store it would replace and refuses without ``force``.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from terminal import migrations
from terminal.i18n import TongbanError
from terminal.store import connect


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
    if not db_path.exists():
        raise BackupError("backup.no_store", path=str(db_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tongban-backup-", suffix=".db")
    os.close(fd)
    os.chmod(tmp, 0o600)
    source = connect(db_path)
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest, pages=1024)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
    finally:
        source.close()
    os.replace(tmp, target)
    return inspect(target)


def restore(backup_path: Path, db_path: Path, *, force: bool = False) -> BackupInfo:
    """Replace the store with a backup; refuse to lose unsent cases unless forced."""
    info = inspect(backup_path)
    if info.schema_version > migrations.LATEST:
        raise BackupError(
            "store.schema_too_new", found=info.schema_version, supported=migrations.LATEST
        )
    if db_path.exists() and not force:
        current = inspect(db_path)
        if current.unsent:
            raise BackupError("backup.would_lose_unsent", count=current.unsent, path=str(db_path))
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        dest = connect(db_path)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return inspect(db_path)
