"""The receipt of a case with a fee or 加急, read back from the PDF as the citizen reads it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from devices.printers.service import render_case_document
from terminal import casebook
from terminal.cases import Capture, Decided
from terminal.catalogue import load_default
from terminal.config import Config
from terminal.documents.fonts import font_set
from terminal.documents.render import render_guide
from terminal.fee_settlement import FEE_EXEMPT, exempt_change
from terminal.fees import FeeTaken
from terminal.store import Store
from tests.approvals import approved

from ..test_fees import HOUSE_BUNDLE, accept, bdc_capture, sbk_capture
from .conftest import page_text


def receipt_text(store: Store, capture: Capture, tmp_path: Path, fmt: str = "a4") -> str:
    decided: Decided = accept(capture)
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided, terminal_id="XH-W09", clerk="wang.li", at=decided.received_at
        )
    _, _, rendered = render_case_document(store, Config(), receipt, fmt=fmt)
    pdf = tmp_path / f"{receipt}.pdf"
    pdf.write_bytes(rendered.pdf)
    return page_text(pdf).replace("\n", "")


@pytest.mark.parametrize("fmt", ["a4", "roll"])
def test_a_paid_expedited_receipt_gives_amount_in_capitals_method_reference_and_date(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    text = receipt_text(
        store, bdc_capture(FeeTaken("qr_code", "ZF2026112600017"), expedited=True), tmp_path, fmt
    )
    for expected in (
        "应收金额：¥80.00（人民币捌拾元整）",
        "发改价格规〔2016〕2559号",
        "缴费方式：扫码支付",
        "ZF2026112600017",
        "加急办理：法定（承诺）时限 1 个工作日",
        "承诺办结日期：2026年11月27日前",
    ):
        assert expected in text, expected


def test_an_exempt_receipt_says_so_with_its_reason(store: Store, tmp_path: Path) -> None:
    reason, case_id = "城乡最低生活保障对象免收", bdc_capture(None).case_id
    at = datetime.fromisoformat("2026-11-26T09:30:00+08:00")
    given = approved(
        store, FEE_EXEMPT, case_id, "XH-W09", at,
        change=exempt_change(8000, reason), asked_by="wang.li",
    )  # fmt: skip
    fee = FeeTaken(exempt_reason=reason, approval=given.as_details())
    text = receipt_text(store, bdc_capture(fee), tmp_path)
    assert "减免：免收，理由：城乡最低生活保障对象免收" in text and "缴费方式" not in text
    assert "承诺办结日期：2026年12月03日前" in text and "加急" not in text


def test_a_free_case_prints_no_fee_and_its_usual_time_limit(store: Store, tmp_path: Path) -> None:
    text = receipt_text(store, sbk_capture(expedited=False), tmp_path)
    assert "收费" not in text and "加急" not in text and "5 个工作日" in text


def test_a_bundle_receipt_sums_the_fee_and_keeps_each_services_own_limit(
    store: Store, tmp_path: Path
) -> None:
    text = receipt_text(
        store, bdc_capture(FeeTaken("cash"), code=HOUSE_BUNDLE, expedited=True), tmp_path
    )
    assert "存量房交易登记一件事受理回执" in text and "应收金额：¥80.00" in text
    assert "缴费方式：现金" in text and "凭证号" not in text
    # 不动产登记 expedited to 1 day; 契税申报 stays 即办, as its own line says.
    assert "：1 个工作日（加急）" in text and "：即办" in text
    assert "承诺办结日期：2026年11月27日前" in text


def test_the_kiosk_guide_says_what_to_pay_and_that_expediting_may_be_asked(
    tmp_path: Path,
) -> None:
    cat = load_default()
    guide = render_guide(
        cat.intake(HOUSE_BUNDLE),
        {"property_use": "non_residential"},
        set(),
        "徐汇区行政服务中心",
        datetime(2026, 11, 26, 9, 0),
        font_set(Config().font),
    )
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(guide.pdf)
    text = page_text(pdf).replace("\n", "")
    assert "收费：¥550.00（人民币伍佰伍拾元整）" in text
    assert "可申请加急：不动产转移登记（存量房买卖）：1 个工作日" in text
    free = render_guide(
        cat.intake("310104-GA-JZZ-0001"), {}, set(), "徐汇区行政服务中心",
        datetime(2026, 11, 26, 9, 0), font_set(Config().font),
    )  # fmt: skip
    pdf.write_bytes(free.pdf)
    assert "收费" not in page_text(pdf) and "加急" not in page_text(pdf)
