"""Schema versions by ``PRAGMA user_version``: the steps (terminal/schema_steps.py), each in one transaction.

Never edit a migration that has shipped: add the next one. tests/test_migrations.py
upgrades files written by every earlier version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from terminal.i18n import TongbanError
from terminal.schema_steps import (
    Script,
    v1_foundation,
    v2_cases,
    v3_sync,
    v4_ratings,
    v5_queue,
    v6_hall_ratings,
    v7_catalogue_documents,
)
from terminal.schema_v8 import v8_signed_answers
from terminal.schema_v9 import v9_reconfirm_after_portal_restore


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
