"""Schema v4: 好差评: one rating per case, uploaded through the outbox like a case.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v4_ratings(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE ratings (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL CHECK (channel IN ('counter', 'kiosk')),
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER ratings_kept BEFORE DELETE ON ratings
        BEGIN SELECT RAISE(ABORT, 'ratings are kept'); END;
        CREATE TRIGGER ratings_fixed BEFORE UPDATE ON ratings
        BEGIN SELECT RAISE(ABORT, 'a rating is not changed'); END;
        """
    )
