"""A decided case's attachments in the store, written with the case (terminal/casebook.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from terminal.attachments.model import Attachment


def record(conn: sqlite3.Connection, case_id: str, attachments: Sequence[Attachment]) -> None:
    """The case's files, and one upload row per file not yet known (a file two cases share
    goes to the portal once). Inside the transaction that records the case.

    A file marked lost (gone from disk before its turn) whose bytes are captured again for
    this case is pending again: they are on disk now (put_file stored them before the
    decision), and otherwise neither case's file would ever reach the portal. Its refusals
    are counted afresh too: one the portal stopped being offered (sync/attachments) is
    offered again with the new case."""
    if not conn.in_transaction:
        raise RuntimeError("attachments are recorded inside the case's transaction")
    for a in attachments:
        conn.execute(
            "INSERT INTO case_attachments (case_id, sha256, material, pages, size, captured_by,"
            " captured_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case_id, a.sha256, a.material, a.pages, a.size, a.captured_by, a.captured_at),
        )
        queue_upload(conn, case_id, a)


def queue_upload(conn: sqlite3.Connection, case_id: str, a: Attachment) -> None:
    """The file's upload row (``record``'s rules): one per hash, pending again when lost."""
    conn.execute(
        "INSERT INTO attachment_uploads (sha256, size, first_case) VALUES (?, ?, ?)"
        " ON CONFLICT (sha256) DO UPDATE SET removed_at = NULL, state = CASE state"
        " WHEN 'lost' THEN 'pending' ELSE state END, last_error = CASE state"
        " WHEN 'lost' THEN NULL ELSE last_error END, attempts = CASE state"
        " WHEN 'confirmed' THEN attempts ELSE 0 END",
        (a.sha256, a.size, case_id),
    )


def journaled(attachments: Sequence[Attachment]) -> list[dict[str, Any]]:
    """What the journal keeps of each file: its hash, its material, who captured it, when."""
    return [
        {
            "sha256": a.sha256,
            "material": a.material,
            "captured_by": a.captured_by,
            "captured_at": a.captured_at,
        }
        for a in attachments
    ]


def of_case(conn: sqlite3.Connection, case_id: str) -> list[Attachment]:
    rows = conn.execute(
        "SELECT material, sha256, pages, size, captured_by, captured_at FROM case_attachments"
        " WHERE case_id = ? ORDER BY rowid",
        (case_id,),
    ).fetchall()
    return [Attachment(*tuple(r)) for r in rows]
