"""告知承诺 to be checked (核查) show as deadline cards (issue 16): the window lists the
promises due for checking, yellow before the day, red after."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from terminal import casebook, deadline_cards
from terminal.attachments.model import Attachment
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.deadline_cards import RED, YELLOW, Thresholds
from terminal.identity import DocumentKind
from terminal.pledges import Pledge
from terminal.store import Store
from terminal.workdays import default_calendar

from .sync.helpers import invented_id

CAL = default_calendar()
RECEIVED = datetime(2026, 9, 14, 9, 30, tzinfo=CHINA)  # a Monday
ENVELOPE = "a" * 64


def test_a_promise_due_for_checking_is_yellow_then_red(
    store: Store, mini_catalogue: Catalogue
) -> None:
    verify_by = CAL.add_working_days(RECEIVED.date(), 20)
    given = MaterialsGiven(
        handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP")},
        pledges={"CL-ZLHT": Pledge(ENVELOPE, "b" * 64, verify_by)},
    )
    cap = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "张三丰", invented_id(7)),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"},
        given,
        (Attachment("CL-ZLHT", ENVELOPE, 1, 900, "wang.li", RECEIVED.isoformat()),),
    )
    decided = decide(mini_catalogue, cap, Decision.ACCEPTED, received_at=RECEIVED, calendar=CAL)
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided, terminal_id="XH-W03", clerk="wang.li", at=RECEIVED
        )
    t = Thresholds(due=3, short=1)

    def verify_cards(today: date) -> list[deadline_cards.Card]:
        found = deadline_cards.cards(store.conn, CAL, t, today)
        return [c for c in found if c.kind == "verify"]

    assert verify_cards(RECEIVED.date()) == []  # weeks away
    yellow = verify_cards(CAL.add_working_days(RECEIVED.date(), 18))
    assert [(c.colour, c.receipt_no, c.material, c.deadline) for c in yellow] == [
        (YELLOW, receipt, "CL-ZLHT", verify_by)
    ]
    red = verify_cards(verify_by + timedelta(days=1))
    assert [(c.colour, c.material) for c in red] == [(RED, "CL-ZLHT")]
