"""Issue 14, a company at the window: its case by keyboard, counted, and its 补正 notice on
paper naming the company, its code and the 经办人 (number masked)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from terminal import casebook
from terminal.documents.model import day
from terminal.store import Store
from terminal.workdays import default_calendar
from ui.main_window import MainWindow

from .test_counter_flow import answer, fill, print_and_rate
from .test_keyboard import Keyboard, active
from .test_parties_flow import CHEN, GOOD, printed

NAME, LEGAL_REP = "上海示例酒店管理有限公司", "赵示例"


def test_a_companys_case_by_keyboard_costs_only_what_is_typed_and_one_key_a_step(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    """公共场所卫生许可, companies only. The bound: every key is a character of what the
    licence and the form say (the company's three lines, the form's four, the phone), one
    digit per question, one Enter per line left, the service search's Return, and the
    decision's four (Ctrl+M, F9, Ctrl+P, Esc). No key picks 单位 (the service does) and the
    credit code is typed once (the form's field takes it)."""
    active(window, qtbot)
    keys = Keyboard(qtbot)
    editor = window.editor
    window.place_card(CHEN)  # the 经办人's card: no key
    keys.type("ws")
    keys.press(Qt.Key.Key_Return)  # 公共场所卫生许可: 单位, and the company's name first
    assert editor.parties.kind == "company"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.parties.company.name, timeout=3000)
    typed = len("ws")
    for text in (NAME, GOOD, LEGAL_REP):
        if text.isascii():
            keys.type(text)
        else:
            keys.commit(text)
        typed += len(text)
        keys.press(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor.form.question_boxes["venue_type"]
    keys.press(Qt.Key.Key_1)  # 住宿场所
    keys.press(Qt.Key.Key_2)  # 集中空调: 否
    keys.press(Qt.Key.Key_2)  # 代办: 否 (a company's 经办人 may be anyone it sends: asked)
    questions = 3
    assert editor.form.answers() == {"venue_type": "hotel", "central_ac": "no", "is_proxy": "no"}
    assert editor.form.raw_values()["uscc"] == GOOD  # typed once, in the company's panel
    for text in ("示例酒店", "上海市徐汇区示例路1号", None, "800", "20"):
        if text is not None and text.isascii():
            keys.type(text)
        elif text is not None:
            keys.commit(text)
        typed += len(text or "")
        keys.press(Qt.Key.Key_Return)  # on to the next line (the code's is filled)
    keys.type("13800000088")
    typed += 11
    keys.press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # everything brought
    assert editor.materials.missing_names() == []
    keys.press(Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview, timeout=5000)
    keys.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    keys.press(Qt.Key.Key_Escape)
    lines_left = 3 + 5  # the company's three, the form's five before the phone
    bound = typed + questions + lines_left + 1 + 4
    print(f"\ncompany's case: {keys.count} keys (bound {bound}): {' '.join(keys.log)}")
    window.ctx.store_jobs.wait_idle()
    assert window.last_receipt
    case = casebook.load_detail(reader_store, window.last_receipt)
    company = case["parties"]["company"]
    assert company["name"] == NAME and company["credit_code"] == GOOD
    assert company["legal_rep"] == LEGAL_REP and case["applicant_name"] == CHEN.name
    assert keys.count <= bound
    if window.rating is not None:
        window.rating.reject()


def company_with_a_notice(window: MainWindow, qtbot: QtBot) -> str:
    """公共场所卫生许可 for the example hotel, CHEN at the counter, its 营业执照 missing: the
    补正 notice printed; returns its number."""
    window.place_card(CHEN)
    editor = window.editor
    editor.choose("310104-WJ-WS-0003")
    company = editor.parties.company
    company.name.setText(NAME)
    company.legal_rep.setText(LEGAL_REP)
    company.code.setText(GOOD)
    company.code.editingFinished.emit()
    for qid, value in (("venue_type", "hotel"), ("central_ac", "no"), ("is_proxy", "no")):
        answer(window, qid, value)
    for fid, text in (
        ("shop_name", "示例酒店"),
        ("business_address", "上海市徐汇区示例路1号"),
        ("business_area_m2", "800"),
        ("staff_count", "20"),
        ("applicant_phone", "13800000088"),
    ):
        fill(window, fid, text, qtbot)
    rows = editor.materials.rows
    for code in ("CL-WSXK", "CL-WSZD"):
        rows[code].originals.setValue(1)
    rows["CL-JKZM"].copies.setValue(1)
    assert editor.materials.missing_names() == ["营业执照"]  # not held as an e-certificate here
    window.actions_by_name["notice"].trigger()
    assert window.last_warning is None, window.last_warning.text()  # type: ignore[attr-defined]
    return print_and_rate(window, qtbot, 5)


def test_a_companys_notice_names_the_company_its_code_and_the_masked_handler(
    window: MainWindow, qtbot: QtBot, reader_store: Store, data_dir: Path
) -> None:
    receipt = company_with_a_notice(window, qtbot)
    on_paper = printed(data_dir)
    assert "补正材料通知书" in on_paper
    assert f"申请单位{NAME}" in on_paper
    # The label wraps in the label column (four characters wide): the code reads between.
    assert f"统一社会信用{GOOD}代码" in on_paper
    assert f"法定代表人{LEGAL_REP}" in on_paper
    assert "经办人陈示例（证件号码310104********003X）" in on_paper
    assert CHEN.id_number not in on_paper
    assert f"{NAME}：经审查" in on_paper  # the notice speaks to the company
    asked = on_paper.split("需补正的材料")[1].split("请您")[0]
    assert "营业执照" in asked and "居民身份证" not in asked  # the 经办人's card was read
    window.ctx.store_jobs.wait_idle()
    case = casebook.load_detail(reader_store, receipt)
    assert case["decision"] == "needs_correction"
    assert case["parties"]["company"]["name"] == NAME
    # The service's own deadline (the catalogue's 30 working days, not the hall's 20), printed.
    noticed = date.fromisoformat(case["received_at"][:10])
    by = default_calendar().add_working_days(noticed, 30)
    assert case["return_by"] == by.isoformat()
    assert f"请您于{day(by)}前备齐以上全部材料" in on_paper
