"""What the portal's answers mean for a local case, inside the caller's transaction.

The moves themselves (state machine, journal entry, number binding) are the
core's, terminal/case_state.py; this module only reads the portal's words:
which of its states is which local state, and when its taking a row settles
a conflict. Sync writes a case, its outbox row, the cursor and the journal
together, so everything here runs on the caller's connection.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from terminal import case_state, journal
from terminal.case_machine import CaseState
from terminal.clock import stamp

ACTOR = "portal"
FROM_PORTAL = {
    "received": CaseState.SYNCED,
    "in_progress": CaseState.IN_PROGRESS,
    "completed": CaseState.COMPLETED,
    "not_approved": CaseState.NOT_APPROVED,
    "withdrawn": CaseState.WITHDRAWN,
    "conflict": CaseState.CONFLICT,
    "voided": CaseState.VOIDED,
}


def apply_portal_status(
    conn: sqlite3.Connection, case_id: str, data: dict[str, Any], at: datetime
) -> str:
    """A push answer or a feed entry about one case: number first, then state."""
    number = data.get("portal_case_no")
    if (
        isinstance(number, str)
        and number
        and case_state.bind(conn, case_id, number, actor=ACTOR, at=at) == "conflict"
    ):
        return "conflict"
    target = FROM_PORTAL.get(str(data.get("state", "received")))
    if target is None:
        return "refused"
    found = case_state.state_of(conn, case_id)
    if found is None:
        return "unknown"
    details: dict[str, Any] = {}
    conflict = data.get("conflict")
    if isinstance(conflict, dict) and isinstance(conflict.get("reason"), str):
        details["reason"] = conflict["reason"]
    _returned_elsewhere(conn, case_id, data, at)
    if target is CaseState.SYNCED and found[0] not in case_state.UNSYNCED:
        return "same"  # the portal has it: a case already further along stays where it is
    return case_state.reach(conn, case_id, target, actor=ACTOR, at=at, details=details)


def _returned_elsewhere(
    conn: sqlite3.Connection, case_id: str, data: dict[str, Any], at: datetime
) -> None:
    """The citizen came back with the missing materials at another window of the hall, which
    took the case over (review 5, finding 1): this copy's 补正 notice is answered, so it no
    longer waits for them (nor shows a red card for them), and says where and until when."""
    if data.get("event") != "materials_complete" or data.get("decision") != "accepted":
        return
    row = conn.execute(
        "SELECT decision, terminal_id FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    if row is None or row[0] != "needs_correction":
        return
    due = data.get("due_date") if isinstance(data.get("due_date"), str) else None
    conn.execute(
        "UPDATE cases SET decision = 'accepted', due_date = coalesce(?, due_date), updated_at = ?"
        " WHERE id = ?",
        (due, stamp(at), case_id),
    )
    journal.append(
        conn,
        at=at,
        actor=ACTOR,
        terminal=str(row[1]),
        action="case.returned_elsewhere",
        subject=case_id,
        details={"by_terminal": str(data.get("by_terminal") or ""), "due_date": due},
    )


def settle_conflict_on_take(conn: sqlite3.Connection, case_id: str, at: datetime) -> bool:
    """A case put in CONFLICT by the portal's signed 409 on its own row (the portal held
    other content under the case's id) whose row, released by a person, the portal has now
    taken: the conflict is over, and the case is synced. A conflict of any other origin (the
    portal's own state, two numbers for one case) is left for a person."""
    found = case_state.state_of(conn, case_id)
    if found is None or found[0] is not CaseState.CONFLICT:
        return False
    last = conn.execute(
        "SELECT details FROM journal WHERE subject = ? AND action = 'case.state'"
        " ORDER BY seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    details = json.loads(last[0]) if last else {}
    if details.get("to") != CaseState.CONFLICT.value or details.get("reason") != (
        "same_id_other_content"
    ):
        return False
    case_state.move(
        conn,
        case_id,
        CaseState.CONFLICT,
        CaseState.SYNCED,
        terminal=found[1],
        actor=ACTOR,
        at=at,
        details={"reason": "taken"},
    )
    return True
