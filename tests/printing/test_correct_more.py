"""A correction after acceptance reaches the fee's payment reference, the company and the
agent (review finding 10): each with its value before and after, the re-issued receipt
marked 更正版 and printing the corrected value; a value the case could not have been
accepted with is refused in words."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from devices.printers.service import render_case_document
from terminal import case_events, casebook, fees
from terminal import correction_fields as extra
from terminal import parties as party_rules
from terminal.case_approvals import correction_change
from terminal.case_events import Change
from terminal.case_machine import CaseError
from terminal.cases import Capture, Handed, MaterialsGiven
from terminal.catalogue import load_default
from terminal.config import Config
from terminal.credit_code import check_character
from terminal.fees import FeeError, FeeTaken
from terminal.parties import AGENT, COMPANY, Company, Parties
from terminal.store import Store
from tests.approvals import approved

from ..test_fees import bdc_capture
from ..test_parties import (
    ALL_JZZ,
    AT,
    BAD_CODE,
    CHEN,
    GOOD_CODE,
    HYGIENE,
    LIN,
    decided,
    jzz,
    person,
)
from .conftest import page_text


def record(store: Store, capture: Capture) -> str:
    with store.write():
        return casebook.record_decision(
            store.conn, decided(load_default(), capture), terminal_id="XH-W09", clerk="li", at=AT
        )


def correct(store: Store, receipt: str, wanted: dict[str, Any]) -> None:
    detail = casebook.load_detail(store, receipt)
    now = extra.current(store.conn, detail["id"], {"parties": detail["parties"]})
    changes = [Change(*c) for c in extra.changes_of(now, wanted)]
    reason = "录入有误"
    with store.write():
        case_events.record_correction(
            store.conn,
            detail["id"],
            changes=changes,
            reason=reason,
            approval=approved(
                store, "case.correct", detail["id"], "XH-W09", AT,
                change=correction_change(changes, reason),
            ),
            terminal_id="XH-W09",
            clerk="li",
            at=AT,
        )  # fmt: skip


def printed(store: Store, receipt: str, tmp_path: Path) -> str:
    _, _, rendered = render_case_document(store, Config(), receipt, fmt="a4")
    pdf = tmp_path / f"{receipt}.pdf"
    pdf.write_bytes(rendered.pdf)
    return page_text(pdf).replace("\n", "")


def test_the_payment_reference_is_corrected_and_printed_once_used(
    store: Store, tmp_path: Path
) -> None:
    receipt = record(store, bdc_capture(FeeTaken("bank_card", "POS-20261126-0001")))
    other = replace(
        bdc_capture(FeeTaken("bank_card", "POS-20261126-0009")), case_id=str(uuid.uuid4())
    )
    record(store, other)
    with pytest.raises(FeeError):  # another case's payment
        correct(store, receipt, {extra.FEE_REFERENCE: "POS-20261126-0009"})
    correct(store, receipt, {extra.FEE_REFERENCE: "POS-20261126-0002"})
    case_id = casebook.find(store, receipt).id
    assert fees.recorded(store.conn, case_id)["fee"]["reference"] == "POS-20261126-0002"
    # The corrected reference is this case's now: another case may not record it.
    with pytest.raises(FeeError):
        correct(store, other.case_id, {extra.FEE_REFERENCE: "POS-20261126-0002"})
    text = printed(store, receipt, tmp_path)
    assert "更正版" in text and "缴费凭证号：POS-20261126-0002" in text
    assert "缴费凭证号由“POS-20261126-0001”更正为“POS-20261126-0002”" in text


def test_the_agents_relation_and_phone_are_corrected(store: Store, tmp_path: Path) -> None:
    capture = jzz(Parties(AGENT, person(LIN), "spouse"), {**ALL_JZZ, "CL-WTS": 1})
    receipt = record(store, capture)
    with pytest.raises(CaseError):  # not a relation the window offers
        correct(store, receipt, {"agent.relation": "neighbour"})
    correct(store, receipt, {"agent.relation": "parent", "agent.phone": "13900000001"})
    parties = casebook.load_detail(store, receipt)["parties"]
    assert parties["relation"] == "parent" and parties["agent"]["phone"] == "13900000001"
    text = printed(store, receipt, tmp_path)
    assert "代办人与申请人关系由“配偶”更正为“父母”" in text
    assert "代办人联系电话由“”更正为“13900000001”" in text


def test_the_companys_name_code_and_representative_are_corrected(
    store: Store, tmp_path: Path
) -> None:
    catalogue = load_default()
    answers = {"venue_type": "hotel", "central_ac": "no", "is_proxy": "no"}
    form = {
        "shop_name": "示例酒店",
        "business_address": "上海市徐汇区示例路1号",
        "uscc": GOOD_CODE,
        "business_area_m2": 800,
        "staff_count": 20,
        "applicant_phone": "13800000088",
    }
    parties = Parties(COMPANY, company=Company("上海示例酒店管理有限公司", GOOD_CODE, "赵示例"))
    intake = catalogue.intake(HYGIENE)
    required = [
        *intake.required_materials(answers),
        *party_rules.extra_requirements(catalogue, intake, parties, answers),
    ]
    handed = {r.material.code: Handed(r.originals, r.copies) for r in required}
    capture = Capture(
        str(uuid.uuid4()), HYGIENE, person(CHEN), answers, form,
        MaterialsGiven(handed=handed), parties=parties,
    )  # fmt: skip
    receipt = record(store, capture)
    with pytest.raises(CaseError):  # a code whose check character fails
        correct(store, receipt, {"company.credit_code": BAD_CODE})
    code = "91310104MA1FL0001" + check_character("91310104MA1FL0001")
    new = {"company.name": "上海示例酒店有限公司", "company.credit_code": code,
           "company.legal_rep": "钱示例"}  # fmt: skip
    correct(store, receipt, new)
    company = casebook.load_detail(store, receipt)["parties"]["company"]
    assert (company["name"], company["credit_code"], company["legal_rep"]) == tuple(new.values())
    text = printed(store, receipt, tmp_path)
    assert "单位名称由“上海示例酒店管理有限公司”更正为“上海示例酒店有限公司”" in text
    assert f"统一社会信用代码由“{GOOD_CODE}”更正为“{code}”" in text
