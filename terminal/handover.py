"""Who collects a case's result at the counter, and the record of it (出件, issue 16).

The portal decides a handover while the collector stands there (sync/cases/results.py); this
module says who may collect, before anything is asked, and writes what the portal confirmed.

Who: the applicant, whose card read at the counter is the applicant's own (not a number
typed: whoever holds the licence afterwards must have shown the card), or an agent with their
own card read, their relation to the applicant and the applicant's 委托书 captured (its hash
and size go with the handover; the file itself is kept and uploaded as the handover's
attachment: terminal/attachments/letters.py). Anyone else is refused in a sentence before the
portal is asked.

The record: the handover as the portal took it is a ``case.result`` row of the outbox, written
``sent`` on the portal's signed answer (kept in ``portal_answers``), never sent from here: the
exchange already happened. With it, in the same transaction, the journal entry names the
clerk, the collector (masked) and the signature envelope's hash, and an agent's 委托书 is listed.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from terminal import journal
from terminal.attachments import letters
from terminal.attachments.model import Attachment
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.identity import mask_id_number, mask_name, normalise_id_number

OUTBOX_CASE_RESULT = "case.result"
# Whom an agent may be to the applicant (the portal checks the same list).
RELATIONS = ("spouse", "parent", "child", "relative", "entrusted", "employee")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class HandoverRefused(TongbanError):
    pass


@dataclass(frozen=True)
class Collector:
    role: str  # applicant | agent
    name: str
    id_number: str  # read from their card
    relation: str = ""
    letter_sha256: str = ""  # the 委托书, for an agent
    letter: Attachment | None = None  # its captured file, kept with the handover

    def for_portal(self) -> dict[str, Any]:
        """What the portal checks and keeps: the number read from the card (the applicant's
        must be the case's applicant's; an agent's is the record of who took it), and the
        letter's size, so the portal takes its upload (the size its record names)."""
        out: dict[str, Any] = {"role": self.role, "id_number": self.id_number}
        if self.role == "agent":
            out |= {"relation": self.relation, "letter_sha256": self.letter_sha256}
            if self.letter is not None:
                out["letter_size"] = self.letter.size
        return out

    def journaled(self) -> dict[str, Any]:
        out = {"role": self.role, "who": f"{mask_name(self.name)} {mask_id_number(self.id_number)}"}
        return out | ({"relation": self.relation} if self.role == "agent" else {})


def collector_of(
    applicant_number: str,
    name: str,
    id_number: str,
    *,
    from_card: bool,
    relation: str = "",
    letter_sha256: str = "",
    letter: Attachment | None = None,
) -> Collector:
    """The collector standing at the counter, checked: ``from_card`` says the number was read
    from their card (a typed number does not collect a licence). ``letter``: the 委托书's
    captured file (its hash is then the letter's), kept with the handover."""
    if not from_card:
        raise HandoverRefused("handover.card_needed")
    number = normalise_id_number(id_number)
    if number == normalise_id_number(applicant_number):
        return Collector("applicant", name, number)
    if not relation:
        raise HandoverRefused("handover.not_the_applicant")
    if relation not in RELATIONS:
        raise HandoverRefused("handover.relation", relation=relation)
    if letter is not None:
        if (letter_sha256 and letter_sha256 != letter.sha256) or letter.problem() is not None:
            raise HandoverRefused("handover.letter_needed")
        letter_sha256 = letter.sha256
    if not _SHA256.fullmatch(letter_sha256):
        raise HandoverRefused("handover.letter_needed")
    return Collector("agent", name, number, relation, letter_sha256, letter)


def record(
    conn: sqlite3.Connection,
    case_id: str,
    receipt_no: str,
    body: dict[str, Any],
    *,
    state: str,
    waybill: str | None,
    answer_id: int,
    collector: Collector | None,
    terminal_id: str,
    clerk: str,
    at: datetime,
) -> None:
    """The handover (or the mailing) the portal confirmed, with its journal entry; inside
    ``Store.write()``. ``body``: the request as sent (its id is the row's key)."""
    if not conn.in_transaction:
        raise RuntimeError("a handover is recorded inside a write transaction")
    key = str(body.get("handover_id") or body.get("mailing_id"))
    if conn.execute("SELECT 1 FROM outbox WHERE idempotency_key = ?", (key,)).fetchone():
        return  # the same handover answered again (a retry after a cut): recorded once
    now = stamp(at)
    # The 出件 window seldom holds the case: the row names it only when it does (the column
    # refers to this store's cases); the body always does.
    held = conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None
    conn.execute(
        "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at, state, sent_at,"
        " answer_id) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)",
        (case_id if held else None, OUTBOX_CASE_RESULT, key,
         json.dumps({**body, "case_id": case_id, "state": state, "waybill": waybill},
                    ensure_ascii=False, sort_keys=True, separators=(",", ":")),
         now, now, answer_id),
    )  # fmt: skip
    details: dict[str, Any] = {"receipt_no": receipt_no, "operation": key}
    if collector is not None:
        details |= {"collector": collector.journaled(), "items": body.get("items"),
                    "signature_sha256": body.get("signature_sha256")}  # fmt: skip
    if collector is not None and collector.letter is not None:
        # Listed with the handover, never before: a refused one lists nothing (letters.py).
        letters.record(conn, key, case_id, collector.letter)
        details["letter_sha256"] = collector.letter.sha256
    if waybill:
        details["waybill"] = waybill
    if state == "collected" and held:
        # The supervisor's facts (issue 17): a case held here was collected. The portal said
        # so; an order the figures cannot place is left out of them, never refused.
        from terminal.supervision.events import Event
        from terminal.supervision.events import record as record_event

        record_event(conn, Event(case_id, "collected", at, terminal_id, clerk=clerk), strict=False)
    journal.append(
        conn,
        at=at,
        actor=clerk,
        terminal=terminal_id,
        action="case.collected" if state == "collected" else "case.mailed",
        subject=case_id,
        details=details,
    )


def handed(conn: sqlite3.Connection, case_id: str) -> dict[str, Any] | None:
    """The case's handover or mailing as recorded here (state, waybill, items), or None."""
    row = conn.execute(
        "SELECT body FROM outbox WHERE kind = ? AND json_extract(body, '$.case_id') = ?"
        " ORDER BY id DESC LIMIT 1",
        (OUTBOX_CASE_RESULT, case_id),
    ).fetchone()
    return None if row is None else dict(json.loads(row[0]))
