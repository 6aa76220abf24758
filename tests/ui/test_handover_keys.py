"""出件 by the keyboard: Enter presses the button that shows "(Enter)" at every step — it asks
until what is ready is ticked, then it signs (review 7, finding 20: "查询 (Enter)" stayed on
the query button while Enter started the signature)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.shortcuts import shown_key
from ui.widgets.handover_dialog import HandoverDialog

from .test_keyboard import active


def enter_button(dialog: HandoverDialog) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if shown_key(b.text()) == "Enter"]


def test_enter_does_what_the_label_says_at_each_step(window: MainWindow, qtbot: QtBot) -> None:
    dialog = HandoverDialog(window)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    signed: list[bool] = []
    dialog.asked.connect(lambda receipt, _last4: asked.append(receipt))
    dialog.confirmed.connect(lambda: signed.append(True))
    dialog.show()
    try:
        steps(dialog, qtbot, asked, signed)
    finally:
        dialog.reject()  # never left open for the next test's search of the windows


def steps(dialog: HandoverDialog, qtbot: QtBot, asked: list[str], signed: list[bool]) -> None:
    active(dialog, qtbot)
    assert enter_button(dialog) == [dialog.ask_button]
    qtbot.keyClicks(dialog.receipt, "XH-W01-20261126-0001")
    qtbot.keyClick(dialog.receipt, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.last4, "002X")
    qtbot.keyClick(dialog.last4, Qt.Key.Key_Return)
    assert asked == ["XH-W01-20261126-0001"] and not signed
    dialog.show_items("XH-W01-20261126-0001（居住证申领）", ["居住证"])
    assert enter_button(dialog) == [dialog.ask_button]  # nothing ticked: Enter asks again
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.items[0], timeout=2000)
    qtbot.keyClick(dialog.items[0], Qt.Key.Key_Space)  # handed over, ticked
    assert enter_button(dialog) == [dialog.confirm_button]
    assert dialog.confirm_button.text() == "签名并出件 (Enter)"
    qtbot.keyClick(dialog.items[0], Qt.Key.Key_Return)
    assert signed == [True] and asked == ["XH-W01-20261126-0001"]
