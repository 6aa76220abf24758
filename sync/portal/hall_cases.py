"""A case of the hall for another of its counters (``POST /api/v1/cases/hall-case``).

A citizen who got a 补正 notice at window 3 comes back and is called to window 5. Window 5
does not hold the case: it asks the portal, by the receipt number and the last four
characters of the applicant's ID number (read from the card, or told by the citizen), the
two things only the citizen holding the notice has. The portal answers with the case as the
recording counter sent it, its state and the kinds of events recorded since, so window 5 can
take the return (or a withdrawal, or a void) in the same case.

Only a counter may ask (a kiosk's key has no business with a case's form), and only of its
own hall: another hall's case, a wrong receipt and a wrong last four all get the same 404
``case-not-found``. Misses count against the receipt and the asking terminal like a
kiosk's status question (throttle.py). Every answer given is recorded (``hall_case_reads``):
who read which case when, so a curious clerk's reads can be listed.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal import throttle
from sync.portal.auth import Terminal, counter_only
from sync.portal.db import PortalDB
from sync.portal.intake import accepting_hall
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal.identity import ends_with, last_four

if TYPE_CHECKING:
    from sync.portal.app import Portal

_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,64}")
# The portal states in which another counter may take the case over (and nothing happened since).
TAKEABLE = ("received", "in_progress")


def hall_case(db: PortalDB, terminal: Terminal, body: Any, now: float) -> dict[str, Any]:
    counter_only(terminal, None)
    if not isinstance(body, dict):
        raise Problem("invalid-request", {"errors": [field_error("", "not_object")]})
    reference, last4, clerk = body.get("receipt_no"), body.get("id_last4"), body.get("clerk")
    errors = []
    if not isinstance(clerk, str) or not clerk or len(clerk) > 64:
        errors.append(field_error("clerk", "missing"))
    if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference):
        errors.append(field_error("receipt_no", "not_a_reference"))
    if not isinstance(last4, str) or last_four(last4) is None:
        errors.append(field_error("id_last4", "not_4_characters"))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    assert isinstance(reference, str) and isinstance(last4, str)
    ref = reference.upper()
    buckets = [
        (throttle.STATUS_PER_RECEIPT, ref),
        (throttle.STATUS_PER_TERMINAL, terminal.terminal_id),
    ]
    with db.write() as conn:  # check and count in one transaction: no parallel pass
        throttle.check(conn, buckets, now)
        answer = _find(conn, ref, last4, terminal.hall)
        refused = None
        if answer is not None and (answer["events"] or answer["state"] not in TAKEABLE):
            refused, answer = answer, None
        if answer is None:
            throttle.record(conn, buckets, now)
        # Every question that named a real case is on record, answered or refused: who (the
        # terminal and the clerk signed in at it) read which case, when.
        if answer is not None or refused is not None:
            case_id = (answer or refused or {})["case_id"]
            conn.execute(
                "INSERT INTO hall_case_reads (case_id, terminal_id, clerk, at, answered)"
                " VALUES (?, ?, ?, ?, ?)",
                (case_id, terminal.terminal_id, clerk, now, int(answer is not None)),
            )
    if refused is not None:
        # Nothing of the case's content for a case a counter here cannot act on.
        facts = {k: refused[k] for k in ("state", "events", "recorded_by", "last_by")}
        raise Problem("case-not-takeable", facts, receipt_no=refused["receipt_no"],
                      state=refused["state"], recorded_by=refused["recorded_by"])  # fmt: skip
    if answer is None:
        raise Problem("case-not-found")
    return answer


def _find(conn: sqlite3.Connection, ref: str, last4: str, hall: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT case_id, portal_case_no, receipt_no, id_number, state, body, terminal_id"
        " FROM cases WHERE receipt_no = ? OR portal_case_no = ? ORDER BY received_at DESC LIMIT 1",
        (ref, ref),
    ).fetchone()
    if row is None or not ends_with(str(row["id_number"]), last4):
        return None
    if accepting_hall(conn, str(row["terminal_id"])) != hall:
        return None  # another hall's case is nobody's business here
    events = conn.execute(
        "SELECT kind, json_extract(body, '$.terminal_id') AS by FROM case_events"
        " WHERE case_id = ? ORDER BY received_at, event_id",
        (row["case_id"],),
    ).fetchall()
    return {
        # The window that acted last: where the citizen is sent when the case cannot be taken.
        "last_by": str(events[-1]["by"]) if events else row["terminal_id"],
        "case_id": row["case_id"],
        "receipt_no": row["receipt_no"],
        "portal_case_no": row["portal_case_no"],
        "recorded_by": row["terminal_id"],
        "state": row["state"],
        "events": [str(e["kind"]) for e in events],
        "case": json.loads(row["body"]),
    }


def _route(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    return Answer(200, hall_case(portal.db, terminal, request.json(), portal.clock()))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_HALL_CASE), _route),
]
