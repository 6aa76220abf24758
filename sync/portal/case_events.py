"""A counter's events on a case the portal holds (``POST /api/v1/cases/{case_id}/events``):
补正后受理 (materials_complete), 撤回 (withdrawn), 作废 (voided), 更正 (corrected).

Signed, once per event id (the Idempotency-Key) like a case: the same event again gets its
first answer, marked replayed. Only a counter of the hall that accepted the case may send
one (the citizen may come back to another window of that hall), naming itself as
``terminal_id``; a kiosk's key is refused (auth.counter_only). An event the case's state
does not allow, on the portal, is a 409 ``case-transition-refused`` naming the state the
portal holds: a withdrawn case is not corrected, a 补正 notice not corrected before it is
accepted, nothing follows a void. The case's body stays as it arrived; each event is kept
beside it, so the portal has every version, and the case's state changes in the same
transaction, with its feed entry for the terminal.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal import feed
from sync.portal.auth import Terminal, counter_only
from sync.portal.case_fees import fee_errors
from sync.portal.intake import _remember, _replay, accepting_hall
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal.case_events import return_by
from terminal.clock import CHINA

if TYPE_CHECKING:
    from sync.portal.app import Portal

# For each event: the portal states it may come in, and the state it leaves (None: the same).
# The portal's table of them is in db.py's SCHEMA (case_events).
ALLOWED: dict[str, tuple[frozenset[str], str | None]] = {
    "materials_complete": (frozenset({"received"}), None),
    "withdrawn": (frozenset({"received", "in_progress", "conflict"}), "withdrawn"),
    "voided": (frozenset({"received", "in_progress", "conflict"}), "voided"),
    "corrected": (frozenset({"received", "in_progress"}), None),
}
# ... and the decision the case must carry then (a correction needs an accepted case).
DECISIONS = {
    "materials_complete": {"needs_correction"},
    "withdrawn": {"accepted", "needs_correction"},
    "voided": {"accepted", "needs_correction"},
    "corrected": {"accepted"},
}


def decision_of(conn: sqlite3.Connection, case_id: str, body: dict[str, Any]) -> str:
    """The counter's decision as it stands: a 补正 notice whose materials came is accepted."""
    returned = conn.execute(
        "SELECT 1 FROM case_events WHERE case_id = ? AND kind = 'materials_complete'", (case_id,)
    ).fetchone()
    return "accepted" if returned else str(body.get("decision") or "")


