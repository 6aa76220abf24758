"""What a fee record must satisfy when the case is written (terminal/casebook.py
record_decision, terminal/case_events.py record_return), in the same transaction:

- a waiver (减免) is no clerk's decision alone: it carries a supervisor's approval, given for
  this case, this amount and this reason (``exempt_change``), asked by the clerk recording it,
  and spent with the case;
- a payment reference from the hall's payment system pays for one case: one already recorded
  with another case of this terminal is refused (the same receipt shown twice).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from terminal import approval as approvals
from terminal import fees
from terminal.cases import Decided
from terminal.decision_approvals import cited
from terminal.fees import FeeError

FEE_EXEMPT = "fee.exempt"


def exempt_change(amount_fen: int, reason: str) -> str:
    """What the supervisor approves for a waiver: this amount, for this reason."""
    return approvals.change_digest({"amount_fen": amount_fen, "reason": reason.strip()})


def reference_used(conn: sqlite3.Connection, reference: str, case_id: str) -> str | None:
    """The receipt number of another case that recorded this payment reference, if any: at
    acceptance, or by a correction (更正 of fee.reference)."""
    row = conn.execute(
        "SELECT c.receipt_no FROM outbox o JOIN cases c ON c.id = o.case_id"
        " WHERE o.kind IN ('case.push', 'case.event') AND o.case_id != ?"
        " AND (json_extract(o.body, '$.fee.reference') = ?"
        "  OR EXISTS (SELECT 1 FROM json_each(o.body, '$.changes') AS ch"
        "   WHERE json_extract(ch.value, '$.field') = 'fee.reference'"
        "   AND json_extract(ch.value, '$.after') = ?)) LIMIT 1",
        (case_id, reference, reference),
    ).fetchone()
    return None if row is None else str(row[0])


def settle(
    conn: sqlite3.Connection, decided: Decided, *, clerk: str, terminal: str, at: datetime
) -> None:
    """Refuse, in words, a waiver nobody approved or a payment reference used before; spend
    the waiver's approval. Inside the case's write transaction."""
    fee = fees.body_part(decided).get("fee")
    if fee is None:
        return
    case_id = decided.capture.case_id
    reference = fee.get("reference")
    if reference:
        other = reference_used(conn, reference, case_id)
        if other is not None:
            raise FeeError("fee.reference_used", reference=reference, receipt_no=other)
    reason = fee.get("exempt_reason")
    if not reason:
        return
    given = fee.get("approval")
    if not given:
        raise FeeError("fee.exempt_unapproved")
    approvals.spend(
        conn,
        cited(given, FEE_EXEMPT, case_id),
        purpose=FEE_EXEMPT,
        subject=case_id,
        terminal=terminal,
        asked_by=clerk,
        change=exempt_change(int(fee["amount_fen"]), reason),
        at=at,
    )
