"""Documents after the decision (issue 14), read back from the PDF: the notice says how to
come back; the receipt after the return says so; a corrected case's receipt is re-issued
marked 更正版 with what changed; a withdrawal and a void print their records."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from devices.printers.service import render_case_document
from terminal import case_events, casebook
from terminal.case_approvals import correction_change, void_change
from terminal.case_events import Citizen
from terminal.cases import Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import load_default
from terminal.clock import now
from terminal.config import Config
from terminal.documents.model import day
from terminal.store import Store
from terminal.workdays import default_calendar
from tests.approvals import approved

from .conftest import page_text

CAL = default_calendar()


def text_of(store: Store, key: str, tmp_path: Path, name: str) -> tuple[str, str]:
    _, document, rendered = render_case_document(store, Config(), key, fmt="a4")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(rendered.pdf)
    return document, page_text(pdf).replace("\n", "").replace(" ", "")


def test_the_notice_says_how_and_until_when_to_come_back(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[1])
    document, text = text_of(store, cases[1], tmp_path, "notice")
    assert document == "notice"
    by = case_events.return_by(date.fromisoformat(detail["received_at"][:10]))
    assert f"请您于{day(by)}前备齐以上全部材料" in text
    assert "携本通知书或申请人身份证件" in text and "办件编号不变" in text


def test_after_the_return_the_receipt_says_so_under_the_same_number(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[1])
    handed = dict(MaterialsGiven.from_json(detail["materials"]).handed)
    for m in detail["missing"]:
        had = handed.get(m["material"], Handed())
        handed[m["material"]] = Handed(
            had.originals + m["short_originals"], had.copies + m["short_copies"]
        )
    later = now() + timedelta(days=1)
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed))
    d = decide(
        load_default(), cap, Decision.ACCEPTED, received_at=later, calendar=CAL, today=later.date()
    )
    with store.write():
        receipt = case_events.record_return(
            store.conn, d, terminal_id="XH-W09", clerk="li", at=later
        )
    assert receipt == cases[1]
    document, text = text_of(store, receipt, tmp_path, "returned")
    assert document == "receipt"
    assert f"所需材料已于{day(later.date())}补齐" in text and cases[1] in text


def test_a_corrected_receipt_is_reissued_marked_then_a_void_prints_its_record(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[0])
    at = now()
    with store.write():
        case_events.record_correction(
            store.conn,
            detail["id"],
            changes=(shown := case_events.changes_of(detail, "陈示例改", detail["form"])),
            reason="姓名录错",
            approval=approved(
                store,
                "case.correct",
                detail["id"],
                "XH-W09",
                at,
                change=correction_change(shown, "姓名录错"),
            ),
            terminal_id="XH-W09",
            clerk="li",
            at=at,
        )
    document, text = text_of(store, cases[0], tmp_path, "corrected")
    assert document == "receipt"
    assert f"更正版第2版（更正日期{day(at.date())}）" in text
    assert "申请人姓名由“陈示例”更正为“陈示例改”" in text
    with store.write():
        case_events.record_void(
            store.conn,
            detail["id"],
            reason="事项选错",
            approval=approved(
                store, "case.void", detail["id"], "XH-W09", at, change=void_change("事项选错")
            ),
            terminal_id="XH-W09",
            clerk="li",
            at=at,
        )
    document, text = text_of(store, cases[0], tmp_path, "void")
    assert document == "void"
    assert "作废记录" in text and "事项选错" in text and "zhou.sup" in text


def test_a_withdrawal_prints_its_record_for_the_citizen_to_sign(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[3])
    with store.write():
        case_events.record_withdrawal(
            store.conn,
            detail["id"],
            citizen=Citizen(detail["applicant_name"], detail["id_number"], "card"),
            reason="不再需要",
            terminal_id="XH-W09",
            clerk="li",
            at=now(),
        )
    document, text = text_of(store, cases[3], tmp_path, "withdrawal")
    assert document == "withdrawal"
    assert "撤回申请记录" in text and "凭申请人本人身份证件申请撤回" in text
    assert "申请人签名" in text and "不再需要" in text
