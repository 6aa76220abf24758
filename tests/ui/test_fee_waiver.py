"""A fee at the window after the review (finding 4): a payment recorded for one amount is
cleared, in words, when the amount or 加急 changes; a waiver is written only once a
supervisor has approved it at the window, and the journal names both people."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from terminal import casebook, clerks
from terminal.clock import CHINA, now
from terminal.store import Store
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog

from .test_counter_flow import answer, fill, print_and_rate
from .test_fee_flow import BDC, choose

REASON = "城乡最低生活保障对象免收"


def test_a_payment_for_another_amount_or_before_expediting_is_cleared(
    window: MainWindow, qtbot: QtBot
) -> None:
    choose(window, qtbot, "bdc", BDC)
    panel = window.editor.fees
    answer(window, "property_use", "residential")
    qtbot.keyClick(panel.method, Qt.Key.Key_2)  # 2 银行卡, for ¥80.00
    qtbot.keyClicks(panel.reference, "POS-20261126-0007")
    assert panel.method.currentData() == "bank_card" and not panel.stale.isVisible()
    answer(window, "property_use", "non_residential")  # now ¥550.00: ¥80.00 paid is not it
    assert panel.method.currentData() == "" and panel.reference.text() == ""
    assert panel.stale.isVisible() and "¥550.00" in panel.stale.text()
    panel.method.setCurrentIndex(panel.method.findData("cash"))  # 现金, for ¥550.00
    assert not panel.stale.isVisible()
    qtbot.keyClick(window.editor, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # 加急
    assert panel.expedited() and panel.method.currentData() == ""
    assert panel.stale.isVisible()
    capture = window.editor.capture()
    assert capture is not None and capture.fee is not None and not capture.fee.method


def bdc_ready(window: MainWindow, qtbot: QtBot) -> None:
    choose(window, qtbot, "bdc", BDC)
    for fid, value in (("property_use", "residential"), ("seller_married", "no")):
        answer(window, fid, value)
    answer(window, "is_proxy", "no")
    fill(window, "property_address", "上海市徐汇区示例路88弄8号101室", qtbot)
    fill(window, "property_cert_no", "沪2020徐字不动产权第000001号", qtbot)
    fill(window, "contract_no", "XH2026000123", qtbot)
    fill(window, "transaction_price", "3000000", qtbot)
    fill(window, "counterparty_id_number", "11010519491231002X", qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    qtbot.keyClick(window.editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)


def test_a_waiver_is_written_only_with_the_supervisors_approval(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    window.ctx.store_jobs.submit(
        lambda store: clerks.add_clerk(
            store,
            username="zhou.sup",
            display_name="周主管",
            role=clerks.Role.SUPERVISOR,
            password="s3cret-pass",
            actor="test",
            terminal="XH-W03",
            at=now(),
        )
    )
    bdc_ready(window, qtbot)
    panel = window.editor.fees
    qtbot.mouseClick(panel.exempt, Qt.MouseButton.LeftButton)
    panel.reason.insert(REASON)
    shown: list[str] = []

    def supervisor(approves: bool) -> Any:
        def run(dialog: QDialog) -> bool:
            assert isinstance(dialog, ApprovalDialog)
            shown.append(dialog.findChildren(type(panel.amount))[0].text())
            if not approves:
                return False
            dialog.username.setText("zhou.sup")
            dialog.password.setText("s3cret-pass")
            dialog.submit()
            qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
            return True

        return run

    monkeypatch.setattr(window, "run_dialog", supervisor(False))  # the supervisor says no
    window.actions_by_name["accept"].trigger()
    assert "¥80.00" in shown[0] and REASON in shown[0]
    window.ctx.store_jobs.wait_idle()
    assert reader_store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    monkeypatch.setattr(window, "run_dialog", supervisor(True))
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    actor, details = reader_store.conn.execute(
        "SELECT actor, details FROM journal WHERE action = 'case.decided'"
    ).fetchone()
    assert actor == "wang.li" and json.loads(details)["fee"] == "exempt"
    assert json.loads(details)["fee_approval"]["approved_by"] == "zhou.sup"
    assert receipt


def test_the_clerk_is_told_before_printing_when_the_calendar_has_no_holidays_for_the_date(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    # 31 December 2026: the promised date falls in 2027, which the shipped calendar lacks.
    monkeypatch.setattr("ui.main_window.now", lambda: datetime(2026, 12, 31, 10, tzinfo=CHINA))
    bdc_ready(window, qtbot)
    window.editor.fees.method.setCurrentIndex(window.editor.fees.method.findData("cash"))
    window.actions_by_name["accept"].trigger()
    notice = window.calendar_notice
    assert notice is not None and "2027" in notice.text() and "顺延" in notice.text()
    qtbot.waitUntil(lambda: window.last_receipt is not None, timeout=10000)
    detail = casebook.load_detail(reader_store, str(window.last_receipt))
    assert detail["calendar_uncovered"] == [2027]
