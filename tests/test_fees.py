"""Fees and 加急 from the catalogue to the case body: amounts in 分, settled or refused."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from terminal import casebook, fees
from terminal.cases import (
    Applicant,
    Capture,
    CaseInvalid,
    Decision,
    Handed,
    MaterialsGiven,
    decide,
)
from terminal.catalogue import CatalogueError, load_default, parse
from terminal.fees import FeeTaken
from terminal.identity import DocumentKind
from terminal.store import Store
from terminal.workdays import default_calendar

BDC = "310104-GH-BDC-0021"  # 不动产转移登记: 80 元 for a home, 550 元 otherwise; 加急 1 day
SBK = "310104-RS-SBK-0002"  # 社会保障卡补换: free; 加急 1 day instead of 5
HOUSE_BUNDLE = "310104-YJS-0005"  # 存量房交易登记一件事: BDC + 契税申报 (free, 即办)
PERSON = Applicant(DocumentKind.RESIDENT_ID, "陈示例", "11010519491231002X")


def bdc_capture(
    fee: FeeTaken | None, *, use: str = "residential", expedited: bool = False, code: str = BDC
) -> Capture:
    cat = load_default()
    answers = {"property_use": use, "seller_married": "no", "is_proxy": "no"}
    if code == HOUSE_BUNDLE:
        answers["buyer_family_homes"] = "third_plus"
    intake = cat.intake(code)
    handed = {
        r.material.code: Handed(r.originals, r.copies) for r in intake.required_materials(answers)
    }
    form = {
        "property_address": "上海市徐汇区示例路88弄8号101室",
        "property_cert_no": "沪(2020)徐字不动产权第000001号",
        "contract_no": "XH2026000123",
        "transaction_price": "3000000",
        "counterparty_id_number": "11010519491231002X",
        "applicant_phone": "13800000088",
    }
    return Capture(
        "5a1e0000-0000-4000-8000-0000000000f1",
        code,
        PERSON,
        answers,
        form,
        MaterialsGiven(handed=handed),
        fee=fee,
        expedited=expedited,
    )


def accept(capture: Capture, decision: Decision = Decision.ACCEPTED) -> Any:
    # 2026-11-26 is a Thursday.
    received = datetime.fromisoformat("2026-11-26T09:30:00+08:00")
    return decide(
        load_default(), capture, decision, received_at=received, calendar=default_calendar()
    )


def messages(capture: Capture) -> list[str]:
    with pytest.raises(CaseInvalid) as caught:
        accept(capture)
    return [p.msg_id for p in caught.value.problems]


def test_the_fee_follows_the_answer_and_a_bundle_sums_its_services() -> None:
    cat = load_default()
    bdc = cat.services[BDC]
    assert bdc.fee_fen == 8000 and "2559号" in bdc.fee_basis
    assert fees.service_fee_fen(bdc, {"property_use": "non_residential"}) == 55000
    bundle = cat.intake(HOUSE_BUNDLE)
    assert fees.total_fen(bundle, {"property_use": "residential"}) == 8000
    assert [s.code for s, _ in fees.fee_items(bundle, {})] == [BDC]  # 契税申报 charges nothing
    # 加急 shortens only the service that allows it; 契税申报 stays 即办.
    assert [fees.service_days(s, True) for s in bundle.services] == [1, 0]
    assert fees.promised_days(bundle, False) == 5 and fees.promised_days(bundle, True) == 1


def test_a_fee_case_is_not_accepted_until_paid_or_waived() -> None:
    assert messages(bdc_capture(None)) == ["fee.unsettled"]
    assert messages(bdc_capture(FeeTaken("qr_code"))) == ["fee.no_reference"]
    assert messages(bdc_capture(FeeTaken("cash", "", "低保户"))) == ["fee.paid_and_exempt"]
    assert messages(bdc_capture(FeeTaken("cheque", "1"))) == ["fee.unknown_method"]
    with pytest.raises(CaseInvalid) as caught:
        accept(bdc_capture(None, use="non_residential"))
    assert "¥550.00" in caught.value.text("zh_CN") and "缴费" in caught.value.text("zh_CN")
    assert "payment" in caught.value.text("en")
    # Cash needs no number; an exemption needs only its reason.
    assert accept(bdc_capture(FeeTaken("cash"))).decision is Decision.ACCEPTED
    assert accept(bdc_capture(FeeTaken("", "", "城乡最低生活保障对象免收"))).decision
    # A 补正 notice takes no fee: nothing to settle yet.
    notice = bdc_capture(None)
    notice = Capture(**{**notice.__dict__, "given": MaterialsGiven()})
    assert accept(notice, Decision.NEEDS_CORRECTION).decision is Decision.NEEDS_CORRECTION


def test_a_free_service_has_nothing_to_settle_and_no_fee_in_its_body(store: Store) -> None:
    free = sbk_capture(expedited=False)
    decided = accept(free)
    body = casebook.case_body(decided, "R-1", "XH-W01", "wang.li", False, None)
    assert "fee" not in body and "expedited" not in body
    assert messages(sbk_capture(expedited=False, fee=FeeTaken("cash"))) == ["fee.free_service"]
    assert messages(bdc_capture(FeeTaken("cash"), code="310104-GA-JZZ-0002", expedited=True))


def sbk_capture(*, expedited: bool, fee: FeeTaken | None = None) -> Capture:
    form = {
        "card_loss_reported": True,
        "card_delivery": "counter",
        "applicant_phone": "13800000088",
        "applicant_address": "上海市徐汇区示例路88号",
    }
    given = MaterialsGiven(handed={"CL-SFZ": Handed(1), "CL-ZP": Handed(1)})
    return Capture(
        "5a1e0000-0000-4000-8000-0000000000f2",
        SBK,
        PERSON,
        {"card_replace_reason": "lost", "is_proxy": "no"},
        form,
        given,
        fee=fee,
        expedited=expedited,
    )


def test_expedited_handling_moves_the_promised_date() -> None:
    assert accept(sbk_capture(expedited=False)).due_date == date(2026, 12, 3)
    assert accept(sbk_capture(expedited=True)).due_date == date(2026, 11, 27)
    with pytest.raises(CaseInvalid) as caught:
        accept(
            Capture(**{**sbk_capture(expedited=True).__dict__, "intake_code": "310104-GA-JZZ-0002"})
        )
    assert "fee.no_expedite" in [p.msg_id for p in caught.value.problems]


def test_fee_and_expedite_reach_the_body_the_journal_and_the_receipt_facts(store: Store) -> None:
    decided = accept(bdc_capture(FeeTaken("qr_code", " ZF2026112600017 "), expedited=True))
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided, terminal_id="XH-W01", clerk="wang.li", at=decided.received_at
        )
    body = json.loads(
        store.conn.execute(
            "SELECT body FROM outbox WHERE case_id = ?", (decided.capture.case_id,)
        ).fetchone()[0]
    )
    assert body["fee"] == {
        "amount_fen": 8000,
        "items": [
            {"code": BDC, "amount_fen": 8000, "basis": load_default().services[BDC].fee_basis}
        ],
        "method": "qr_code",
        "reference": "ZF2026112600017",
        "exempt_reason": None,
    }
    assert body["expedited"] == {"services": [{"code": BDC, "time_limit_days": 1}]}
    assert body["due_date"] == "2026-11-27"
    entry = store.conn.execute(
        "SELECT details FROM journal WHERE action = 'case.decided'"
    ).fetchone()[0]
    assert json.loads(entry)["fee_fen"] == 8000 and "ZF2026" not in entry
    assert fees.recorded(store.conn, decided.capture.case_id)["fee"]["method"] == "qr_code"
    assert casebook.find(store, receipt).receipt_no == receipt


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (8000, "捌拾元整"),
        (55000, "伍佰伍拾元整"),
        (100550, "壹仟零伍元伍角"),
        (1005, "壹拾元零伍分"),
        (1000000000, "壹仟万元整"),
        (1000010000, "壹仟万零壹佰元整"),
        (5, "伍分"),
        (0, "零元整"),
    ],
)
def test_amounts_in_capital_figures_as_a_chinese_receipt_writes_them(fen: int, words: str) -> None:
    assert fees.in_words(fen) == words


def catalogue_with(**service: Any) -> None:
    raw = json.loads(json.dumps(MINI))
    raw["services"][0].update(service)
    parse(raw, "test")


MINI: dict[str, Any] = {
    "format": "tongban.catalogue/1",
    "departments": {"D": {"name": "部门"}},
    "materials": {},
    "services": [
        {"code": "S1", "version": 1, "name": "事项", "department": "D", "time_limit_days": 5}
    ],
}


@pytest.mark.parametrize(
    ("terms", "problem"),
    [
        ({"fee_fen": 80.0, "fee_basis": "依据"}, "whole number of 分"),
        ({"fee_fen": 8000}, "fee_basis"),
        ({"fee_yuan": "80.005"}, "at most 2 decimals"),
        ({"fee_yuan": "80.00", "fee_fen": 800, "fee_basis": "依据"}, "disagree"),
        ({"expedite": {"time_limit_days": 5}}, "not shorter"),
        ({"fee_by_answer": {"question": "nope", "fen": {}}}, "unknown question"),
    ],
)
def test_a_catalogue_with_unusable_fee_terms_is_refused_by_name(
    terms: dict[str, Any], problem: str
) -> None:
    with pytest.raises(CatalogueError) as caught:
        catalogue_with(**terms)
    assert problem in caught.value.text("en") and "S1" in caught.value.text("en")


def test_an_older_catalogue_with_fee_yuan_still_loads() -> None:
    catalogue_with(fee_yuan="20.50")
    raw = json.loads(json.dumps(MINI))
    raw["services"][0]["fee_yuan"] = "20.50"
    assert parse(raw, "old").services["S1"].fee_fen == 2050


def test_a_paper_fee_case_is_imported_with_its_payment_and_refused_without(store: Store) -> None:
    from terminal.importer import ImportRefused, import_records

    capture = bdc_capture(None, expedited=True)
    record: dict[str, Any] = {
        "paper_receipt_no": "XH-PAPER-20261126-009",
        "intake": BDC,
        "applicant": {"name": PERSON.name, "id_number": PERSON.id_number},
        "answers": dict(capture.answers),
        "form": dict(capture.form),
        "materials": capture.given.to_json(),
        "decision": "accepted",
        "received_at": "2026-11-26T09:30:00+08:00",
        "clerk": "wang.li",
        "expedited": True,
    }

    def run(rec: dict[str, Any]) -> Any:
        return import_records(
            store,
            {"format": "tongban.case-import/1", "cases": [rec]},
            catalogue=load_default(),
            calendar=default_calendar(),
            terminal_id="XH-W01",
            actor="sup.test",
        )

    with pytest.raises(ImportRefused) as refused:
        run(record)
    assert "fee.unsettled" in str([p.msg_id for _, _, p in refused.value.problems])
    [receipt] = run({**record, "fee": {"method": "cash", "reference": "FS-0001"}}).receipt_nos
    case_id = casebook.find(store, receipt).id
    assert fees.recorded(store.conn, case_id)["fee"]["reference"] == "FS-0001"
    assert casebook.load_detail(store, receipt)["due_date"] == "2026-11-27"  # 加急


def test_a_fee_case_back_after_its_notice_settles_the_fee_in_its_return(store: Store) -> None:
    from dataclasses import replace

    from terminal import case_events

    whole = bdc_capture(None)
    handed = dict(whole.given.handed)
    handed.pop(sorted(handed)[-1])  # one paper missing: a 补正 notice
    notice = accept(replace(whole, given=MaterialsGiven(handed=handed)), Decision.NEEDS_CORRECTION)
    with store.write():
        casebook.record_decision(
            store.conn, notice, terminal_id="XH-W01", clerk="wang.li", at=notice.received_at
        )
    case_id = notice.capture.case_id
    assert fees.recorded(store.conn, case_id) == {}  # a notice takes no fee
    detail = casebook.load_detail(store, case_id)
    back = case_events.return_capture(detail, whole.given)  # the missing paper brought
    with pytest.raises(CaseInvalid):  # accepted on the return: the fee is due now
        accept(back)
    paid = accept(replace(back, fee=FeeTaken("cash")))
    with store.write():
        case_events.record_return(
            store.conn, paid, terminal_id="XH-W02", clerk="li", at=paid.received_at
        )
    # The receipt printed after the return, and the event the portal takes, carry the fee.
    assert fees.recorded(store.conn, case_id)["fee"]["amount_fen"] == 8000
    (event,) = case_events.events_of(store.conn, case_id)
    assert event["fee"]["method"] == "cash"
