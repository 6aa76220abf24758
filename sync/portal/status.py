"""A citizen's question at a kiosk: where is my case? (``POST /api/v1/cases/status``)

Asked by the receipt number (or the portal's number) together with the last four
characters of the applicant's ID number. A receipt that does not exist and a last four
that does not match get the same 404 ``case-not-found``, so a lost or photographed
receipt alone tells nobody anything, and a guess learns nothing about which was wrong.
Any enrolled terminal may ask: a citizen may have applied at another hall.

Misses are counted per receipt and per asking terminal (throttle.py): past either
limit the answer is 429 with Retry-After, even to the right last four, so the ten
thousand possible last fours cannot be walked through.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal import followups, results, throttle
from sync.portal.case_events import standing
from sync.portal.db import PortalDB
from sync.portal.intake import accepting_hall
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal.clock import CHINA
from terminal.identity import ends_with, last_four

if TYPE_CHECKING:
    from sync.portal.app import Portal

_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,64}")


def case_status(
    db: PortalDB,
    terminal_id: str,
    body: Any,
    now: float,
    per_receipt: throttle.Rule = throttle.STATUS_PER_RECEIPT,
) -> dict[str, Any]:
    """``terminal_id``: who asks (an enrolled terminal, or web:ADDRESS for the public page,
    which passes its own ``per_receipt`` rule)."""
    if not isinstance(body, dict):
        raise Problem("invalid-request", {"errors": [field_error("", "not_object")]})
    reference, last4 = body.get("receipt_no"), body.get("id_last4")
    errors = []
    if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference):
        errors.append(field_error("receipt_no", "not_a_reference"))
    if not isinstance(last4, str) or last_four(last4) is None:
        errors.append(field_error("id_last4", "not_4_characters"))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    assert isinstance(reference, str) and isinstance(last4, str)
    ref = reference.upper()
    buckets = [(per_receipt, ref), (throttle.STATUS_PER_TERMINAL, terminal_id)]
    with db.write() as conn:  # check and count in one transaction: no parallel pass
        throttle.check(conn, buckets, now)
        answer = _find(conn, ref, last4)
        if answer is None:
            throttle.record(conn, buckets, now)
    if answer is None:
        # The same answer for both: which of the two was wrong is worth something to a guesser.
        raise Problem("case-not-found")
    return answer


def _find(conn: sqlite3.Connection, ref: str, last4: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT case_id, portal_case_no, receipt_no, id_number, intake_code, state, body,"
        " received_at, terminal_id FROM cases WHERE receipt_no = ? OR portal_case_no = ?"
        " ORDER BY received_at DESC LIMIT 1",
        (ref, ref),
    ).fetchone()
    if row is None or not ends_with(str(row["id_number"]), last4):
        return None
    case = json.loads(row["body"])
    changed = conn.execute(
        "SELECT at FROM changes WHERE kind = 'case.status'"
        " AND json_extract(data, '$.case_id') = ? ORDER BY seq DESC LIMIT 1",
        (row["case_id"],),
    ).fetchone()
    updated = (
        str(changed["at"])
        if changed is not None
        else datetime.fromtimestamp(float(row["received_at"]), CHINA).isoformat(timespec="seconds")
    )
    # What the citizen needs to act on, never the applicant, the form or the clerk.
    return {
        # The case's UUID, which names nobody: a kiosk addresses the citizen's rating with it.
        "case_id": row["case_id"],
        "receipt_no": row["receipt_no"],
        "portal_case_no": row["portal_case_no"],
        # The hall that accepted it: a kiosk of another hall cannot take its rating.
        "hall": accepting_hall(conn, str(row["terminal_id"])) or "",
        "intake_code": row["intake_code"],
        "state": row["state"],
        "decision": case.get("decision"),
        "missing": [
            str(m.get("name", ""))
            for m in case.get("missing") or []
            if isinstance(m, dict) and m.get("name")
        ],
        "reason": case.get("reason"),
        "due_date": case.get("due_date"),
        "updated_at": updated,
        # After the counter's events (补正后受理): the decision as it stands, the last day to
        # come back with an open notice's materials.
        **standing(conn, str(row["case_id"]), case),
        # Whether a 差评 of the case was followed up (open/rectified/revisited/closed; null:
        # none): the citizen who complained sees it was handled, and nothing else of it.
        "followup": followups.state_for_case(conn, str(row["case_id"])),
        # Where the result is once the department finished (出件, issue 16): ready to collect
        # at which hall, mailed with which waybill, collected or delivered.
        **({"result": result} if (result := results.shown(conn, str(row["case_id"]))) else {}),
    }


def _route(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    return Answer(200, case_status(portal.db, terminal.terminal_id, request.json(), portal.clock()))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_CASE_STATUS), _route),
]
