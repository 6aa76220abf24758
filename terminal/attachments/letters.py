"""The 委托书 an agent collected a result on (出件, issue 16), kept as the handover's attachment.

Listed in the transaction that records the handover the portal confirmed (terminal/handover.py),
so the local sweep of unlisted scans never takes it, and queued for upload like a case's scan
(sync/attachments/upload.py): the portal takes it because its handover names the hash and size.

Only a handover the portal confirmed lists its letter. One the portal refused (another window
won) records nothing: that letter justified no handover, the portal would refuse the file (no
record of it names the hash), and it is a citizen's paper kept for no purpose; it goes with
the other unlisted scans after ``draft_keep_days``.
"""

from __future__ import annotations

import sqlite3

from terminal.attachments.model import Attachment
from terminal.attachments.records import queue_upload

# The material code of the letter captured at 出件, here and at the portal (its listing).
LETTER_MATERIAL = "HANDOVER-WTS"


def record(conn: sqlite3.Connection, handover_id: str, case_id: str, letter: Attachment) -> None:
    """List the letter of one handover (its outbox row, by key) and queue its upload; inside
    the handover's transaction. The same handover recorded again lists it once."""
    if not conn.in_transaction:
        raise RuntimeError("a handover's letter is recorded inside its transaction")
    listed = conn.execute(
        "INSERT INTO handover_letters (handover_id, case_id, sha256, material, pages, size,"
        " captured_by, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (handover_id) DO NOTHING",
        (handover_id, case_id, letter.sha256, letter.material, letter.pages, letter.size,
         letter.captured_by, letter.captured_at),
    ).rowcount  # fmt: skip
    if listed:
        queue_upload(conn, case_id, letter)


def of_handover(conn: sqlite3.Connection, handover_id: str) -> Attachment | None:
    row = conn.execute(
        "SELECT material, sha256, pages, size, captured_by, captured_at FROM handover_letters"
        " WHERE handover_id = ?",
        (handover_id,),
    ).fetchone()
    return None if row is None else Attachment(*tuple(row))