def standing(conn: sqlite3.Connection, case_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """What a status answer says of the case after its events: the decision, what is still
    missing, the promised date, and for an open notice the last day to come back."""
    decision = decision_of(conn, case_id, body)
    due = body.get("due_date")
    row = conn.execute(
        "SELECT body FROM case_events WHERE case_id = ? AND kind = 'materials_complete'",
        (case_id,),
    ).fetchone()
    if row is not None:
        due = json.loads(row["body"]).get("due_date")
    answer: dict[str, Any] = {"decision": decision, "due_date": due}
    if decision != "needs_correction":
        answer["missing"] = []
    elif isinstance(body.get("return_by"), str):  # the service's deadline, as printed
        answer["return_by"] = body["return_by"]
    elif isinstance(body.get("received_at"), str):  # a case from before it was sent
        noticed = date.fromisoformat(body["received_at"][:10])
        answer["return_by"] = return_by(noticed).isoformat()
    return answer


def receive_event(
    conn: sqlite3.Connection, terminal: Terminal, key: str, case_id: str, event: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    request_hash = protocol.body_sha256(protocol.canonical_json(event))
    seen = _replay(conn, "case_event", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    errors = []
    if not isinstance(event, dict) or event.get("event_id") != key:
        errors.append(field_error("event_id", "not_idempotency_key"))
    elif event.get("case_id") != case_id:
        errors.append(field_error("case_id", "not_the_path"))
    elif event.get("kind") not in ALLOWED:
        errors.append(field_error("kind", "not_allowed"))
    elif "fee" in event or "expedited" in event:  # settled at acceptance: on the return only
        if event["kind"] != "materials_complete":
            errors.append(field_error("fee", "only_when_accepted"))
        else:
            errors += fee_errors({**event, "decision": "accepted"})
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    counter_only(terminal, event.get("terminal_id"))
    case = conn.execute(
        "SELECT portal_case_no, terminal_id, state, body FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    if case is None or accepting_hall(conn, str(case["terminal_id"])) != terminal.hall:
        raise Problem("unknown-case", case_id=case_id)  # another hall's case is nobody's here
    kind, state = str(event["kind"]), str(case["state"])
    decision = decision_of(conn, case_id, json.loads(case["body"]))
    states, after = ALLOWED[kind]
    if state not in states or decision not in DECISIONS[kind]:
        facts = {"state": state, "decision": decision, "event": kind}
        raise Problem("case-transition-refused", facts, case_id=case_id, **facts)
    new = after or state
    conn.execute(
        "INSERT INTO case_events (event_id, case_id, kind, body, received_at) VALUES (?, ?, ?, ?, ?)",
        (key, case_id, kind, protocol.canonical_json(event).decode(), now),
    )
    if new != state:
        conn.execute("UPDATE cases SET state = ? WHERE case_id = ?", (new, case_id))
    now_decided = decision_of(conn, case_id, json.loads(case["body"]))
    data = {"case_id": case_id, "portal_case_no": case["portal_case_no"], "state": new,
            # What happened, where: a copy of the case at another window hears that the
            # citizen came back (or withdrew) at this one (review 5, finding 1).
            "decision": now_decided, "event": kind, "by_terminal": terminal.terminal_id,
            **({"due_date": event["due_date"]} if isinstance(event.get("due_date"), str) else {})}  # fmt: skip
    seq = 0
    for holder in holders(conn, case_id, str(case["terminal_id"])):
        seq = feed.emit(conn, "case.status", feed.for_terminal(holder), data, now)
    answer = {"operation": key, **data, "seq": seq}
    _remember(conn, "case_event", key, request_hash, 201, answer, now, terminal)
    return 201, answer, False


def holders(conn: sqlite3.Connection, case_id: str, recorded_by: str) -> list[str]:
    """The terminals holding a copy of the case: the one that recorded it, and every counter
    of its hall that took it over (sync/portal/hall_cases.py); the recording one last, so its
    feed number is the one an answer names."""
    taken = conn.execute(
        "SELECT DISTINCT terminal_id FROM hall_case_reads WHERE case_id = ? AND answered = 1"
        " AND terminal_id != ? ORDER BY terminal_id",
        (case_id, recorded_by),
    ).fetchall()
    return [str(r[0]) for r in taken] + [recorded_by]


def history(conn: sqlite3.Connection, case_id: str) -> list[dict[str, Any]]:
    """Every event of a case, in the order the portal took them (its admin's view)."""
    rows = conn.execute(
        "SELECT body, received_at FROM case_events WHERE case_id = ? ORDER BY received_at, rowid",
        (case_id,),
    ).fetchall()
    return [
        {
            **json.loads(r["body"]),
            "received_at": datetime.fromtimestamp(float(r["received_at"]), CHINA).isoformat(),
        }
        for r in rows
    ]


def _event(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    with portal.db.write() as conn:
        status, answer, replayed = receive_event(
            conn, terminal, key, match["case_id"], request.json(), portal.clock()
        )
    return Answer(status, answer, {protocol.H_REPLAYED: "true"} if replayed else {})


def _admin_history(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.read() as conn:
        return Answer(200, {"case_id": match["case_id"], "events": history(conn, match["case_id"])})


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    (
        "POST",
        re.compile(protocol.path_case_events("(?P<case_id>[0-9a-f-]{36})")),
        _event,
    ),
    ("GET", re.compile("/admin/cases/(?P<case_id>[0-9a-f-]{36})/events"), _admin_history),
]
