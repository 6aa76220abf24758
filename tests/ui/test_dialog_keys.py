"""The keys the dialogs show do what they say (review 7, finding 18). test_keyboard.py walks
the window, the print preview and the rating; here the other dialogs whose labels show a key:
采集 (拍照 空格, 删除所选 Delete, 完成 Ctrl+Enter, 取消 Esc), 主管视图 (关闭 Esc), the agent
question (下一位市民 Enter) and 出件 (查询 Enter). Each dialog's shown keys are read from its
labels, as the clerk reads them, and each is pressed and its effect seen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.capture.camera import CameraFeed
from ui.capture.dialog import CaptureDialog
from ui.context import AppContext
from ui.main_window import MainWindow

from .test_capture import _open, _push
from .test_keyboard import active, chord, shown_keys


class Presses:
    """Keys pressed on a dialog, to compare with the keys its labels show."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.done: set[str] = set()

    def __call__(self, to: QWidget, keys: str) -> None:
        self.done.add(keys)
        self.qtbot.keyClick(to, *chord(keys))


@pytest.mark.slow
def test_the_capture_dialogs_keys(window: MainWindow, ctx: AppContext, qtbot: QtBot) -> None:
    press = Presses(qtbot)
    dialog, capture = _open(window, ctx, qtbot)
    shown = shown_keys(dialog)
    assert set(shown) == {"Space", "Delete", "Ctrl+Enter", "Esc"}  # 空格 and Delete read too
    press(dialog, "Esc")  # nothing captured yet: closed, nothing asked
    assert not dialog.isVisible()
    active(window, qtbot)
    qtbot.keyClick(window.editor.materials, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaptureDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    feed = CameraFeed()
    capture.setup.feed = feed
    dialog.update_buttons()
    for seed in (1, 2):
        _push(feed, seed, qtbot)
        press(dialog, "Space")
        qtbot.waitUntil(lambda n=seed: dialog.thumbs.count() == n, timeout=15000)
    dialog.thumbs.item(1).setSelected(True)
    press(dialog, "Delete")
    assert dialog.thumbs.count() == 1
    press(dialog, "Ctrl+Enter")
    qtbot.waitUntil(lambda: dialog.material in window.editor.captured, timeout=15000)
    assert set(shown) - press.done == set()


def test_the_supervisor_views_close_key(window: MainWindow, qtbot: QtBot) -> None:
    from ui.widgets.supervisor_view import SupervisorView

    press = Presses(qtbot)
    view = SupervisorView(window)
    view.show()
    try:
        active(view, qtbot)
        shown = shown_keys(view)
        assert set(shown) == {"Esc"}
        press(view, "Esc")
        assert not view.isVisible()
        assert set(shown) - press.done == set()
    finally:
        view.close()


def test_the_agent_questions_enter(window: MainWindow, qtbot: QtBot) -> None:
    from ui.widgets.agent_question import AgentQuestion

    press = Presses(qtbot)
    relations = window.editor.parties.relation_choices()
    question = AgentQuestion("李*", "陈*", relations, parent=window)
    question.show()
    try:
        active(question, qtbot)
        shown = shown_keys(question)
        assert set(shown) == {"Enter"}
        press(question, "Enter")  # 下一位市民: not the agent, no relation taken
        assert question.result() == QDialog.DialogCode.Rejected and question.relation is None
        assert set(shown) - press.done == set()
    finally:
        question.close()


def test_the_handovers_enter(window: MainWindow, qtbot: QtBot) -> None:
    """查询 (Enter) asks; what Enter does at each later step: tests/ui/test_handover_keys.py."""
    from ui.widgets.handover_dialog import HandoverDialog

    press = Presses(qtbot)
    dialog = HandoverDialog(window)
    asked: list[str] = []
    dialog.asked.connect(lambda receipt, _last4: asked.append(receipt))
    dialog.show()
    try:
        active(dialog, qtbot)
        shown = shown_keys(dialog)
        assert set(shown) == {"Enter"}
        dialog.receipt.setText("XH-W01-20261126-0001")
        dialog.last4.setText("002X")
        dialog.last4.setFocus()
        press(dialog.last4, "Enter")
        assert asked == ["XH-W01-20261126-0001"]
        assert set(shown) - press.done == set()
    finally:
        dialog.reject()
