"""A case's result at the terminal's end (出件, issue 16; the portal's side: sync/portal/results.py).

A handover is decided by the portal, online, while the collector stands at the counter: two
windows may hold the same citizen's case, and only the portal sees both. So these are
questions a person waits on (run on the sync worker's thread, ``SyncWorker.ask``), not outbox
rows: a handover the portal did not confirm did not happen, and the clerk is told so rather
than handing a licence over on hope. Each is sent under its own id as Idempotency-Key, so a
request cut off after the portal took it is asked again and gets the same (replayed) answer.
The signed answer is what the terminal keeps as its proof (``Handed.proof``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.cases.outbox import keep_answer
from sync.errors import LinkDown, LookupThrottled, retry_after
from sync.link import protocol
from sync.link.answers import AnswerProof, Refused, Taken
from sync.link.client import PortalClient
from terminal import handover
from terminal.clock import stamp
from terminal.handover import Collector
from terminal.i18n import TongbanError
from terminal.store import Store


class ResultRefused(TongbanError):
    """The portal did not hand the result over: taken by another window, or the request's
    facts refused (``problems``: the field codes it named)."""


@dataclass(frozen=True)
class Handed:
    """The portal's signed word that this window handed the result over (or mailed it)."""

    operation: str
    state: str  # collected | mailed
    waybill: str | None
    proof: AnswerProof | None


def ready_for(client: PortalClient, id_number: str, clerk: str = "") -> list[dict[str, Any]]:
    """The results waiting in this terminal's hall for the holder of this card. ``clerk``: who
    is signed in at a counter (the portal records who was shown what); a kiosk has none.
    LookupThrottled when this terminal found nothing too often (the portal's limit)."""
    body = protocol.canonical_json({"id_number": id_number} | ({"clerk": clerk} if clerk else {}))
    reply = client.send("POST", protocol.PATH_RESULTS_LOOKUP, body)
    if reply.status == 429 and reply.proof is not None:
        seconds = retry_after(reply.headers.get("Retry-After"))
        raise LookupThrottled(seconds, "sync.results.throttled")
    client.raise_for_link(reply)
    data = reply.json()
    found = data.get("results") if isinstance(data, dict) else None
    if reply.status != 200 or not isinstance(found, list):
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    return [r for r in found if isinstance(r, dict)]


def hand_over(
    client: PortalClient,
    case_id: str,
    receipt_no: str,
    *,
    collector: dict[str, Any],
    items: list[str],
    signature: dict[str, Any],
    terminal_id: str,
    clerk: str,
    at: str,
    handover_id: str | None = None,
) -> Handed:
    """``signature``: the collector's envelope and the text they signed (terminal/signatures.py),
    sent whole: the portal checks and keeps it."""
    key = handover_id or str(uuid.uuid4())
    body = {
        "handover_id": key, "case_id": case_id, "terminal_id": terminal_id, "clerk": clerk,
        "at": at, "collector": collector, "items": sorted(items),
        "signature_sha256": signature["envelope"]["hash"], "signature": signature,
    }  # fmt: skip
    return _settled(client, protocol.path_case_handover(case_id), key, body, receipt_no)


def mail(
    client: PortalClient,
    case_id: str,
    receipt_no: str,
    *,
    recipient: str,
    address: str,
    phone: str,
    collector: dict[str, Any],
    signature: dict[str, Any],
    terminal_id: str,
    clerk: str,
    at: str,
    mailing_id: str | None = None,
) -> Handed:
    """Mailed on the word of the citizen at the counter: who asks is checked as for a
    handover (``collector``), and they sign for it."""
    key = mailing_id or str(uuid.uuid4())
    body = {
        "mailing_id": key, "case_id": case_id, "terminal_id": terminal_id, "clerk": clerk,
        "at": at, "recipient": recipient, "address": address, "phone": phone,
        "collector": collector, "signature_sha256": signature["envelope"]["hash"],
        "signature": signature,
    }  # fmt: skip
    return _settled(client, protocol.path_case_mailing(case_id), key, body, receipt_no)


