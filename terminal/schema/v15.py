"""Schema v15: the 委托书 of a handover (出件, issue 16) is kept as an attachment.

An agent collects a licence on the applicant's 委托书, captured at the counter. Until now only
its hash went with the handover, and the file itself was swept a week later as a scan no case
lists (terminal/attachments/unlisted.py). ``handover_letters`` lists it, one row per handover,
written in the transaction that records the handover (terminal/handover.py), tied to that
handover's outbox row by its key; its upload is an ``attachment_uploads`` row like any scan's.

The 出件 window seldom holds the case (it is another counter's), so ``handover_letters.case_id``
names the portal's case, not a row of ``cases``, and ``attachment_uploads.first_case`` no longer
refers to ``cases`` either: the table is rebuilt without that reference, its rows, indexes and
triggers as they were (SQLite cannot drop a reference in place).

Shipped: never edit it; add the next version (terminal/migrations.py runs them).
"""

from __future__ import annotations

from terminal.schema.script import Script


def v15_handover_letters(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE handover_letters (
            handover_id TEXT PRIMARY KEY REFERENCES outbox (idempotency_key),
            case_id TEXT NOT NULL,
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            material TEXT NOT NULL,
            pages INTEGER NOT NULL CHECK (pages > 0),
            size INTEGER NOT NULL CHECK (size > 0),
            captured_by TEXT NOT NULL,
            captured_at TEXT NOT NULL
        );
        CREATE INDEX handover_letters_by_hash ON handover_letters (sha256);
        CREATE INDEX handover_letters_by_case ON handover_letters (case_id);
        CREATE TABLE attachment_uploads_v15 (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            size INTEGER NOT NULL,
            first_case TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'confirmed', 'lost')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            confirmed_at TEXT,
            answer_id INTEGER REFERENCES portal_answers (id),
            removed_at TEXT
        );
        INSERT INTO attachment_uploads_v15 (sha256, size, first_case, state, attempts,
            last_error, confirmed_at, answer_id, removed_at)
        SELECT sha256, size, first_case, state, attempts, last_error, confirmed_at, answer_id,
            removed_at FROM attachment_uploads ORDER BY rowid;
        DROP TABLE attachment_uploads;
        ALTER TABLE attachment_uploads_v15 RENAME TO attachment_uploads;
        CREATE INDEX attachment_uploads_waiting ON attachment_uploads (state, first_case);
        CREATE INDEX attachment_uploads_kept ON attachment_uploads (confirmed_at)
            WHERE state = 'confirmed' AND removed_at IS NULL;
        CREATE TRIGGER attachment_confirmed_needs_answer BEFORE UPDATE OF state
        ON attachment_uploads WHEN NEW.state = 'confirmed' AND NEW.answer_id IS NULL
        BEGIN SELECT RAISE(ABORT, 'a file is confirmed only on the portal''s signed answer'); END;
        CREATE TRIGGER attachment_confirmed_is_final BEFORE UPDATE OF state
        ON attachment_uploads WHEN OLD.state = 'confirmed' AND NEW.state != 'confirmed'
        BEGIN SELECT RAISE(ABORT, 'a confirmed file stays confirmed'); END;
        CREATE TRIGGER attachment_removed_only_confirmed BEFORE UPDATE OF removed_at
        ON attachment_uploads WHEN NEW.removed_at IS NOT NULL AND NEW.state != 'confirmed'
        BEGIN SELECT RAISE(ABORT, 'a file is removed only once the portal confirmed it'); END;
        """
    )
