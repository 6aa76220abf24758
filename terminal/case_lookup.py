"""Opening a recorded case by its receipt number or QR at the counter (review 5, finding 6).

A receipt number is printed on paper the citizen carries, and a clerk can type any number:
without a rule, anyone at a window could read a citizen's case without the citizen there.
So a case opens by its number only with the citizen present, shown one of two ways:

- the card read at this counter is the applicant's or the case's agent's (a company's
  经办人 is its applicant at the counter); or
- the last 4 characters of the applicant's ID number, typed (the citizen says them).

A mismatch is refused in a sentence. Every lookup, allowed or refused, is a journal entry
``case.looked_up`` naming the signed-in clerk and the receipt number, never an ID number.
A void or a correction is the hall's own act, without the citizen: opened by number for it,
the case is journaled the same way, with what for (``opened_by_staff``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from terminal import casebook, journal
from terminal.case_machine import CaseError
from terminal.case_state import CaseNotFound
from terminal.identity import mask_id_number, normalise_id_number
from terminal.store import Store

ACTION = "case.looked_up"
LAST = 4  # characters of the applicant's ID number the citizen says
# Four characters can be guessed: after this many refusals for one case (in the journal's
# recent entries) its last 4 no longer open it; the citizen's card still does.
GUESSES = 5
RECENT = 5000  # journal entries looked back over: bounded by the primary key, no index


def proof_of(detail: dict[str, Any], cards: Sequence[str], last4: str) -> str | None:
    """How the citizen showed they are the case's: "card" (applicant's or agent's card
    read), "last4" (the applicant's number's end typed), or None."""
    applicant = normalise_id_number(str(detail["id_number"]))
    agent = ((detail.get("parties") or {}).get("agent") or {}).get("id_number")
    theirs = {applicant} | ({normalise_id_number(str(agent))} if agent else set())
    if any(normalise_id_number(c) in theirs for c in cards if c):
        return "card"
    typed = normalise_id_number(last4)
    if len(typed) == LAST and applicant.endswith(typed):
        return "last4"
    return None


def look_up(
    store: Store,
    key: str,
    *,
    cards: Sequence[str] = (),
    last4: str = "",
    clerk: str,
    terminal_id: str,
    at: datetime,
) -> dict[str, Any]:
    """The case's detail when the citizen is shown present; else CaseError. Journaled
    either way, in its own transaction (a refusal is recorded, then said)."""
    try:
        detail: dict[str, Any] | None = casebook.load_detail(store, key)
    except CaseNotFound:
        detail = None
    proof = None if detail is None else proof_of(detail, cards, last4)
    if detail is None:
        outcome = "not_found"
    elif proof == "last4" and _refused(store, str(detail["id"])) >= GUESSES:
        proof, outcome = None, "locked"
    elif proof is None:
        outcome = "refused"
    else:
        outcome = "allowed"
    # What was typed for a case not found may be anything, an ID number too: kept masked.
    receipt_no = str(detail["receipt_no"]) if detail is not None else mask_id_number(key[:40])
    # How the citizen was shown present; which number is never written here.
    shown = proof or ("card" if cards else "last4" if last4 else "none")
    _journal(store, detail, receipt_no, outcome, shown, clerk, terminal_id, at)
    if detail is None:
        raise CaseNotFound("case.not_found", key=receipt_no)
    if outcome == "locked":
        raise CaseError("case.lookup_locked", times=GUESSES)
    if proof is None:
        raise CaseError("case.lookup_refused" if cards or last4 else "case.lookup_unproven")
    return detail


def _refused(store: Store, case_id: str) -> int:
    """How many lookups of this case were refused lately (a guesser's tries)."""
    row = store.conn.execute(
        "SELECT count(*) FROM journal WHERE seq > (SELECT coalesce(max(seq), 0) FROM journal) - ?"
        " AND action = ? AND subject = ? AND json_extract(details, '$.outcome') = 'refused'",
        (RECENT, ACTION, case_id),
    ).fetchone()
    return int(row[0])


def opened_by_staff(
    store: Store,
    case_id: str,
    receipt_no: str,
    *,
    purpose: str,
    clerk: str,
    terminal_id: str,
    at: datetime,
) -> None:
    """A case opened by its number for an act of the hall's own, without the citizen (a
    void, a correction: each needs a supervisor's approval before it is done). Not
    refused, but journaled like any lookup, with what for."""
    detail = {"id": case_id}
    _journal(store, detail, receipt_no, "allowed", f"staff:{purpose}", clerk, terminal_id, at)


def _journal(
    store: Store,
    detail: dict[str, Any] | None,
    receipt_no: str,
    outcome: str,
    proof: str,
    clerk: str,
    terminal_id: str,
    at: datetime,
) -> None:
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=clerk,
            terminal=terminal_id,
            action=ACTION,
            subject=str(detail["id"]) if detail is not None else receipt_no,
            details={"receipt_no": receipt_no, "outcome": outcome, "proof": proof},
        )
