"""The result operations (出件, issue 16) for the contract test (test_openapi.py): published, looked
up by the card, handed over, taken already (409), refused facts (422), mailed, delivered."""

from __future__ import annotations

import pytest

from sync.cases.results import ResultRefused, hand_over, mail, ready_for
from sync.link.client import PortalClient

from .helpers import TERMINAL, Admin
from .signing import signed

AT = "2026-12-01T10:00:00+08:00"


def exercise_results(
    admin: Admin, client: PortalClient, handed: str, mailed: str, number: str, other: str
) -> None:
    """``handed``, ``mailed``: cases of the terminal's on the portal (the first in progress, the
    second received); ``number``/``other``: the applicants' ID numbers."""
    admin.set_state(handed, "completed")
    for step in ("in_progress", "completed"):
        admin.set_state(mailed, step)
    admin.post(f"/admin/cases/{handed}/result", {"items": [{"code": "JZZ", "name": "居住证"}]})
    admin.post(f"/admin/cases/{mailed}/result", {"items": [{"code": "JZZ"}], "how": "mail"})
    with pytest.raises(AssertionError):  # 404: no such case
        admin.post("/admin/cases/00000000-0000-0000-0000-000000000000/result", {"items": []})
    ready = ready_for(client, number)
    assert [r["case_id"] for r in ready] == [handed]
    receipt = str(ready[0]["receipt_no"])
    (to_mail,) = ready_for(client, other)

    def handing(who: str) -> object:
        return hand_over(client, handed, "r", collector={"role": "applicant", "id_number": who},
                         items=["JZZ"], signature=signed(who, receipt), terminal_id=TERMINAL,
                         clerk="zhao", at=AT)  # fmt: skip

    with pytest.raises(ResultRefused):  # 422: not the applicant's card
        handing(other)
    handing(number)
    with pytest.raises(ResultRefused):  # 409: handed over already
        handing(number)
    sent = mail(client, mailed, "r", recipient="测试", address="上海市徐汇区测试路1号201室",
                phone="13900000001", collector={"role": "applicant", "id_number": other},
                signature=signed(other, str(to_mail["receipt_no"]),
                                 "，寄往上海市徐汇区测试路1号201室，收件人测试"),
                terminal_id=TERMINAL, clerk="zhao", at=AT)  # fmt: skip
    assert sent.waybill
    assert admin.post(f"/admin/cases/{mailed}/delivered")["state"] == "delivered"
    assert ready_for(client, other) == []
