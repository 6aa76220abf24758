"""The local store: one SQLite file, WAL, synchronous=FULL, readable by its owner alone.

Every write goes through ``Store.write()``: one ``BEGIN IMMEDIATE`` transaction
that commits or rolls back whole, so a case, its outbox row and its journal
entry land together or not at all, even when the power goes.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from terminal import failures, migrations
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


# Written into the file's header at creation (PRAGMA application_id): "TBN1".
APPLICATION_ID = 0x54424E31
_OUR_TABLES = {"meta", "journal"}


def _create_private(path: Path) -> None:
    """Create the file 0600 before SQLite opens it; its -wal and -shm files copy that mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def refuse_unusable_file(path: Path, *, write: bool = True) -> None:
    """Missing, zero-length or not ours to read and write: refused before SQLite sees it,
    because SQLite would happily turn any of them into a fresh, empty store. ``write=False``:
    reading is enough (a store on a disk that went read-only, opened to get the data off)."""
    data_dir = str(path.parent)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise StoreError("store.not_initialised", path=str(path), data_dir=data_dir) from None
    except OSError as e:
        raise StoreError("store.no_access", path=str(path), error=e.strerror or str(e)) from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError("store.foreign", path=str(path), data_dir=data_dir, reason="not a file")
    if info.st_size == 0:
        raise StoreError("store.empty", path=str(path), data_dir=data_dir)
    if not os.access(path, os.R_OK):
        raise StoreError("store.no_access", path=str(path), error="permission denied")
    if write and not os.access(path, os.W_OK):
        if failures.disk_read_only(path):  # not a permission to fix: the disk itself
            raise failures.read_only_disk(path)
        raise StoreError("store.no_access", path=str(path), error="permission denied")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, for reading a store or a backup wherever it lies.

    On a read-only disk a WAL store whose ``-shm`` file is gone cannot be opened with
    ``mode=ro`` (SQLite would have to create it): it is opened ``immutable`` instead, which
    reads the main file alone (a ``-wal`` left by a crash is then not seen, but it cannot be
    replayed on that disk anyway: copy the folder off whole for support).
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not failures.disk_read_only(path):
            raise
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def connect(path: Path, *, create: bool = False, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path``. Only ``create=True`` (``tongban init``,
    ``tongban restore``) may make a new file; an existing one is checked either way.
    ``read_only``: a connection that never writes (backups, and every command while the
    disk is read-only); a write through it fails with the read-only disk's sentence."""
    if create and not os.path.lexists(path):
        _create_private(path)
    else:
        refuse_unusable_file(path, write=not read_only)
    try:
        conn = (
            connect_read_only(path)
            if read_only
            else sqlite3.connect(path, timeout=10.0, check_same_thread=True)
        )
        conn.row_factory = sqlite3.Row
        try:  # before anything writes: switching to WAL alone would rewrite a foreign header
            refuse_foreign(conn, path, create=create and not read_only)
        except BaseException:
            conn.close()
            raise
        if not read_only:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            raise StoreError(
                "store.foreign", path=str(path), data_dir=str(path.parent), reason=str(e)
            ) from None
        raise _unreadable(e, path) from None
    return conn


def _unreadable(error: sqlite3.Error, path: Path) -> TongbanError:
    """A full disk or a read-only folder says so; only a damaged file points to a backup."""
    return failures.as_error(error, path) or StoreError(
        "store.unreadable", path=str(path), error=str(error)
    )


def refuse_foreign(conn: sqlite3.Connection, path: Path, *, create: bool) -> None:
    """A SQLite file of another program, or a half-made one, is not opened as ours."""
    data_dir = str(path.parent)
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id not in (0, APPLICATION_ID):
        raise StoreError("store.foreign", path=str(path), data_dir=data_dir, reason="application")
    if version == 0 and tables:
        raise StoreError("store.foreign", path=str(path), data_dir=data_dir, reason="tables")
    if version > 0 and not tables >= _OUR_TABLES:
        raise StoreError("store.foreign", path=str(path), data_dir=data_dir, reason="no journal")
    if version == 0 and not create:  # an init cut off before its first step: run init again
        raise StoreError("store.not_initialised", path=str(path), data_dir=data_dir)
    if version == 0:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def open_store(
    path: Path,
    *,
    create: bool = False,
    migrate: bool = True,
    target: int | None = None,
    read_only: bool = False,
) -> Store:
    """Open an existing store and bring its schema up to date; ``create=True`` (only for
    ``tongban init`` and what stands in for it in tests and the demo) may make a new one.

    A missing, zero-length, foreign or unreadable file raises ``StoreError`` naming the path
    and what to do; nothing is written to it. Opening reads nothing proportional to the
    store's size: no counts, no integrity scan (``tongban doctor`` does that on request).
    ``read_only``: never written, not migrated (a disk gone read-only: get the data off).
    """
    store = Store(path, connect(path, create=create, read_only=read_only))
    try:
        if migrate and not read_only:
            migrations.upgrade(store.conn, target=target)
        else:
            migrations.refuse_newer(store.conn)
    except sqlite3.DatabaseError as e:  # damaged past its header: doctor and restore
        store.close()
        raise _unreadable(e, path) from None
    except BaseException:
        store.close()
        raise
    return store
