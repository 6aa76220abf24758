"""Fee and 加急 cases at the reference portal: stored as sent, shown to the back office,
and a body that breaks the fee rules refused by name."""

from __future__ import annotations

import copy
from typing import Any

from sync.portal.checks import case_errors
from terminal import casebook
from terminal.cases import Capture
from terminal.fees import FeeTaken

from ..test_fees import accept, bdc_capture, sbk_capture
from .conftest import Terminal
from .helpers import TERMINAL, Admin, client_for, drain


def record(terminal: Terminal, capture: Capture) -> dict[str, Any]:
    decided = accept(capture)
    with terminal.store.write():
        casebook.record_decision(
            terminal.store.conn, decided, terminal_id=TERMINAL, clerk="w", at=decided.received_at
        )
    return casebook.case_body(decided, "R", TERMINAL, "w", False, None)


def test_a_paid_case_and_an_expedited_case_are_seen_at_the_portal_as_sent(
    terminal: Terminal, admin: Admin
) -> None:
    record(terminal, bdc_capture(FeeTaken("bank_card", "POS-000123"), use="non_residential"))
    record(terminal, sbk_capture(expedited=True))
    drain(terminal.store, client_for(terminal.key))
    fee_case, fast_case = admin.cases()
    assert fee_case["fee"] == {
        "amount_fen": 55000,
        "method": "bank_card",
        "reference": "POS-000123",
        "exempt_reason": None,
    }
    assert "expedited" not in fee_case and fee_case["due_date"] == "2026-12-03"
    assert fast_case["expedited"] is True and fast_case["due_date"] == "2026-11-27"
    assert "fee" not in fast_case  # 社会保障卡补换 is free


def test_a_fee_both_paid_and_waived_or_not_summing_up_is_refused(terminal: Terminal) -> None:
    body = record(terminal, bdc_capture(FeeTaken("cash")))
    assert case_errors(body, TERMINAL) == []
    both = copy.deepcopy(body)
    both["fee"]["exempt_reason"] = "减免"
    assert {"field": "fee", "problem": "paid_or_exempt"} in case_errors(both, TERMINAL)
    wrong = copy.deepcopy(body)
    wrong["fee"]["amount_fen"] = 100
    assert {"field": "fee.items", "problem": "not_the_amount"} in case_errors(wrong, TERMINAL)
    floated = copy.deepcopy(body)
    floated["fee"]["amount_fen"] = 80.0
    assert {"field": "fee.amount_fen", "problem": "not_fen"} in case_errors(floated, TERMINAL)
