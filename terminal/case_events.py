"""What a counter does to a case after its decision (issue 14): the return after 补正 (the
missing materials arrive and the same case is accepted), a withdrawal (撤回) at the citizen's
request, a void (作废) of a case accepted in error, a correction (更正) after acceptance.

Each is an event. In one transaction: the case row changes (its state, its decision, its
materials or the corrected values), an outbox row carries the event to the portal, and the
journal names everyone involved. The outbox row's body is fixed and never deleted unsent
(the store's triggers): with the journal it is the case's history, so a correction keeps
every value it replaced, field by field. Sync pushes an event only after the case itself and
after the case's earlier events, under the event's own id (sync/cases/case_events.py).

Rules of who may do what are the state machine's (terminal/cases.py COUNTER_MOVES); who
asked is the caller's to prove: a void and a correction carry a supervisor's approval
(terminal/approval.py), a withdrawal names the citizen and how they showed who they are.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from terminal import correction_fields as extra
from terminal import fee_settlement, fees, journal, late_return, logs, withdrawal
from terminal.approval import Approval
from terminal.attachments import records as attachments
from terminal.attachments.model import Attachment
from terminal.case_approvals import CORRECT, VOID, correction_change, spend, void_change
from terminal.case_machine import CaseError, CaseState, counter_move
from terminal.casebook import CaseRow, by_id_number
from terminal.cases import Applicant, Capture, Decided, Decision, MaterialsGiven
from terminal.catalogue_parse import RETURN_WORKING_DAYS as DEFAULT_RETURN_DAYS
from terminal.clock import stamp
from terminal.identity import DocumentKind, mask_id_number
from terminal.parties import Parties
from terminal.store import Store
from terminal.workdays import Calendar, default_calendar

OUTBOX_CASE_EVENT = "case.event"
EVENT_FORMAT = "tongban.case-event/1"
# How long a 补正 notice gives the citizen to come back, in working days from the notice's
# day, where the case does not say (recorded before the catalogue set it per service:
# terminal/cases.py Decided.return_by), printed on the notice and said by the kiosk.
RETURN_WORKING_DAYS = DEFAULT_RETURN_DAYS
# Events after which the case's documents are printed again, marked (第2份, 更正版 第2版).
REISSUING = ("materials_complete", "corrected")
# What a correction may change: the applicant's name, any form field (form.<id>) and the
# counts of a material handed over (materials.<code>: {"originals": n, "copies": n}). The
# answers are not corrected: a different answer may ask for other materials (a new case).
# Also the fee's reference, the company's and the agent's fields (terminal/correction_fields).
NAME_FIELD = "applicant.name"
MATERIALS = "materials."
log = logs.get("cases")


@dataclass(frozen=True)
class Citizen:
    """Who asked for a withdrawal, and how they showed it: their card read, or the receipt."""

    name: str
    id_number: str
    proof: str  # "card" or "receipt"


@dataclass(frozen=True)
class Change:
    field: str  # NAME_FIELD or "form.<field id>"
    before: Any
    after: Any


def return_by(noticed: date, calendar: Calendar | None = None) -> date:
    """The last day to bring what a 补正 notice asks for (the notice and the kiosk say it)."""
    return (calendar or default_calendar()).add_working_days(noticed, RETURN_WORKING_DAYS)


def open_corrections(store: Store, id_number: str) -> list[CaseRow]:
    """This citizen's cases waiting for their 补正 materials, newest first."""
    return [
        r
        for r in by_id_number(store, id_number)
        if r.decision == "needs_correction"
        and r.state in (CaseState.NEEDS_CORRECTION.value, CaseState.SYNCED.value)
    ]


def events_of(conn: sqlite3.Connection, case_id: str) -> list[dict[str, Any]]:
    """The case's events in order, each with its sync state (pending, sent, quarantined)."""
    rows = conn.execute(
        "SELECT body, state FROM outbox WHERE case_id = ? AND kind = ? ORDER BY id",
        (case_id, OUTBOX_CASE_EVENT),
    ).fetchall()
    return [{**json.loads(r[0]), "sync": r[1]} for r in rows]


def for_documents(conn: sqlite3.Connection, detail: dict[str, Any]) -> None:
    """Add what the printed documents say of the case's events (terminal/documents/marks.py):
    the events, and for an open notice the last day to come back: as recorded with the
    notice (the service's deadline), else counted by the hall's rule, as the portal counts
    it for a kiosk (sync/portal/case_events.py)."""
    detail["events"] = events_of(conn, str(detail["id"]))
    if detail["decision"] == "needs_correction" and not detail.get("return_by"):
        noticed = date.fromisoformat(str(detail["received_at"])[:10])
        detail["return_by"] = return_by(noticed).isoformat()


def edition(events: list[dict[str, Any]]) -> int:
    """Which paper of the case the next re-issued document is: the first was the decision's."""
    return 1 + sum(1 for e in events if e.get("kind") in REISSUING)


