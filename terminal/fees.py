"""Fees and 加急 at acceptance: what a case owes, how it was paid or why it was waived, and
the time limit 加急 promises. Pure logic, no store (casebook writes what this returns).

Money is in 分, an integer, from the catalogue to the portal; only paper writes yuan.
The fee is taken when the case is accepted: a 补正 notice or a refusal takes none.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from terminal.catalogue import Intake, Service
from terminal.i18n import TongbanError
from terminal.records import Record
from terminal.workdays import Calendar

if TYPE_CHECKING:
    from terminal.cases import Decided

# The hall's ways to pay, in the order the window offers them (1–4 pick one).
PAYMENT_METHODS: dict[str, tuple[str, str]] = {
    "cash": ("现金", "Cash"),
    "bank_card": ("银行卡", "Bank card"),
    "qr_code": ("扫码支付", "QR code payment"),
    "transfer": ("对公转账", "Bank transfer"),
}
# Cash at the counter may have no number from a payment system; every other way has one.
NEEDS_REFERENCE = {"bank_card", "qr_code", "transfer"}
MAX_REFERENCE = 64
MAX_REASON = 200


class FeeError(TongbanError):
    pass


@dataclass(frozen=True, eq=False, repr=False)
class FeeTaken(Record):
    """What the clerk recorded: paid (method, the payment system's reference) or exempt, the
    exemption with a supervisor's approval (``Approval.as_details``: terminal/fee_settlement.py
    spends it with the case)."""

    method: str = ""
    reference: str = ""
    exempt_reason: str = ""
    approval: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "reference": self.reference,
            "exempt_reason": self.exempt_reason,
            **({"approval": dict(self.approval)} if self.approval else {}),
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any] | None) -> FeeTaken | None:
        if not raw:
            return None
        return FeeTaken(
            str(raw.get("method") or ""),
            str(raw.get("reference") or ""),
            str(raw.get("exempt_reason") or ""),
            {str(k): str(v) for k, v in (raw.get("approval") or {}).items()},
        )


def service_fee_fen(service: Service, answers: Mapping[str, str]) -> int:
    """The service's fee for these answers; the plain amount until the question is answered."""
    by = service.fee_by_answer
    if by is not None and answers.get(by.question) in by.fen:
        return by.fen[answers[by.question]]
    return service.fee_fen


def fee_items(intake: Intake, answers: Mapping[str, str]) -> list[tuple[Service, int]]:
    """Each service of the intake that charges, with its amount (a bundle sums them)."""
    items = [(s, service_fee_fen(s, answers)) for s in intake.services]
    return [(s, fen) for s, fen in items if fen > 0]


def total_fen(intake: Intake, answers: Mapping[str, str]) -> int:
    return sum(fen for _, fen in fee_items(intake, answers))


def can_expedite(intake: Intake) -> bool:
    return any(s.expedite is not None for s in intake.services)


def service_days(service: Service, expedited: bool) -> int:
    """The service's own promised time limit: its 加急 one when asked for and allowed."""
    if expedited and service.expedite is not None:
        return service.expedite.time_limit_days
    return service.time_limit_days


def promised_days(intake: Intake, expedited: bool) -> int:
    """The whole intake's limit: a bundle is done when its slowest service is."""
    return max(service_days(s, expedited) for s in intake.services)


def due_date(intake: Intake, received: date, calendar: Calendar, expedited: bool) -> date:
    return calendar.add_working_days(received, promised_days(intake, expedited))


def problems(
    intake: Intake,
    answers: Mapping[str, str],
    taken: FeeTaken | None,
    expedited: bool,
    accepting: bool,
) -> list[TongbanError]:
    """What stops this fee record; a fee is settled (paid or waived) only for acceptance."""
    found: list[TongbanError] = []
    if expedited and not can_expedite(intake):
        found.append(FeeError("fee.no_expedite"))
    if not accepting:
        return found
    total = total_fen(intake, answers)
    taken = taken or FeeTaken()
    if total == 0:
        if taken.method or taken.exempt_reason:
            found.append(FeeError("fee.free_service"))
        return found
    amount = yuan(total)
    if taken.method and taken.exempt_reason.strip():
        found.append(FeeError("fee.paid_and_exempt", amount=amount))
    elif taken.exempt_reason.strip():
        if len(taken.exempt_reason) > MAX_REASON:
            found.append(FeeError("fee.reason_too_long", limit=MAX_REASON))
    elif not taken.method:
        found.append(FeeError("fee.unsettled", amount=amount))
    elif taken.method not in PAYMENT_METHODS:
        found.append(FeeError("fee.unknown_method", method=taken.method))
    elif taken.method in NEEDS_REFERENCE and not taken.reference.strip():
        found.append(FeeError("fee.no_reference"))
    if len(taken.reference) > MAX_REFERENCE:
        found.append(FeeError("fee.reference_too_long", limit=MAX_REFERENCE))
    return found


