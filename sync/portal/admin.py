"""What the portal's own staff do, reduced to what the tests and the demo need.

Move a case through its states, publish appointments, tickets and catalogue
versions, hold e-certificates, record online applications and their
withdrawal, and admit enrolment codes. Every change a terminal must learn
about goes into the feed in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from datetime import datetime
from typing import Any

from sync.link import protocol
from sync.portal import case_fees, case_parties, feed
from sync.portal import queue as portal_queue
from sync.portal.auth import KINDS, VALID_HOURS, admit_code
from sync.portal.db import next_number
from sync.portal.problems import Problem, field_error
from terminal.clock import CHINA

# The portal's own state machine; the terminal mirrors it (terminal/cases.py).
PORTAL_TRANSITIONS: dict[str, set[str]] = {
    "received": {"in_progress", "completed", "not_approved", "withdrawn", "conflict"},
    "in_progress": {"completed", "not_approved", "withdrawn"},
    "conflict": {"in_progress", "withdrawn"},
    "completed": set(),
    "not_approved": set(),
    "withdrawn": set(),
    "voided": set(),  # 作废 at the counter (sync/portal/case_events.py)
}


def _require(body: Any, *keys: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise Problem("invalid-request", {"errors": [field_error("", "not_object")]})
    errors = [
        field_error(k, "missing") for k in keys if not isinstance(body.get(k), str) or not body[k]
    ]
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    return body


def set_case_state(conn: sqlite3.Connection, case_id: str, body: Any, now: float) -> dict[str, Any]:
    new = _require(body, "state")["state"]
    row = conn.execute(
        "SELECT portal_case_no, terminal_id, state FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    if row is None:
        raise Problem("not-found")
    if new not in PORTAL_TRANSITIONS:
        raise Problem("invalid-request", {"errors": [field_error("state", "not_allowed")]})
    if new not in PORTAL_TRANSITIONS[row["state"]]:
        raise Problem("bad-transition", old=row["state"], new=new)
    conn.execute("UPDATE cases SET state = ? WHERE case_id = ?", (new, case_id))
    data = {"case_id": case_id, "portal_case_no": row["portal_case_no"], "state": new}
    from sync.portal.case_events import holders  # every window holding a copy hears it

    seq = 0
    for holder in holders(conn, case_id, str(row["terminal_id"])):
        seq = feed.emit(conn, "case.status", feed.for_terminal(holder), data, now)
    return {**data, "seq": seq}


def list_cases(conn: sqlite3.Connection) -> dict[str, Any]:
    rows = conn.execute(
        "SELECT case_id, portal_case_no, terminal_id, receipt_no, state, body FROM cases"
        " ORDER BY rowid"
    ).fetchall()
    fees = case_fees.case_summaries(conn)  # fee and 加急, where a case has them
    # An agent's or a company's case shows who applied (sync/portal/case_parties.py).
    return {"cases": [{**_listed(r), **fees.get(r["case_id"], {})} for r in rows]}


def _listed(row: sqlite3.Row) -> dict[str, Any]:
    listed = {k: row[k] for k in row.keys() if k != "body"}  # noqa: SIM118 (a Row)
    parties = case_parties.shown(row["body"])
    return {**listed, "parties": parties} if parties else listed


def publish_appointment(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    b = _require(
        body, "hall", "intake_code", "slot_start", "slot_end", "applicant_name", "id_number"
    )
    appointment_id = body.get("appointment_id") or f"YY{secrets.token_hex(6).upper()}"
    state = b.get("state", "booked")
    if state not in ("booked", "cancelled", "arrived"):
        raise Problem("invalid-request", {"errors": [field_error("state", "not_allowed")]})
    data = {
        "appointment_id": appointment_id,
        "hall": b["hall"],
        "intake_code": b["intake_code"],
        "slot_start": b["slot_start"],
        "slot_end": b["slot_end"],
        "applicant_name": b["applicant_name"],
        "id_number": b["id_number"],
        "state": state,
    }
    conn.execute(
        "INSERT INTO appointments (id, hall, data) VALUES (?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET data = excluded.data",
        (appointment_id, b["hall"], json.dumps(data, ensure_ascii=False)),
    )
    seq = feed.emit(conn, "appointment", feed.for_hall(b["hall"]), data, now)
    return {**data, "seq": seq}


def publish_ticket(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    b = _require(body, "hall")
    day = datetime.fromtimestamp(now, CHINA).strftime("%Y%m%d")
    state = b.get("state", "waiting")
    if state not in ("waiting", "called", "done", "cancelled"):
        raise Problem("invalid-request", {"errors": [field_error("state", "not_allowed")]})
    if not body.get("ticket_no") and state == "waiting":
        # A ticket taken online (an appointment's, or in the app) joins the hall queue.
        queued = portal_queue.issue_online(
            conn, b["hall"], b.get("intake_code"), b.get("appointment_id"), now
        )
        ticket_no = queued["ticket_no"]
    else:
        ticket_no = body.get("ticket_no") or f"A{next_number(conn, 'ticket:' + day):03d}"
    data = {
        "ticket_no": ticket_no,
        "hall": b["hall"],
        "intake_code": b.get("intake_code"),
        "appointment_id": b.get("appointment_id"),
        "state": state,
        "issued_at": feed.portal_stamp(now),
    }
    conn.execute(
        "INSERT INTO tickets (ticket_no, hall, data) VALUES (?, ?, ?)"
        " ON CONFLICT (ticket_no) DO UPDATE SET data = excluded.data",
        (ticket_no, b["hall"], json.dumps(data, ensure_ascii=False)),
    )
    seq = feed.emit(conn, "ticket", feed.for_hall(b["hall"]), data, now)
    return {**data, "seq": seq}


def hold_ecert(conn: sqlite3.Connection, body: Any) -> dict[str, Any]:
    b = _require(body, "id_number", "material", "title", "issuer")
    cert_no = body.get("cert_no") or f"DZZZ{secrets.token_hex(6).upper()}"
    conn.execute(
        "INSERT INTO ecerts (cert_no, id_number, material, title, issuer, valid_until)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cert_no) DO NOTHING",
        (cert_no, b["id_number"], b["material"], b["title"], b["issuer"], b.get("valid_until")),
    )
    return {"cert_no": cert_no}


def lookup_ecerts(conn: sqlite3.Connection, body: Any) -> dict[str, Any]:
    b = _require(body, "id_number", "material")
    rows = conn.execute(
        "SELECT cert_no, material, title, issuer, valid_until FROM ecerts"
        " WHERE id_number = ? AND material = ? ORDER BY cert_no",
        (b["id_number"], b["material"]),
    ).fetchall()
    return {"certificates": [dict(r) for r in rows]}


def record_online_application(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    b = _require(body, "id_number", "intake_code")
    day = datetime.fromtimestamp(now, CHINA).strftime("%Y%m%d")
    number = f"WS{day}{next_number(conn, 'online:' + day):06d}"
    conn.execute(
        "INSERT INTO online_applications (application_no, id_number, intake_code, state, updated_at)"
        " VALUES (?, ?, ?, 'submitted', ?)",
        (number, b["id_number"], b["intake_code"], now),
    )
    return {"application_no": number, "state": "submitted"}


def withdraw_online_application(
    conn: sqlite3.Connection, application_no: str, now: float
) -> dict[str, Any]:
    row = conn.execute(
        "SELECT state, case_id FROM online_applications WHERE application_no = ?",
        (application_no,),
    ).fetchone()
    if row is None:
        raise Problem("not-found")
    if row["state"] != "submitted":
        raise Problem("bad-transition", old=row["state"], new="withdrawn")
    conn.execute(
        "UPDATE online_applications SET state = 'withdrawn', updated_at = ? WHERE application_no = ?",
        (now, application_no),
    )
    return {"application_no": application_no, "state": "withdrawn"}


def publish_catalogue(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    """Publish a catalogue version: the document is kept, and its SHA-256 (over the canonical
    JSON the terminals fetch) goes to everyone in the feed."""
    b = _require(body, "version")
    document = b.get("document")
    if not isinstance(document, dict):
        raise Problem("invalid-request", {"errors": [field_error("document", "not_object")]})
    text = protocol.canonical_json(document)
    data = {
        "version": b["version"],
        "sha256": hashlib.sha256(text).hexdigest(),
        "published_at": feed.portal_stamp(now),
    }
    try:
        conn.execute(
            "INSERT INTO catalogue_versions (version, sha256, published_at, document)"
            " VALUES (?, ?, ?, ?)",
            (data["version"], data["sha256"], data["published_at"], text.decode()),
        )
    except sqlite3.IntegrityError:
        raise Problem("bad-transition", old=b["version"], new=b["version"]) from None
    seq = feed.emit(conn, "catalogue", feed.EVERYONE, data, now)
    return {**data, "seq": seq}


def catalogue_document(conn: sqlite3.Connection, version: str) -> dict[str, Any]:
    """A published version's document, for any enrolled terminal."""
    row = conn.execute(
        "SELECT version, sha256, document FROM catalogue_versions WHERE version = ?", (version,)
    ).fetchone()
    if row is None or row["document"] is None:
        raise Problem("not-found")
    return {
        "version": row["version"],
        "sha256": row["sha256"],
        "document": json.loads(row["document"]),
    }


def add_enrol_code(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    """A one-time code for one terminal of one hall, good for ``valid_hours`` (default 72)
    or until ``expires_at`` (ISO 8601 with offset). ``kind``: counter (the default), kiosk
    or display; only a counter's key may change cases and follow-ups."""
    b = _require(body, "code", "terminal_id", "hall")
    expires = b.get("expires_at")
    if expires is not None:
        try:
            at = datetime.fromisoformat(str(expires))
        except ValueError:
            at = None
        if at is None or at.tzinfo is None or at.timestamp() <= now:
            raise Problem("invalid-request", {"errors": [field_error("expires_at", "not_future")]})
        hours = (at.timestamp() - now) / 3600
    else:
        hours = float(b.get("valid_hours", VALID_HOURS))
    kind = b.get("kind", "counter")
    if kind not in KINDS:
        raise Problem("invalid-request", {"errors": [field_error("kind", "not_allowed")]})
    until = admit_code(conn, b["code"], b["terminal_id"], b["hall"], now, hours, kind)
    return {
        "admitted": True,
        "terminal_id": b["terminal_id"],
        "hall": b["hall"],
        "kind": kind,
        "expires_at": feed.portal_stamp(until),
    }
