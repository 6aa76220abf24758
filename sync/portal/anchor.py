"""The terminals' journal heads, kept by the portal: a journal rebuilt, rolled back or
truncated on a terminal is caught even when its own chain is consistent.

Each sync pass a terminal reports its head (seq, hash) and the head the portal last
acknowledged to it (``since``). The portal moves its kept head forward only when
``since`` is exactly what it keeps: a terminal whose journal (and sync state) came back
from a backup, or was started afresh, cannot say that, and gets a signed 409
``journal-fork`` naming only the kept entry's number, never its hash: to continue, a
terminal must show the hash of that entry from its own journal, which a rebuilt or
rolled-back journal does not have, even in the hands of someone holding the terminal's
key. The kept head stays where it was until the portal's operators, having looked,
reset it (``/admin/journal-heads/{terminal_id}/reset``).
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from sync.portal.auth import Terminal
from sync.portal.intake import owner
from sync.portal.problems import Problem, field_error

_HASH = re.compile("[0-9a-f]{64}")


def _head(value: Any, field: str) -> dict[str, Any]:
    if (
        not isinstance(value, dict)
        or set(value) != {"seq", "hash"}
        or not isinstance(value["seq"], int)
        or isinstance(value["seq"], bool)
        or value["seq"] < 0
        or not isinstance(value["hash"], str)
        or not _HASH.fullmatch(value["hash"])
    ):
        raise Problem("invalid-request", {"errors": [field_error(field, "not_a_journal_head")]})
    return {"seq": value["seq"], "hash": value["hash"]}


def kept(conn: sqlite3.Connection, terminal: Terminal) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT seq, hash FROM journal_heads WHERE owner = ?", (owner(terminal),)
    ).fetchone()
    return None if row is None else {"seq": int(row["seq"]), "hash": str(row["hash"])}


def report(conn: sqlite3.Connection, terminal: Terminal, body: Any, now: float) -> dict[str, Any]:
    """Move the kept head to the reported one if the terminal names the kept one as ``since``."""
    if not isinstance(body, dict) or not {"seq", "hash"} <= set(body) <= {"seq", "hash", "since"}:
        raise Problem("invalid-request", {"errors": [field_error("", "not_a_journal_report")]})
    head = _head({"seq": body["seq"], "hash": body["hash"]}, "")
    since = None if body.get("since") is None else _head(body["since"], "since")
    have = kept(conn, terminal)
    repeat = have == head
    continues = have is None or (since == have and head["seq"] >= have["seq"])
    if not (repeat or continues):
        assert have is not None
        raise Problem("journal-fork", {"kept_seq": have["seq"]}, seq=have["seq"])
    conn.execute(
        "INSERT INTO journal_heads (owner, terminal_id, seq, hash, reported_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET seq = excluded.seq,"
        " hash = excluded.hash, reported_at = excluded.reported_at",
        (owner(terminal), terminal.terminal_id, head["seq"], head["hash"], now),
    )
    return {"kept": head}


def look(
    terminal_kept: dict[str, Any] | None, seq: str | None, digest: str | None
) -> dict[str, Any]:
    """What ``journal verify`` may learn: the kept entry's number, and whether the hash it
    shows for that entry is the kept one (never the kept hash itself)."""
    kept_seq = None if terminal_kept is None else terminal_kept["seq"]
    holds = None
    if terminal_kept is not None and seq is not None and digest is not None:
        holds = seq == str(terminal_kept["seq"]) and digest == terminal_kept["hash"]
    return {"kept_seq": kept_seq, "holds": holds}


def reset(conn: sqlite3.Connection, terminal_id: str, now: float) -> dict[str, Any]:
    """The portal's operators, after looking at a fork, let the terminal anchor afresh."""
    done = conn.execute("DELETE FROM journal_heads WHERE terminal_id = ?", (terminal_id,))
    return {"terminal_id": terminal_id, "reset": done.rowcount}
