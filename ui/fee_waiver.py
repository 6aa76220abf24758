"""A fee waiver (减免) at acceptance: the clerk recorded the reason; a supervisor signs in at
the window and approves this waiver, of this amount, for this reason, before the case is
written (terminal/fee_settlement.py refuses a waiver without it, and spends the approval).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from terminal import fees
from terminal.cases import Decided
from terminal.fee_settlement import FEE_EXEMPT, exempt_change

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def approved(window: MainWindow, decided: Decided) -> Decided | None:
    """``decided`` with the supervisor's approval of its waiver (unchanged when nothing is
    waived); None when the supervisor did not approve: the case is not written."""
    fee = fees.body_part(decided).get("fee")
    taken = decided.capture.fee
    if fee is None or not fee.get("exempt_reason") or taken is None:
        return decided
    from ui.widgets.approval_dialog import ApprovalDialog

    amount, reason = int(fee["amount_fen"]), str(fee["exempt_reason"])
    what = (
        QCoreApplication.translate("FeeWaiver", "减免收费：%1（人民币%2）全部免收。\n理由：%3")
        .replace("%1", fees.yuan(amount))
        .replace("%2", fees.in_words(amount))
        .replace("%3", reason)
    )
    dialog = ApprovalDialog(
        window.ctx,
        purpose=FEE_EXEMPT,
        subject=decided.capture.case_id,
        what=what,
        asked_by=window.ctx.clerk_name,
        change=exempt_change(amount, reason),
        parent=window,
    )
    if not window.run_dialog(dialog) or dialog.approval is None:
        return None
    given = replace(taken, approval=dialog.approval.as_details())
    return replace(decided, capture=replace(decided.capture, fee=given))
