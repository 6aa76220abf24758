"""差评 follow-ups at the reference portal: each step taken once, kept, fed to the hall.

``POST /api/v1/followups`` takes one step of one follow-up (its ``step_id`` the
Idempotency-Key): ``open`` (from the terminal that kept the low rating, after the rating),
then ``rectify``, ``revisit`` and ``close`` from any counter of the same hall (never a
kiosk's key: auth.counter_only; each step keeps the signing terminal beside its ``by``,
the only part the portal can vouch for), in the order
terminal/followups.py allows. A repeat gets the first answer; a step the follow-up's state
does not allow is 409 ``followup-state``; a follow-up of another hall, or of a rating the
portal lacks, is 422 ``unknown-followup``. Each taken step feeds the whole follow-up to the
hall (kind ``followup``), so every window's supervisor and the kiosks see where it stands,
and the case's status answer says it was handled (``followup``). ``GET /admin/followups``:
the back office's list, overdue ones marked by the portal's own clock.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal import feed
from sync.portal.auth import Terminal, counter_only
from sync.portal.intake import _remember, _replay, accepting_hall
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal.clock import CHINA
from terminal.followups import STEPS

if TYPE_CHECKING:
    from sync.portal.app import Portal

FEED_KIND = "followup"
# What the hall is fed, and what /admin/followups lists: the case and what was done about
# the rating, never the citizen.
FIELDS = (
    "followup_id", "rating_id", "case_id", "receipt_no", "service", "level", "reason",
    "comment", "opened_at", "due_date", "state", "hall", "rectified_note", "rectified_by",
    "revisit_reached", "revisit_satisfied", "revisit_how", "revisit_note", "revisited_by",
    "closed_by", "updated_at", "rectified_terminal", "revisited_terminal", "closed_terminal",
)  # fmt: skip


def _uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def receive_step(
    conn: sqlite3.Connection, terminal: Terminal, key: str, body: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    seen = _replay(conn, "followup", key, request_hash, terminal)
    if seen is not None:
        return seen[0], seen[1], True
    errors = []
    if not isinstance(body, dict):
        raise Problem("invalid-followup", {"errors": [field_error("", "not_object")]}, count=1)
    if body.get("step_id") != key:
        errors.append(field_error("step_id", "not_idempotency_key"))
    if not _uuid(body.get("followup_id")):
        errors.append(field_error("followup_id", "bad_format"))
    if errors:
        raise Problem("invalid-followup", {"errors": errors}, count=len(errors))
    step = _open if body["step"] == "open" else _advance
    data = step(conn, terminal, body)
    data["updated_at"] = feed.portal_stamp(now)
    conn.execute(
        "INSERT INTO followup_steps (step_id, followup_id, step, terminal_id, body, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (key, body["followup_id"], body["step"], terminal.terminal_id,
         protocol.canonical_json(body).decode(), now),
    )  # fmt: skip
    conn.execute(
        "INSERT INTO followups (followup_id, rating_id, case_id, hall, state, due_date, data,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (followup_id) DO UPDATE SET"
        " state = excluded.state, data = excluded.data, updated_at = excluded.updated_at",
        (data["followup_id"], data["rating_id"], data["case_id"], data["hall"], data["state"],
         data["due_date"], json.dumps(data, ensure_ascii=False), now),
    )  # fmt: skip
    feed.emit(conn, FEED_KIND, feed.for_hall(str(data["hall"])), data, now)
    answer = {"operation": key, "followup_id": data["followup_id"], "state": data["state"]}
    _remember(conn, "followup", key, request_hash, 201, answer, now, terminal)
    return 201, answer, False


def _open(conn: sqlite3.Connection, terminal: Terminal, body: dict[str, Any]) -> dict[str, Any]:
    rating = conn.execute(
        "SELECT r.case_id, c.terminal_id FROM ratings r JOIN cases c ON c.case_id = r.case_id"
        " WHERE r.rating_id = ?",
        (body.get("rating_id"),),
    ).fetchone()
    # The hall of the case's counter: the kiosk that kept the rating is of the same hall
    # (intake.receive_rating took it only so), and so is every supervisor who follows it up.
    hall = None if rating is None else accepting_hall(conn, str(rating["terminal_id"]))
    if rating is None or rating["case_id"] != body.get("case_id") or hall != terminal.hall:
        raise Problem("unknown-followup", followup_id=body["followup_id"])
    known = conn.execute(
        "SELECT followup_id FROM followups WHERE followup_id = ? OR rating_id = ?",
        (body["followup_id"], body["rating_id"]),
    ).fetchone()
    if known is not None:
        raise Problem("followup-state", followup_id=body["followup_id"], state="open")
    data: dict[str, Any] = dict.fromkeys(FIELDS)
    data.update({k: body[k] for k in FIELDS if k in body})
    data.update(opened_at=body["at"], state="open", hall=hall)
    return data


def _advance(conn: sqlite3.Connection, terminal: Terminal, body: dict[str, Any]) -> dict[str, Any]:
    row = conn.execute(
        "SELECT hall, data FROM followups WHERE followup_id = ?", (body["followup_id"],)
    ).fetchone()
    if row is None or row["hall"] != terminal.hall:
        raise Problem("unknown-followup", followup_id=body["followup_id"])
    # A supervisor's step: from a counter, where supervisors sign in; never a kiosk's key.
    counter_only(terminal, None)
    data: dict[str, Any] = json.loads(row["data"])
    allowed, after = STEPS[body["step"]]
    if data["state"] not in allowed:
        raise Problem("followup-state", followup_id=body["followup_id"], state=data["state"])
    # The portal can vouch for the signing terminal, not for the user name it reports: the
    # name is kept as that terminal's word, and the terminal beside it.
    by, at = body.get("by"), terminal.terminal_id
    if body["step"] == "rectify":
        data.update(rectified_note=body.get("note"), rectified_by=by, rectified_terminal=at)
    elif body["step"] == "revisit":
        data.update(
            revisit_reached=body.get("reached"),
            revisit_satisfied=body.get("satisfied"),
            revisit_how=body.get("how"),
            revisit_note=body.get("note"),
            revisited_by=by,
            revisited_terminal=at,
        )
    else:
        data.update(closed_by=by, closed_terminal=at)
    data["state"] = after
    return data


def state_for_case(conn: sqlite3.Connection, case_id: str) -> str | None:
    """For a case's status answer: where its follow-up stands (None: none)."""
    row = conn.execute(
        "SELECT state FROM followups WHERE case_id = ? ORDER BY updated_at DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return None if row is None else str(row["state"])


def listed(conn: sqlite3.Connection, now: float) -> dict[str, Any]:
    today = datetime.fromtimestamp(now, CHINA).date()
    rows = conn.execute("SELECT data FROM followups ORDER BY due_date, followup_id")
    items = []
    for row in rows:
        data = json.loads(row["data"])
        data["overdue"] = data["state"] != "closed" and today > date.fromisoformat(data["due_date"])
        items.append(data)
    return {"followups": items}


def _push(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    body = request.json()
    with portal.db.write() as conn:
        status, answer, replayed = receive_step(conn, terminal, key, body, portal.clock())
    return Answer(status, answer, {protocol.H_REPLAYED: "true"} if replayed else {})


def _admin_list(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.read() as conn:
        return Answer(200, listed(conn, portal.clock()))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_FOLLOWUPS), _push),
    ("GET", re.compile("/admin/followups"), _admin_list),
]
