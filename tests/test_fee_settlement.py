"""A fee waiver needs a supervisor, and a payment reference pays for one case only
(review finding 4): both refused in words when the case is written, nothing recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from terminal import casebook, journal
from terminal.approval import ApprovalRefused
from terminal.cases import Capture
from terminal.fee_settlement import FEE_EXEMPT, exempt_change
from terminal.fees import FeeError, FeeTaken
from terminal.store import Store
from tests.approvals import approved

from .test_fees import accept, bdc_capture

REASON = "城乡最低生活保障对象免收"
AT = datetime.fromisoformat("2026-11-26T09:30:00+08:00")


def record(store: Store, capture: Capture) -> str:
    with store.write():
        return casebook.record_decision(
            store.conn, accept(capture), terminal_id="XH-W09", clerk="wang.li", at=AT
        )


def cases(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM cases").fetchone()[0])


def test_a_waiver_is_recorded_only_with_the_supervisors_approval_of_it(store: Store) -> None:
    fee = FeeTaken(exempt_reason=REASON)
    capture = bdc_capture(fee)
    with pytest.raises(FeeError) as refused:  # the clerk alone
        record(store, capture)
    assert "主管批准" in refused.value.text("zh_CN") and cases(store) == 0
    # Approved for another reason (or amount) than the one recorded: not this waiver.
    other = approved(
        store, FEE_EXEMPT, capture.case_id, "XH-W09", AT,
        change=exempt_change(8000, "家里困难"), asked_by="wang.li",
    )  # fmt: skip
    with pytest.raises(ApprovalRefused):
        record(store, replace(capture, fee=replace(fee, approval=other.as_details())))
    assert cases(store) == 0
    given = approved(
        store, FEE_EXEMPT, capture.case_id, "XH-W09", AT,
        change=exempt_change(8000, REASON), asked_by="wang.li",
    )  # fmt: skip
    record(store, replace(capture, fee=replace(fee, approval=given.as_details())))
    # The journal names both: the clerk who took the case and the supervisor who waived.
    (entry,) = [e for e in journal.recent(store.conn, 5) if e.action.startswith("case.")]
    assert entry.actor == "wang.li" and entry.details["fee"] == "exempt"
    assert entry.details["fee_approval"]["approved_by"] == "zhou.sup"


def test_a_payment_reference_already_used_by_another_case_is_refused(store: Store) -> None:
    first = record(store, bdc_capture(FeeTaken("bank_card", "POS-20261126-0007")))
    again = replace(
        bdc_capture(FeeTaken("bank_card", "POS-20261126-0007")),
        case_id="5a1e0000-0000-4000-8000-0000000000f2",
    )
    with pytest.raises(FeeError) as refused:
        record(store, again)
    text = refused.value.text("zh_CN")
    assert "POS-20261126-0007" in text and first in text and "已登记" in text
    assert cases(store) == 1
    record(store, replace(again, fee=FeeTaken("bank_card", "POS-20261126-0008")))
    assert cases(store) == 2
