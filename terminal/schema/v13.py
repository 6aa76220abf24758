"""Schema v13: the portal's working-day calendars (terminal/calendar_versions.py), kept as
the catalogue's versions are (v3, v7): announced by the signed feed with the SHA-256 of
their document, then fetched and settled ready (the bytes match and every check of
terminal/calendar_rules.py passes) or refused (``problem`` says why). Every version stays.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v13_portal_calendars(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE portal_calendars (
            version TEXT PRIMARY KEY,
            published_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            portal_seq INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'announced'
                CHECK (state IN ('announced', 'ready', 'refused')),
            document TEXT,
            problem TEXT,
            settled_at TEXT
        );
        """
    )
