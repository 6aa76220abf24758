"""Schema v11: calls for help raised at a kiosk (呼叫工作人员), as the clerks' panels see
them; and the name a case prints as its 经办人.

A call is the kiosk's: its id is minted there, and the portal feeds it to the hall
(``queue.help``). A call raised while the portal did not answer stays in this store
(origin 'local') and is never sent later: a call for help that arrives an hour late
sends a clerk to nobody. The citizen is told so at once and sent to the help desk.

A case's ``clerk`` is a login id (``zhao.min``). A notice prints the clerk's name, looked
up among this terminal's accounts; a case imported from paper was accepted by a clerk who
may have no account here, and then the login id printed. ``clerk_name`` keeps the name
the case was recorded with (the import's, or the account's at that moment); NULL: look
it up when printing, as before.

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v11_help_calls(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE queue_help (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            place TEXT NOT NULL,
            raised_by TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('open', 'coming', 'done')),
            window_no INTEGER,
            answered_at TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('local', 'portal')),
            portal_seq INTEGER NOT NULL DEFAULT 0,
            change_no INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX queue_help_by_day ON queue_help (day, state);
        ALTER TABLE cases ADD COLUMN clerk_name TEXT;
        """
    )
