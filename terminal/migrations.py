"""Schema versions by ``PRAGMA user_version``: one step per version (terminal/schema/vN.py),
each run in one transaction with its version bump.

Never edit a migration that has shipped: add the next one. tests/test_migrations.py
upgrades a store file written by the code of every earlier version (tests/data/stores/).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from terminal.i18n import TongbanError
from terminal.schema.script import Script as Script
from terminal.schema.v1 import v1_foundation
from terminal.schema.v2 import v2_cases
from terminal.schema.v3 import v3_sync
from terminal.schema.v4 import v4_ratings
from terminal.schema.v5 import v5_queue
from terminal.schema.v6 import v6_hall_ratings
from terminal.schema.v7 import v7_catalogue_documents
from terminal.schema.v8 import v8_signed_answers
from terminal.schema.v9 import v9_reconfirm_after_portal_restore
from terminal.schema.v10 import v10_attachments
from terminal.schema.v11 import v11_help_calls
from terminal.schema.v12 import v12_followups
from terminal.schema.v13 import v13_portal_calendars
from terminal.schema.v14 import v14_events
from terminal.schema.v15 import v15_handover_letters


class SchemaTooNew(TongbanError):
    pass


MIGRATIONS: list[Callable[[Script], None]] = [
    v1_foundation,
    v2_cases,
    v3_sync,
    v4_ratings,
    v5_queue,
    v6_hall_ratings,
    v7_catalogue_documents,
    v8_signed_answers,
    v9_reconfirm_after_portal_restore,
    v10_attachments,
    v11_help_calls,
    v12_followups,
    v13_portal_calendars,
    v14_events,
    v15_handover_letters,
]
LATEST = len(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(conn: sqlite3.Connection) -> None:
    found = version_of(conn)
    if found > LATEST:
        raise SchemaTooNew("store.schema_too_new", found=found, supported=LATEST)


def upgrade(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Apply every pending migration, each with its version bump in one transaction."""
    refuse_newer(conn)
    goal = LATEST if target is None else target
    while (current := version_of(conn)) < goal:
        step = MIGRATIONS[current]
        conn.execute("BEGIN IMMEDIATE")
        try:
            # executescript would COMMIT first; run its statements inside our transaction.
            step(Script(conn))
            conn.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return version_of(conn)
