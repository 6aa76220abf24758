"""Schema v7: The portal's catalogue versions, fetched and checked (terminal/catalogue_versions.py).

``state``: announced (in the feed, not fetched yet), ready (its document matched the
announced SHA-256 and passed the catalogue's checks) or refused (``problem`` says why).

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v7_catalogue_documents(conn: Script) -> None:
    conn.executescript(
        """
        ALTER TABLE portal_catalogues ADD COLUMN state TEXT NOT NULL DEFAULT 'announced'
            CHECK (state IN ('announced', 'ready', 'refused'));
        ALTER TABLE portal_catalogues ADD COLUMN document TEXT;
        ALTER TABLE portal_catalogues ADD COLUMN problem TEXT;
        ALTER TABLE portal_catalogues ADD COLUMN settled_at TEXT;
        """
    )
