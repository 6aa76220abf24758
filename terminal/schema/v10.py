"""Schema v10: captured materials (issue 15), by hash, and their upload to the portal.

- ``case_attachments``: each decided case's PDFs, one row per material file, written in the
  transaction that records the case (terminal/casebook.py); never changed after.
- ``attachment_uploads``: one row per distinct file (a hash two cases share goes once).
  It is 'pending' until the portal's signed answer says the portal holds the whole file
  (then 'confirmed', naming that answer, like a sent outbox row: schema v8), or 'lost'
  when the file is not on this terminal when its turn comes (journaled, shown by doctor).
  ``removed_at``: the local copy was deleted by retention, which the store allows only for
  a confirmed file.
"""

from __future__ import annotations

from terminal.schema.script import Script


def v10_attachments(conn: Script) -> None:
    conn.executescript(
        """
        CREATE TABLE case_attachments (
            case_id TEXT NOT NULL REFERENCES cases (id),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            material TEXT NOT NULL,
            pages INTEGER NOT NULL CHECK (pages > 0),
            size INTEGER NOT NULL CHECK (size > 0),
            captured_by TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            PRIMARY KEY (case_id, sha256)
        );
        CREATE INDEX case_attachments_by_hash ON case_attachments (sha256);
        CREATE TABLE attachment_uploads (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            size INTEGER NOT NULL,
            first_case TEXT NOT NULL REFERENCES cases (id),
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'confirmed', 'lost')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            confirmed_at TEXT,
            answer_id INTEGER REFERENCES portal_answers (id),
            removed_at TEXT
        );
        CREATE INDEX attachment_uploads_waiting ON attachment_uploads (state, first_case);
        -- What retention looks at every sync pass: only the files still here, by age.
        CREATE INDEX attachment_uploads_kept ON attachment_uploads (confirmed_at)
            WHERE state = 'confirmed' AND removed_at IS NULL;
        -- As for a case: the portal's signed answer confirms a file, and that is final.
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