def _settled(
    client: PortalClient, path: str, key: str, body: dict[str, Any], receipt_no: str
) -> Handed:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    outcome = client.push_one(path, key, text)
    if isinstance(outcome, Refused):
        problem = outcome.problem
        if outcome.status == 409 and str(problem.get("type", "")).endswith("result-taken"):
            if problem.get("handed_by") == body["terminal_id"]:
                # This window's own earlier request took it (cut off, asked again under
                # another key): said as such, not as another window's.
                raise ResultRefused(
                    "results.taken_here",
                    receipt_no=receipt_no,
                    operation=str(problem.get("operation") or ""),
                )
            raise ResultRefused(
                "results.taken",
                receipt_no=receipt_no,
                state=str(problem.get("state") or ""),
                handed_by=str(problem.get("handed_by") or ""),
            )
        errors = problem.get("errors")
        codes = [
            f"{e.get('field')}: {e.get('problem')}" for e in errors or [] if isinstance(e, dict)
        ]
        raise ResultRefused(
            "results.refused", problems="; ".join(codes) or str(problem.get("title"))
        )
    assert isinstance(outcome, Taken)
    answer = outcome.answer
    state = str(answer.get("state") or "")
    if state not in ("collected", "mailed"):
        raise LinkDown("sync.link.garbled", reached=True, status=200)
    waybill = answer.get("waybill")
    return Handed(key, state, str(waybill) if waybill else None, outcome.proof)


def hand_over_here(
    store: Store,
    client: PortalClient,
    case_id: str,
    receipt_no: str,
    *,
    collector: Collector,
    items: list[str],
    signature: dict[str, Any],
    terminal_id: str,
    clerk: str,
    at: datetime,
    handover_id: str,
) -> Handed:
    """Ask the portal, then record what it confirmed (terminal/handover.py) with its signed
    answer, in one transaction. Run on the sync worker's thread (``SyncWorker.ask``). The
    caller keeps ``handover_id`` and ``at`` for every try of one handover: asked again after a
    cut, the portal replays its answer and it is recorded once."""
    key = handover_id
    done = hand_over(
        client, case_id, receipt_no, collector=collector.for_portal(), items=items,
        signature=signature, terminal_id=terminal_id, clerk=clerk, at=stamp(at),
        handover_id=key,
    )  # fmt: skip
    # Kept here: the hash (the envelope is a file in the attachments folder, by that hash).
    body = {"handover_id": key, "case_id": case_id, "items": sorted(items),
            "signature_sha256": signature["envelope"]["hash"],
            "collector": collector.for_portal()}  # fmt: skip
    _record(store, done, case_id, receipt_no, body, collector, terminal_id, clerk, at)
    return done


def mail_here(
    store: Store,
    client: PortalClient,
    case_id: str,
    receipt_no: str,
    *,
    recipient: str,
    address: str,
    phone: str,
    collector: Collector,
    signature: dict[str, Any],
    terminal_id: str,
    clerk: str,
    at: datetime,
    mailing_id: str,
) -> Handed:
    """As ``hand_over_here``, for a mailing: the waybill is in the record and the journal."""
    done = mail(client, case_id, receipt_no, recipient=recipient, address=address, phone=phone,
                collector=collector.for_portal(), signature=signature,
                terminal_id=terminal_id, clerk=clerk, at=stamp(at), mailing_id=mailing_id)  # fmt: skip
    # The address and the phone stay at the portal (its courier needs them); not kept here.
    body = {"mailing_id": mailing_id, "case_id": case_id,
            "signature_sha256": signature["envelope"]["hash"],
            "collector": collector.for_portal()}  # fmt: skip
    _record(store, done, case_id, receipt_no, body, collector, terminal_id, clerk, at)
    return done


def _record(store: Store, done: Handed, case_id: str, receipt_no: str, body: dict[str, Any],
            collector: Collector | None, terminal_id: str, clerk: str, at: datetime) -> None:  # fmt: skip
    if done.proof is None:
        raise LinkDown("sync.link.garbled", reached=True, status=201)
    with store.write():
        answer_id = keep_answer(store.conn, done.proof, at)
        handover.record(
            store.conn, case_id, receipt_no, body, state=done.state, waybill=done.waybill,
            answer_id=answer_id, collector=collector, terminal_id=terminal_id, clerk=clerk,
            at=at,
        )  # fmt: skip
