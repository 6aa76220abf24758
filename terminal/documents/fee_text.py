"""What the receipt says about the fee and 加急, from the case as it was sent (terminal/fees.py).

A 收费 line on a Chinese receipt gives the amount in figures and in capitals (大写), as
the 非税收入 receipts the citizen is used to do, and names the 收费依据 it rests on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from terminal.catalogue import Intake
from terminal.fees import PAYMENT_METHODS, in_words, total_fen, yuan


def expedited_days(detail: dict[str, Any]) -> dict[str, int]:
    """Service code → its 加急 time limit, for the services this case expedited."""
    part = detail.get("expedited") or {}
    return {str(s["code"]): int(s["time_limit_days"]) for s in part.get("services", [])}


def fee_lines(detail: dict[str, Any]) -> list[str]:
    """The receipt's 收费 lines; none for a case that charged nothing."""
    fee = detail.get("fee")
    if not fee or not fee.get("amount_fen"):
        return []
    fen = int(fee["amount_fen"])
    lines = [f"应收金额：{yuan(fen)}（人民币{in_words(fen)}）"]
    bases = list(dict.fromkeys(str(i.get("basis") or "") for i in fee.get("items", [])))
    if any(bases):
        lines.append("收费依据：" + "；".join(b for b in bases if b))
    if fee.get("exempt_reason"):
        lines.append(f"减免：免收，理由：{fee['exempt_reason']}")
    else:
        method = PAYMENT_METHODS.get(str(fee.get("method")), (str(fee.get("method")), ""))[0]
        reference = f"　缴费凭证号：{fee['reference']}" if fee.get("reference") else ""
        lines.append(f"缴费方式：{method}{reference}")
    return lines


def guide_lines(intake: Intake, answers: Mapping[str, str]) -> list[str]:
    """The kiosk's 办事指南: what to be ready to pay, and that 加急 may be asked for."""
    lines = []
    fen = total_fen(intake, answers)
    if fen:
        lines.append(f"收费：{yuan(fen)}（人民币{in_words(fen)}），受理时在窗口缴纳")
    for s in intake.services:
        if s.expedite is not None:
            days = (
                "即办"
                if s.expedite.time_limit_days == 0
                else f"{s.expedite.time_limit_days} 个工作日"
            )
            name = f"{s.name}：" if len(intake.services) > 1 else ""
            lines.append(f"可申请加急：{name}{days}")
    return lines
