"""Schema v9: a sent row may go back to pending for one reason only, a portal restored.

A portal restored from a backup has forgotten what it acknowledged after the
backup. The terminal sees it when the portal's change numbers go back below its
cursor (sync/feed/pull.py); every outbox row the portal acknowledged with a number
above the portal's present top is then no longer at the portal. "Sent is final"
would leave those cases missing there for good, silently.

From v9 a sent row may go back to pending only with the reason
``sync.reason.reconfirm_restored`` as its ``last_error`` and without an answer:
sync/cases/outbox.py writes exactly that, journaled, and the row is confirmed again
under its own idempotency key (the portal replays its answer if it has the case,
takes it if not). The old signed answer stays in ``portal_answers`` (never deleted).
Any other way back from sent is still refused by the store itself.

Likewise a sync cursor may move back only while the pull is paused for a portal
that went back, and no lower than where the portal's numbers went back to.
"""

from __future__ import annotations

from terminal.schema.script import Script

# The one reason a sent row may be pending again (sync/cases/outbox.py writes it).
RESTORED_REASON = "sync.reason.reconfirm_restored"
# While this row is in sync_cursors the main pull is paused: the portal's numbers went back
# to its ``last_seq``. Only IT resumes (sync/cases/reconfirm.py).
PAUSED_FEED = "portal-went-back"


def v9_reconfirm_after_portal_restore(conn: Script) -> None:
    conn.executescript(
        f"""
        DROP TRIGGER outbox_sent_is_final;
        CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF state ON outbox
        WHEN OLD.state = 'sent' AND NEW.state != 'sent' AND NOT (
            NEW.state = 'pending' AND NEW.answer_id IS NULL
            AND json_valid(NEW.last_error)
            AND json_extract(NEW.last_error, '$.id') = '{RESTORED_REASON}')
        BEGIN SELECT RAISE(ABORT, 'a sent outbox row stays sent'); END;
        -- A cursor moves back only to the number a restored portal went back to, while
        -- the pull is paused for it (sync/cases/reconfirm.py, "resume"): never past it.
        DROP TRIGGER sync_cursor_forward;
        CREATE TRIGGER sync_cursor_forward BEFORE UPDATE OF last_seq ON sync_cursors
        WHEN NEW.last_seq < OLD.last_seq AND NOT (
            NEW.feed != '{PAUSED_FEED}' AND NEW.last_seq >= (
                SELECT last_seq FROM sync_cursors WHERE feed = '{PAUSED_FEED}'))
        BEGIN SELECT RAISE(ABORT, 'a sync cursor never moves back'); END;
        """
    )
