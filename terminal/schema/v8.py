"""Schema v8: an outbox row is sent only on the portal's signed answer, which is kept.

Before v8 a row was marked sent on any readable 2xx, and something that was not
the portal (a captive portal, a gateway) could settle a case the portal never
saw. From v8 on:

- ``portal_answers`` keeps every signed answer that settled a row (its nonce, key,
  status, the portal's clock, the body and the portal's HMAC), so who said it can be
  checked again later with the terminal's secret;
- ``outbox.answer_id`` names that answer, and a trigger refuses to mark a row sent
  without one;
- "sent is final" holds for rows with a signed answer; rows marked sent before v8
  carry no proof, so they go back to pending and are confirmed with the portal
  under their own idempotency keys (the portal replays its first answer to a row it
  has, and takes one it never saw). Their cases keep their state meanwhile.
"""

from __future__ import annotations

from terminal.schema.script import Script


def v8_signed_answers(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE portal_answers (
            id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,
            key_id TEXT NOT NULL,  -- the terminal key the answer is signed with
            path TEXT NOT NULL,
            nonce TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            status INTEGER NOT NULL,
            portal_time TEXT NOT NULL,
            body BLOB NOT NULL,
            signature TEXT NOT NULL
        );
        ALTER TABLE outbox ADD COLUMN answer_id INTEGER REFERENCES portal_answers (id);
        DROP TRIGGER outbox_sent_is_final;
        UPDATE outbox SET state = 'pending', attempts = 0, sent_at = NULL,
            last_error = '{"id": "sync.reason.reconfirm", "params": {}}'
            WHERE state = 'sent';
        -- Sent is final once the portal signed for it: such a row is never queued again.
        CREATE TRIGGER outbox_sent_is_final BEFORE UPDATE OF state ON outbox
        WHEN OLD.state = 'sent' AND NEW.state != 'sent'
        BEGIN SELECT RAISE(ABORT, 'a sent outbox row stays sent'); END;
        -- And only the portal's signed answer makes a row sent.
        CREATE TRIGGER outbox_sent_needs_answer BEFORE UPDATE OF state ON outbox
        WHEN NEW.state = 'sent' AND NEW.answer_id IS NULL
        BEGIN SELECT RAISE(ABORT, 'a row is sent only on the portal''s signed answer'); END;
        CREATE TRIGGER portal_answers_kept BEFORE DELETE ON portal_answers
        BEGIN SELECT RAISE(ABORT, 'a portal answer is proof and is kept'); END;
        """
    )
