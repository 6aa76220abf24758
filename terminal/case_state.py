"""Every change of a recorded case's state or portal number: the one place that makes them.

Each function runs on the caller's connection inside the caller's transaction, so
the move, its journal entry and whatever else the caller writes (an outbox row, a
sync cursor) commit together or not at all. Nothing here opens a transaction:
a counter-side caller wraps a call in ``Store.write()``, sync calls it inside its own.

Recording a decision (draft to accepted, needs correction or rejected) is
terminal/casebook.py's: that move creates the case.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.case_machine import TRANSITIONS, CaseState, check_transition
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.supervision import events

# Decided at a counter and not yet known to the portal.
# 办结: the states that end a case with a decision (the supervisor's figures count them).
DECIDED = frozenset({CaseState.COMPLETED, CaseState.NOT_APPROVED})
UNSYNCED = frozenset({CaseState.ACCEPTED, CaseState.NEEDS_CORRECTION, CaseState.REJECTED})


class CaseNotFound(TongbanError):
    pass


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
    *,
    terminal: str,
    actor: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """One step along the state machine from a state the caller has just read; journaled."""
    check_transition(old, new)
    conn.execute(
        "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?", (new.value, stamp(at), case_id)
    )
    journal.append(
        conn,
        at=at,
        actor=actor,
        terminal=terminal,
        action="case.state",
        subject=case_id,
        details={"from": old.value, "to": new.value, **(details or {})},
    )
    if new in DECIDED:
        events.case_decided(conn, case_id, new.value, terminal=terminal, at=at)


def change(
    conn: sqlite3.Connection,
    case_id: str,
    new: CaseState,
    *,
    actor: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> CaseState:
    """One step from wherever the case is now; an impossible step is refused. Returns the old state."""
    found = state_of(conn, case_id)
    if found is None:
        raise CaseNotFound("case.not_found", key=case_id)
    move(conn, case_id, found[0], new, terminal=found[1], actor=actor, at=at, details=details)
    return found[0]


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
    *,
    actor: str,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> str:
    """Bring the case to a state another party decided: 'moved', 'same', 'unknown' or 'refused'."""
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    old, terminal, _ = found
    if old is target:
        return "same"
    steps = path_to(old, target)
    if steps is None:
        # Something the local case cannot become (it is final here): keep both facts,
        # the journal tells IT, nothing is overwritten.
        journal.append(
            conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="sync.state_refused",
            subject=case_id,
            details={"from": old.value, "to": target.value},
        )
        return "refused"
    for step in steps:
        move(conn, case_id, old, step, terminal=terminal, actor=actor, at=at, details=details)
        old = step
    return "moved"


def overrule(
    conn: sqlite3.Connection,
    case_id: str,
    target: CaseState,
    *,
    actor: str,
    at: datetime,
    details: dict[str, Any],
) -> str:
    """The portal's signed refusal of this counter's own event (a void, a withdrawal) is the
    last word on the case: it goes to the portal's state, even out of the final state the
    refused event put it in, so the window and the portal tell one story. Journaled as a
    ``case.state`` entry with ``details`` (why, which event, the signed answer). Only sync
    calls it, on that refusal; 'moved', 'same' or 'unknown'."""
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    old, terminal, _ = found
    if old is target:
        return "same"
    steps = path_to(old, target)
    if steps is None:  # out of VOIDED/WITHDRAWN: the event that put it there did not count
        steps = [target]
    for step in steps:
        conn.execute(
            "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?",
            (step.value, stamp(at), case_id),
        )
        journal.append(
            conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="case.state",
            subject=case_id,
            details={"from": old.value, "to": step.value, **details},
        )
        old = step
    return "moved"


def bind(conn: sqlite3.Connection, case_id: str, number: str, *, actor: str, at: datetime) -> str:
    """Bind the portal's number once: 'bound', 'same', 'unknown' or 'conflict'.

    A repeated number (a pull heard twice) changes nothing. A different number for a
    bound case, or a number another local case holds, means two portal cases for one
    application (or one for two): the case goes to CONFLICT for a person to decide,
    and the first number stays (the store's own trigger refuses rebinding anyway).
    """
    found = state_of(conn, case_id)
    if found is None:
        return "unknown"
    state, terminal, have = found
    if have == number:
        return "same"
    if have is not None:
        _number_conflict(conn, case_id, state, terminal, actor, at, have, number)
        return "conflict"
    try:
        conn.execute(
            "UPDATE cases SET portal_case_no = ?, updated_at = ? WHERE id = ?",
            (number, stamp(at), case_id),
        )
    except sqlite3.IntegrityError:
        _number_conflict(conn, case_id, state, terminal, actor, at, None, number)
        return "conflict"
    journal.append(
        conn,
        at=at,
        actor=actor,
        terminal=terminal,
        action="case.portal_bound",
        subject=case_id,
        details={"portal_case_no": number},
    )
    return "bound"


def _number_conflict(
    conn: sqlite3.Connection,
    case_id: str,
    state: CaseState,
    terminal: str,
    actor: str,
    at: datetime,
    have: str | None,
    number: str,
) -> None:
    """Two portal numbers for one case, or one number for two: journaled, and a person decides."""
    journal.append(
        conn,
        at=at,
        actor=actor,
        terminal=terminal,
        action="sync.number_conflict",
        subject=case_id,
        details={"have": have, "offered": number},
    )
    if state is not CaseState.CONFLICT and CaseState.CONFLICT in TRANSITIONS[state]:
        move(conn, case_id, state, CaseState.CONFLICT, terminal=terminal, actor=actor, at=at)
