"""Issue 14: the history shows the agent or the company beside the applicant (numbers
masked), and so does the return after 补正, which keeps who applied as it was recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from terminal import casebook
from terminal.store import Store
from ui.main_window import MainWindow

from .test_company_case import NAME, company_with_a_notice
from .test_counter_flow import fill, print_and_rate, start_residence_permit
from .test_one_citizen import agent_or_next, every_text
from .test_parties_flow import CHEN, GOOD, LIN


def history_cell(window: MainWindow, qtbot: QtBot, receipt: str) -> str:
    window.show_history()
    history = window.history
    qtbot.waitUntil(lambda: any(r.receipt_no == receipt for r, _ in history.rows), timeout=5000)
    row = next(i for i, (r, _) in enumerate(history.rows) if r.receipt_no == receipt)
    return history.table.item(row, 3).text()  # 申请人


def test_the_history_shows_the_agent_beside_the_applicant_masked(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_residence_permit(window, qtbot)  # CHEN's card and 居住证办理
    window.place_card(LIN)
    qtbot.keyClick(agent_or_next(window, qtbot), Qt.Key.Key_2)  # 配偶
    fill(window, "applicant_phone", "13800000088", qtbot)
    window.editor.materials.all_button.click()
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    window.ctx.store_jobs.wait_idle()
    cell = history_cell(window, qtbot, receipt)
    assert cell == "陈示例 310104********003X ｜ 代办人：林样本 110105********002X（配偶）"
    assert LIN.id_number not in every_text(window)


def test_a_companys_return_shows_and_keeps_the_company(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    receipt = company_with_a_notice(window, qtbot)
    window.ctx.store_jobs.wait_idle()
    cell = history_cell(window, qtbot, receipt)
    assert cell == f"单位：{NAME} {GOOD} ｜ 经办人：陈示例 310104********003X"
    # The 经办人 comes back with the licence: their card offers the notice, naming the company.
    window.new_case()
    window.place_card(CHEN)
    editor = window.editor
    qtbot.waitUntil(lambda: editor.comeback_button.isVisible(), timeout=5000)
    assert receipt in editor.comeback.text() and NAME in editor.comeback.text()
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    editor = window.editor
    parties = editor.parties
    assert parties.kind == "company" and parties.company.name.text() == NAME
    assert not parties.isEnabled()  # who applied is recorded: only materials come back
    assert NAME in editor.comeback.text()
    assert editor.materials.missing_names() == ["营业执照"]
    editor.materials.rows["CL-YYZZ"].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    assert window.last_warning is None, window.last_warning.text()  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    assert window.last_receipt == receipt
    window.ctx.store_jobs.wait_idle()
    case = casebook.load_detail(reader_store, receipt)
    assert case["decision"] == "accepted"
    assert case["parties"]["company"]["name"] == NAME  # kept through the return
    assert case["materials"]["handed"]["CL-YYZZ"]["originals"] == 1
