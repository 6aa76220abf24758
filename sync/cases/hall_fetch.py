"""A counter asks the portal for a case of its hall recorded at another counter, and takes it
into its store (terminal/hall_cases.py; the portal's side: sync/portal/hall_cases.py).

Run on the sync worker's thread (``SyncWorker.ask``), between batches, like an e-certificate
question: the clerk waits seconds, never a sync pass. The answer is believed only signed
(the client checks the portal's signature over this request's nonce); it is kept
(``portal_answers``) and the case push row stands on it, in the same transaction as the case
and its journal entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sync.cases.outbox import keep_answer
from sync.errors import LinkDown, LookupThrottled, retry_after
from sync.link import protocol
from sync.link.client import PortalClient
from terminal import hall_cases
from terminal.case_machine import CaseError
from terminal.case_state import CaseNotFound
from terminal.hall_cases import TAKEN
from terminal.identity import ends_with, last_four
from terminal.store import Store


def fetch(
    store: Store,
    client: PortalClient,
    reference: str,
    id_last4: str,
    *,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> str:
    """The case's id in this store once taken. Raises CaseNotFound when the portal has no case
    of this hall for that receipt and last four, CaseError when it has one a counter here
    cannot take, LookupThrottled after too many misses, LinkDown when the portal does not
    answer (or answers unsigned)."""
    tail = last_four(id_last4)
    if tail is None:
        raise CaseError("hall_case.last4")
    ref = reference.upper()
    body = protocol.canonical_json({"receipt_no": ref, "id_last4": tail, "clerk": clerk})
    reply = client.send("POST", protocol.PATH_HALL_CASE, body)
    if reply.status == 404 and reply.problem_name == "case-not-found":
        raise CaseNotFound("hall_case.not_found", receipt_no=reference)
    if reply.status == 409 and reply.problem_name == "case-not-takeable" and reply.proof:
        # Finished, or acted on since at a window: the portal sent nothing of the case.
        facts = reply.problem()
        window = str(facts.get("last_by") or facts.get("recorded_by") or "")
        if facts.get("state") in TAKEN:
            raise CaseError("hall_case.changed", receipt_no=reference, window=window)
        raise CaseError("hall_case.finished", receipt_no=reference, window=window)
    if reply.status == 429:
        raise LookupThrottled(retry_after(reply.headers.get("Retry-After")))
    client.raise_for_link(reply)
    data: Any = reply.json()
    if (
        reply.status != 200
        or reply.proof is None
        or not isinstance(data, dict)
        or not isinstance(data.get("case"), dict)
        or not isinstance(data.get("state"), str)
        or not isinstance(data.get("events"), list)
    ):
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    _answers_the_question(data, ref, tail)
    with store.write():
        answer_id = keep_answer(store.conn, reply.proof, at)
        return hall_cases.take(
            store.conn, data, answer_id=answer_id, terminal_id=terminal_id, clerk=clerk, at=at
        )


def _answers_the_question(data: dict[str, Any], ref: str, tail: str) -> None:
    """A signed answer about another case (a portal holding two rows under one receipt, a
    bug) must not open another citizen's case while this one stands at the counter."""
    case = data["case"]
    applicant = case.get("applicant") if isinstance(case.get("applicant"), dict) else {}
    number = applicant.get("id_number") if isinstance(applicant, dict) else None
    if (
        ref
        not in (str(data.get("receipt_no") or "").upper(), str(data.get("portal_case_no") or ""))
        or data.get("case_id") != case.get("case_id")
        or data.get("receipt_no") != case.get("receipt_no")
        or data.get("recorded_by") != case.get("terminal_id")
        or not isinstance(number, str)
        or not ends_with(number, tail)
    ):
        raise CaseError("hall_case.garbled", field="case_id")
