"""Writes tests/data/store-v1.db: a store as schema version 1 left it (clerks and a journal).

Run once, when version 1 was current; the file is committed and never
rewritten, so the migration test upgrades what a real old terminal holds.
"""

from datetime import datetime
from pathlib import Path

from terminal import clerks, journal
from terminal.clock import CHINA
from terminal.store import open_store

path = Path(__file__).with_name("store-v1.db")
path.unlink(missing_ok=True)
store = open_store(path, target=1, create=True)
at = datetime(2026, 11, 20, 8, 30, tzinfo=CHINA)
with store.write():
    journal.append(
        store.conn,
        at=at,
        actor="system",
        terminal="XH-W01",
        action="store.created",
        subject="XH-W01",
    )
clerks.add_clerk(
    store,
    username="test.clerk",
    display_name="测试员",
    role=clerks.Role.CLERK,
    password="correct horse",
    actor="cli",
    terminal="XH-W01",
    at=at,
)
store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
store.conn.execute("PRAGMA journal_mode=DELETE")
store.close()
print(path, path.stat().st_size)