def _case(conn: sqlite3.Connection, case_id: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise CaseError("case.not_found", key=case_id)
    return row  # type: ignore[no-any-return]  # the store's connection yields sqlite3.Row


def return_capture(
    detail: dict[str, Any], given: MaterialsGiven, scans: tuple[Attachment, ...] = ()
) -> Capture:
    """The same case (same id, applicant, answers, form) with what the citizen has now handed
    over: decide it ACCEPTED with the day's time, then ``record_return``."""
    return Capture(
        str(detail["id"]),
        str(detail["intake_code"]),
        Applicant(
            DocumentKind(detail["applicant_kind"]), detail["applicant_name"], detail["id_number"]
        ),
        dict(detail["answers"]),
        dict(detail["form"]),
        given,
        scans,
        parties=Parties.from_json(detail.get("parties")),  # who applied, as recorded
    )


def record_return(
    conn: sqlite3.Connection, decided: Decided, *, terminal_id: str, clerk: str, at: datetime
) -> str:
    """补正后受理: ``decided`` is the same case decided ACCEPTED on the day its materials were
    complete (``cases.decide`` with that day's time), so the legal clock runs from that day.
    Returns the receipt number, which stays the case's."""
    c = decided.capture
    if decided.decision is not Decision.ACCEPTED:
        raise CaseError("case.return_accepts_only")
    case = _case(conn, c.case_id)
    new = counter_move("materials_complete", CaseState(case["state"]), case["decision"])
    fee_settlement.settle(conn, decided, clerk=clerk, terminal=terminal_id, at=at)
    known = {a.sha256 for a in attachments.of_case(conn, c.case_id)}
    added = [a for a in c.attachments if a.sha256 not in known]
    attachments.record(conn, c.case_id, added)
    due = decided.due_date.isoformat() if decided.due_date else None
    late = late_return.part(case, decided.received_at.date())  # marked, not refused
    given = c.given.to_json()
    # Who applied rides in the materials JSON (terminal/casebook.py): kept, not replaced.
    parties = json.loads(case["materials"]).get("parties")
    stored = {**given, **({"parties": parties} if parties else {})}
    conn.execute(
        "UPDATE cases SET decision = 'accepted', state = ?, materials = ?, missing = '[]',"
        " form = ?, due_date = ?, updated_at = ? WHERE id = ?",
        (new.value, _json(stored), _json(decided.form), due, stamp(at), c.case_id),
    )
    body = {
        "materials": given,
        "missing_before": json.loads(case["missing"]),
        "form": decided.form,
        "accepted_on": decided.received_at.date().isoformat(),
        "due_date": due,
        **({"attachments": [a.to_json() for a in added]} if added else {}),
        # The fee is settled at acceptance, so a case with a fee settles it on its return.
        **fees.body_part(decided),
        **late,
    }
    details = {
        # Whose case came back (masked, as the journal names citizens), and what arrived.
        "citizen": mask_id_number(str(case["id_number"])),
        "arrived": sorted(m["material"] for m in json.loads(case["missing"])),
        "due_date": due,
        **({"attachments": attachments.journaled(added)} if added else {}),
        **fees.journaled(decided),
        **late,
    }
    _event(conn, case, "materials_complete", new, body, details, terminal_id, clerk, at)
    return str(case["receipt_no"])


def record_withdrawal(
    conn: sqlite3.Connection,
    case_id: str,
    *,
    citizen: Citizen,
    reason: str,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> str:
    """撤回 at the citizen's request: the applicant (by their card, or by the receipt with
    their ID number keyed) or the agent of record with their card (terminal/withdrawal.py);
    returns the event id."""
    case = _case(conn, case_id)
    new = counter_move("withdrawn", CaseState(case["state"]), case["decision"])
    who = withdrawal.presented_by(case, citizen.name, citizen.id_number, citizen.proof)
    body = {"reason": reason.strip(), "presented_by": who}
    details = withdrawal.journaled(who, citizen.id_number)
    return _event(conn, case, "withdrawn", new, body, details, terminal_id, clerk, at)


def record_void(
    conn: sqlite3.Connection,
    case_id: str,
    *,
    reason: str,
    approval: Approval,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> str:
    """作废 of a case accepted in error, with a supervisor's approval; returns the event id."""
    case = _case(conn, case_id)
    new = counter_move("voided", CaseState(case["state"]), case["decision"])
    # The approval is the journal's, for this void of this case, asked by this clerk, recent
    # and unused: spent here, with the void.
    spend(
        conn, approval, purpose=VOID, case_id=case_id, change=void_change(reason),
        clerk=clerk, terminal=terminal_id, at=at,
    )  # fmt: skip
    body = {"reason": reason.strip(), "approval": approval.as_details()}
    return _event(conn, case, "voided", new, body, approval.as_details(), terminal_id, clerk, at)


def handed_of(materials: Any, code: str) -> dict[str, int]:
    """A material's counts as the case holds them (nothing handed: zeros)."""
    raw = materials if isinstance(materials, dict) else json.loads(materials)
    got = (raw.get("handed") or {}).get(code) or {}
    return {"originals": int(got.get("originals", 0)), "copies": int(got.get("copies", 0))}


def changes_of(
    case: dict[str, Any],
    name: str,
    form: dict[str, Any],
    handed: dict[str, dict[str, int]] | None = None,
) -> list[Change]:
    """What a correction changes, field by field (only what differs); ``handed``: the
    materials' counts as they should have been recorded, by code."""
    changes = (
        [Change(NAME_FIELD, case["applicant_name"], name)] if name != case["applicant_name"] else []
    )
    old = case["form"] if isinstance(case["form"], dict) else json.loads(case["form"])
    for key in sorted(set(old) | set(form)):
        if old.get(key) != form.get(key):
            changes.append(Change(f"form.{key}", old.get(key), form.get(key)))
    for code, after in sorted((handed or {}).items()):
        before = handed_of(case["materials"], code)
        if before != after:
            changes.append(Change(f"{MATERIALS}{code}", before, dict(after)))
    return changes


def record_correction(
    conn: sqlite3.Connection,
    case_id: str,
    *,
    changes: list[Change],
    reason: str,
    approval: Approval,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> int:
    """更正 after acceptance: each change with its value before and after, why, who approved.
    A change whose 'before' is no longer the case's value is refused (someone changed it
    meanwhile). Returns the documents' new version (第2版 ...)."""
    case = _case(conn, case_id)
    new = counter_move("corrected", CaseState(case["state"]), case["decision"])
    if approval.purpose != CORRECT or approval.subject != case_id:
        raise CaseError("case.approval_other", purpose=approval.purpose)
    if not changes or not reason.strip():
        raise CaseError("case.correction_empty")
    name, form = str(case["applicant_name"]), dict(json.loads(case["form"]))
    materials = json.loads(case["materials"])
    more = extra.current(conn, case_id, materials)  # fee reference, company, agent
    for ch in changes:
        if ch.field == NAME_FIELD:
            now_value: Any = name
        elif ch.field.startswith("form."):
            now_value = form.get(ch.field.removeprefix("form."))
        elif ch.field.startswith(MATERIALS) and _counts(ch.after):
            now_value = handed_of(materials, ch.field.removeprefix(MATERIALS))
        elif ch.field in more:
            now_value = more[ch.field]
            extra.check(conn, case_id, ch.field, ch.after)
        else:
            raise CaseError("case.correction_stale", field=ch.field)
        if now_value != ch.before:
            raise CaseError("case.correction_stale", field=ch.field)
        if ch.field == NAME_FIELD:
            name = str(ch.after).strip()
        elif ch.field.startswith("form."):
            form[ch.field.removeprefix("form.")] = ch.after
        elif ch.field in more:
            extra.apply(materials, ch.field, ch.after)
        else:
            code = ch.field.removeprefix(MATERIALS)
            materials.setdefault("handed", {})[code] = dict(ch.after)
    if not name:
        raise CaseError("case.no_name")
    spend(
        conn, approval, purpose=CORRECT, case_id=case_id,
        change=correction_change(changes, reason), clerk=clerk, terminal=terminal_id, at=at,
    )  # fmt: skip
    version = 1 + edition(events_of(conn, case_id))
    conn.execute(
        "UPDATE cases SET applicant_name = ?, form = ?, materials = ?, updated_at = ? WHERE id = ?",
        (name, _json(form), _json(materials), stamp(at), case_id),
    )
    body = {
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in changes],
        "reason": reason.strip(),
        "version": version,
        "approval": approval.as_details(),
    }
    # The journal names the fields and the people, not the values (they may be personal).
    details = {"fields": [c.field for c in changes], "version": version, **approval.as_details()}
    _event(conn, case, "corrected", new, body, details, terminal_id, clerk, at)
    return version


def _counts(value: Any) -> bool:
    """A material's corrected counts: originals and copies, whole numbers from 0."""
    return (
        isinstance(value, dict)
        and set(value) == {"originals", "copies"}
        and all(isinstance(n, int) and 0 <= n <= 99 for n in value.values())
    )


def _event(
    conn: sqlite3.Connection,
    case: sqlite3.Row,
    kind: str,
    new: CaseState,
    extra: dict[str, Any],
    details: dict[str, Any],
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> str:
    """The state, the outbox row and the journal entry, in the caller's transaction."""
    if not conn.in_transaction:
        raise RuntimeError("a case event is recorded inside a write transaction")
    event_id = str(uuid.uuid4())
    old = str(case["state"])
    if new.value != old:
        conn.execute(
            "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?",
            (new.value, stamp(at), case["id"]),
        )
    body = {
        "format": EVENT_FORMAT,
        "event_id": event_id,
        "case_id": case["id"],
        "receipt_no": case["receipt_no"],
        "kind": kind,
        "at": stamp(at),
        "terminal_id": terminal_id,
        "clerk": clerk,
        **extra,
    }
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)",
        (case["id"], OUTBOX_CASE_EVENT, event_id, _json(body), stamp(at)),
    )
    journal.append(
        conn,
        at=at,
        actor=clerk,
        terminal=terminal_id,
        action=f"case.{kind}",
        subject=case["id"],
        details={
            "event": event_id,
            "receipt_no": case["receipt_no"],
            "from": old,
            "to": new.value,
            **details,
        },
    )
    log.info("case %s: %s (event %s)", case["id"], kind, event_id)
    return event_id


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