def body_part(decided: Decided) -> dict[str, Any]:
    """The case body's ``fee`` and ``expedited``: absent for a free case taken the usual way,
    so such a case's body is the one it always was."""
    from terminal.cases import Decision

    if decided.decision is not Decision.ACCEPTED:
        return {}
    c, intake = decided.capture, decided.intake
    part: dict[str, Any] = {}
    items = fee_items(intake, c.answers)
    if items:
        taken = c.fee or FeeTaken()
        exempt = taken.exempt_reason.strip()
        part["fee"] = {
            "amount_fen": sum(fen for _, fen in items),
            "items": [
                {"code": s.code, "amount_fen": fen, "basis": s.fee_basis} for s, fen in items
            ],
            "method": None if exempt else taken.method,
            "reference": None if exempt else taken.reference.strip() or None,
            "exempt_reason": exempt or None,
            # Who allowed the waiver: the clerk alone may not (terminal/fee_settlement.py).
            **({"approval": dict(taken.approval)} if exempt and taken.approval else {}),
        }
    if c.expedited and can_expedite(intake):
        part["expedited"] = {
            "services": [
                {"code": s.code, "time_limit_days": s.expedite.time_limit_days}
                for s in intake.services
                if s.expedite is not None
            ]
        }
    return part


def journaled(decided: Decided) -> dict[str, Any]:
    """For the journal: the amount and how it was settled (the clerk who took it is the
    entry's actor). The payment reference stays in the case: the journal is read widely."""
    part = body_part(decided)
    out: dict[str, Any] = {}
    if "fee" in part:
        fee = part["fee"]
        out["fee_fen"] = fee["amount_fen"]
        out["fee"] = "exempt" if fee["exempt_reason"] else fee["method"]
        if fee["exempt_reason"]:  # the journal names both: the clerk (actor) and who allowed it
            out["fee_approval"] = fee.get("approval") or {}
    if "expedited" in part:
        out["expedited"] = True
    return out


def recorded(conn: sqlite3.Connection, case_id: str) -> dict[str, Any]:
    """A case's fee and 加急 as it was sent: its push body is written once and never changes,
    so the receipt reprinted a year later says what the portal was told."""
    # A case accepted on its return after 补正 settles its fee in that event (kind
    # materials_complete), not in the notice's push: the last body that has one says it.
    rows = conn.execute(
        "SELECT body FROM outbox WHERE case_id = ? AND kind IN ('case.push', 'case.event')"
        " ORDER BY id DESC",
        (case_id,),
    ).fetchall()
    for (raw,) in rows:
        body = json.loads(raw)
        if body.get("kind", "materials_complete") == "materials_complete" and (
            "fee" in body or "expedited" in body
        ):
            out = {k: body[k] for k in ("fee", "expedited") if k in body}
            # A payment reference corrected after acceptance (更正) is the one printed now.
            from terminal.correction_fields import corrected_reference

            reference = corrected_reference(conn, case_id) if "fee" in out else None
            if reference is not None:
                out["fee"] = {**out["fee"], "reference": reference}
            return out
    return {}


_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def yuan(fen: int) -> str:
    """¥80.00: the amount as a receipt writes it in figures."""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


def in_words(fen: int) -> str:
    """人民币大写, as a 收费 receipt writes it: 捌拾元整, 伍佰伍拾元整, 壹仟零伍元伍角."""
    whole, jiao, fen_ = fen // 100, fen // 10 % 10, fen % 10
    text = _integer_words(whole) + "元" if whole else ""
    if jiao == 0 and fen_ == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif whole:
        text += "零"
    if fen_:
        text += _DIGITS[fen_] + "分"
    return text


def _integer_words(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text, zero = "", False
    for i in reversed(range(len(groups))):
        g = groups[i]
        if g == 0:
            zero = bool(text)
            continue
        if text and (zero or g < 1000):
            text += "零"
        text += _group_words(g) + ("", "万", "亿", "万亿")[i]
        zero = False
    return text


def _group_words(g: int) -> str:
    text, zero = "", False
    for unit, power in (("仟", 1000), ("佰", 100), ("拾", 10), ("", 1)):
        d = g // power % 10
        if d == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[d] + unit
    return text
