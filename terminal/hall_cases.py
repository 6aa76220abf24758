"""A case recorded at another counter of the hall, taken into this store (review 4, finding 1).

A citizen with a 补正 notice from window 3 is called to window 5 on their return. Window 5
asks the portal for the case (sync/cases/hall_fetch.py: the receipt and the applicant's last
four, a signed answer) and writes it here as the portal holds it, so the return, a
withdrawal or a void is recorded in the same case, by this counter, and goes to the portal
as that case's event like any other.

What is written, in one transaction: the case's row as the recording counter sent it (its
``terminal_id`` stays the recording counter's: the receipt was printed there); a case push
marked sent, with the portal's body, because the portal has the case (so this counter never
pushes it again, and its events may go); and a journal entry naming who fetched it and from
which counter.

Only a case the portal holds unchanged is taken: one with events since (a return, a
correction at its own window) is not, because the body would no longer be the case as it
stands; the clerk is told to serve the citizen at the window that recorded it. Nor a case
that is finished (withdrawn, voided, decided by the department): nothing is left to do at a
counter.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.case_machine import CaseError, CaseState
from terminal.casebook import OUTBOX_CASE_PUSH, RIDING
from terminal.clock import stamp
from terminal.identity import normalise_id_number

# The portal's states a counter can still act on, and what this store calls them.
TAKEN = {"received": CaseState.SYNCED, "in_progress": CaseState.IN_PROGRESS}
_DECISIONS = ("accepted", "needs_correction")


def _text(case: dict[str, Any], key: str) -> str:
    value = case.get(key)
    if not isinstance(value, str) or not value:
        raise CaseError("hall_case.garbled", field=key)
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def take(
    conn: sqlite3.Connection,
    answer: dict[str, Any],
    *,
    answer_id: int,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> str:
    """Write the portal's answer (sync/portal/hall_cases.py) as a case of this store; return
    its id. ``answer_id``: the signed answer, kept (``portal_answers``): the proof the push row
    stands on. A case this store already holds is left as it is. Inside ``Store.write()``."""
    if not conn.in_transaction:
        raise RuntimeError("a hall case is taken inside a write transaction")
    case = answer["case"]
    case_id, receipt_no = _text(case, "case_id"), _text(case, "receipt_no")
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None:
        return case_id
    recorded_by = _text(case, "terminal_id")
    if answer["events"]:
        raise CaseError("hall_case.changed", receipt_no=receipt_no, window=recorded_by)
    state = TAKEN.get(str(answer["state"]))
    decision = case.get("decision")
    if state is None or decision not in _DECISIONS:
        raise CaseError("hall_case.finished", receipt_no=receipt_no, window=recorded_by)
    applicant = case.get("applicant")
    if not isinstance(applicant, dict):
        raise CaseError("hall_case.garbled", field="applicant")
    materials = case.get("materials")
    if not isinstance(materials, dict):
        raise CaseError("hall_case.garbled", field="materials")
    now = stamp(at)
    conn.execute(
        "INSERT INTO cases (id, receipt_no, terminal_id, intake_code, bundle_code, services,"
        " catalogue_version, applicant_kind, applicant_name, id_number, answers, form, materials,"
        " missing, decision, state, reason, legal_basis, received_at, due_date, notice_due, clerk,"
        " paper_fallback, paper_receipt_no, portal_case_no, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            case_id,
            receipt_no,
            recorded_by,
            _text(case, "intake_code"),
            case.get("bundle_code"),
            _json(case.get("services") or []),
            _text(case, "catalogue_version"),
            _text(applicant, "kind"),
            _text(applicant, "name"),
            normalise_id_number(_text(applicant, "id_number")),
            _json(case.get("answers") or {}),
            _json(case.get("form") or {}),
            _json({**materials, **{k: case[k] for k in RIDING if k in case}}),
            _json(case.get("missing") or []),
            decision,
            state.value,
            case.get("reason"),
            case.get("legal_basis"),
            _text(case, "received_at"),
            case.get("due_date"),
            case.get("notice_due"),
            _text(case, "clerk"),
            int(bool(case.get("paper_fallback"))),
            case.get("paper_receipt_no"),
            answer.get("portal_case_no") or None,
            now,
            now,
        ),
    )
    # The portal has it (its signed answer says so): a push marked sent on that answer, never
    # sent from here, so the case's events may go.
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at, state, sent_at,"
        " answer_id) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)",
        (case_id, OUTBOX_CASE_PUSH, f"hall:{case_id}", _json(case), now, now, answer_id),
    )
    journal.append(
        conn,
        at=at,
        actor=clerk,
        terminal=terminal_id,
        action="case.fetched_from_hall",
        subject=case_id,
        details={"receipt_no": receipt_no, "recorded_by": recorded_by, "state": state.value},
    )
    return case_id
