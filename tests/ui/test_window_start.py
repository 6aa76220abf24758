"""What the window leaves for after its first paint (bench/window_start) still works when
the clerk reaches it: the history tab, and the idle lock's watch on keys and clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.widgets.history import HistoryView


def test_the_history_tab_clicked_shows_the_history_under_its_own_name(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert not window.findChildren(HistoryView)  # not built for the first paint
    title = window.tabs.tabText(1)
    assert title.startswith("历史办件")
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    page = window.tabs.currentWidget()
    assert isinstance(page, HistoryView) and page is window.history
    assert window.tabs.tabText(1) == title and window.tabs.count() == 2
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.tabs.currentWidget() is window.editor


def test_a_key_once_the_window_is_seen_puts_the_idle_lock_off(
    window: MainWindow, qtbot: QtBot
) -> None:
    lock = window.idle_lock
    assert lock is not None
    qtbot.waitUntil(lambda: lock.watching, timeout=3000)  # from the window's first paint
    lock.timer.stop()
    window.activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_A)
    assert lock.timer.isActive(), "a key at the counter must count as the clerk being there"
