"""The local store: one SQLite file, WAL, synchronous=FULL, readable by its owner alone.

Every write goes through ``Store.write()``: one ``BEGIN IMMEDIATE`` transaction
that commits or rolls back whole, so a case, its outbox row and its journal
entry land together or not at all, even when the power goes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from terminal import migrations
from terminal.i18n import TongbanError

DB_FILENAME = "tongban.db"


class StoreError(TongbanError):
    pass


class Store:
    """One connection to the store. Use one per thread; SQLite serialises the writers."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: Any = None

    @property
    def db(self) -> Any:
        """sqlite-utils over the same connection; imported on first use (it costs ~45 ms at start)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One durable transaction; sqlite-utils calls inside it nest as savepoints."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite opens it; its -wal and -shm files copy that mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=10.0, check_same_thread=True)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as e:
        raise StoreError("store.unreadable", path=str(path), error=str(e)) from None
    return conn


def open_store(path: Path, *, migrate: bool = True, target: int | None = None) -> Store:
    """Open (creating if needed) and bring the schema up to date.

    Opening reads nothing proportional to the store's size: no counts, no
    integrity scan (``tongban doctor`` does that on request).
    """
    store = Store(path, connect(path))
    if migrate:
        migrations.upgrade(store.conn, target=target)
    else:
        migrations.refuse_newer(store.conn)
    return store
