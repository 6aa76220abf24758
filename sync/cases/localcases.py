"""What the portal's answers do to a local case, inside the caller's transaction.

casebook.change_state and bind_portal_number each open their own transaction;
sync must write a case, its outbox row, the cursor and the journal together,
so these do the same moves (same checks, same journal actions) inside one.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.cases import TRANSITIONS, CaseState, check_transition
from terminal.clock import stamp

ACTOR = "portal"
UNSYNCED = frozenset({CaseState.ACCEPTED, CaseState.NEEDS_CORRECTION, CaseState.REJECTED})
FROM_PORTAL = {
    "received": CaseState.SYNCED,
    "in_progress": CaseState.IN_PROGRESS,
    "completed": CaseState.COMPLETED,
    "not_approved": CaseState.NOT_APPROVED,
    "withdrawn": CaseState.WITHDRAWN,
    "conflict": CaseState.CONFLICT,
}


def state_of(conn: sqlite3.Connection, case_id: str) -> tuple[CaseState, str, str | None] | None:
    """(state, terminal id, portal number), or None for a case this store does not hold."""
    row = conn.execute(
        "SELECT state, terminal_id, portal_case_no FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    if row is None:
        return None
    return CaseState(row[0]), row[1], row[2]


def move(
    conn: sqlite3.Connection,
    case_id: str,
    old: CaseState,
    new: CaseState,
    terminal: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    check_transition(old, new)
    conn.execute(
        "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?", (new.value, stamp(at), case_id)
    )
    journal.append(
        conn,
        at=at,
        actor=ACTOR,
        terminal=terminal,
        action="case.state",
        subject=case_id,
        details={"from": old.value, "to": new.value, **(details or {})},
    )


def path_to(old: CaseState, target: CaseState) -> list[CaseState] | None:
    """The shortest walk along the state machine; None when the target cannot follow.

    CONFLICT is never a stop on the way: only the portal, or a number clash,
    puts a case there, and only on purpose.
    """
    seen = {old}
    todo: deque[tuple[CaseState, list[CaseState]]] = deque([(old, [])])
    while todo:
        state, steps = todo.popleft()
        if state is target:
            return steps
        for nxt in sorted(TRANSITIONS[state], key=lambda s: s.value):
            if nxt not in seen and (nxt is not CaseState.CONFLICT or nxt is target):
                seen.add(nxt)
                todo.append((nxt, [*steps, nxt]))
    return None


def reach(
    conn: sqlite3.Connection,
    case_id: str,
    target: CaseState,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> str:
    """Bring the case to the portal's state: 'moved', 'same', 'unknown' or 'refused'."""
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    old, terminal, _ = found
    if old is target:
        return "same"
    steps = path_to(old, target)
    if steps is None:
        # The portal says something the local case cannot become (it is final here):
        # keep both facts, the journal tells IT, nothing is overwritten.
        journal.append(
            conn,
            at=at,
            actor=ACTOR,
            terminal=terminal,
            action="sync.state_refused",
            subject=case_id,
            details={"from": old.value, "to": target.value},
        )
        return "refused"
    for step in steps:
        move(conn, case_id, old, step, terminal, at, details)
        old = step
    return "moved"


def bind(conn: sqlite3.Connection, case_id: str, number: str, at: datetime) -> str:
    """Bind the portal's number once: 'bound', 'same', 'unknown' or 'conflict'.

    A different number for a bound case means two portal cases for one
    application: the case goes to CONFLICT for a person, the first number stays.
    """
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    state, terminal, have = found
    if have == number:
        return "same"
    if have is not None:
        _number_conflict(conn, case_id, state, terminal, at, have, number)
        return "conflict"
    try:
        conn.execute(
            "UPDATE cases SET portal_case_no = ?, updated_at = ? WHERE id = ?",
            (number, stamp(at), case_id),
        )
    except sqlite3.IntegrityError:
        # The number is bound to another local case already: two applications, one number.
        _number_conflict(conn, case_id, state, terminal, at, None, number)
        return "conflict"
    journal.append(
        conn,
        at=at,
        actor=ACTOR,
        terminal=terminal,
        action="case.portal_bound",
        subject=case_id,
        details={"portal_case_no": number},
    )
    return "bound"


def apply_portal_status(
    conn: sqlite3.Connection, case_id: str, data: dict[str, Any], at: datetime
) -> str:
    """A push answer or a feed entry about one case: number first, then state."""
    number = data.get("portal_case_no")
    if isinstance(number, str) and number and bind(conn, case_id, number, at) == "conflict":
        return "conflict"
    target = FROM_PORTAL.get(str(data.get("state", "received")))
    if target is None:
        return "refused"
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    details: dict[str, Any] = {}
    conflict = data.get("conflict")
    if isinstance(conflict, dict) and isinstance(conflict.get("reason"), str):
        details["reason"] = conflict["reason"]
    if target is CaseState.SYNCED and found[0] not in UNSYNCED:
        return "same"  # the portal has it: a case already further along stays where it is
    return reach(conn, case_id, target, at, details)


def settle_conflict_on_take(conn: sqlite3.Connection, case_id: str, at: datetime) -> bool:
    """A case put in CONFLICT by the portal's signed 409 on its own row (the portal held
    other content under the case's id) whose row, released by a person, the portal has now
    taken: the conflict is over, and the case is synced. A conflict of any other origin (the
    portal's own state, two numbers for one case) is left for a person."""
    found = state_of(conn, case_id)
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
    move(conn, case_id, CaseState.CONFLICT, CaseState.SYNCED, found[1], at, {"reason": "taken"})
    return True


def _number_conflict(
    conn: sqlite3.Connection,
    case_id: str,
    state: CaseState,
    terminal: str,
    at: datetime,
    have: str | None,
    number: str,
) -> None:
    """Two portal numbers for one case, or one number for two: journaled, and a person decides."""
    journal.append(
        conn,
        at=at,
        actor=ACTOR,
        terminal=terminal,
        action="sync.number_conflict",
        subject=case_id,
        details={"have": have, "offered": number},
    )
    if state is not CaseState.CONFLICT and CaseState.CONFLICT in TRANSITIONS[state]:
        move(conn, case_id, state, CaseState.CONFLICT, terminal, at)
