"""Schema v6: 好差评 at the kiosk for cases this terminal does not hold (accepted at a counter).

``ratings.case_id`` references a local case, and a kiosk holds none of the counters'
cases; these rows name the portal's case id instead, found by the citizen's receipt
and last four. The last four travel in the outbox body only, never in this table.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v6_hall_ratings(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE hall_ratings (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER hall_ratings_kept BEFORE DELETE ON hall_ratings
        BEGIN SELECT RAISE(ABORT, 'ratings are kept'); END;
        CREATE TRIGGER hall_ratings_fixed BEFORE UPDATE ON hall_ratings
        BEGIN SELECT RAISE(ABORT, 'a rating is not changed'); END;
        """
    )
