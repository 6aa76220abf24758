"""Closing the capture dialog: pages already captured are not lost to one key, and a dialog
closed while the feeder still runs stops the scanner and leaves no error behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from devices.capture.base import Page, Source
from devices.capture.sane_scanner import SaneScanner
from ui.context import AppContext
from ui.main_window import MainWindow

from .test_capture import _open, test_scanner

pytestmark = pytest.mark.slow
__all__ = ["test_scanner"]  # the fixture, shared


def _page() -> tuple[Page, QImage]:
    thumb = QImage(12, 17, QImage.Format.Format_RGB888)
    thumb.fill(Qt.GlobalColor.white)
    return Page(b"\xff\xd8", 200, 1654, 2339), thumb


def _discard_button(box: QMessageBox) -> QPushButton:
    (button,) = [b for b in box.findChildren(QPushButton) if b.text() == "放弃并关闭"]
    return button


def test_escape_after_twenty_pages_asks_and_keeps_them(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    dialog, _ = _open(window, ctx, qtbot)
    for _ in range(20):  # a feeder's worth, or twenty shutter presses
        dialog.add_page(*_page())
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # a clerk reaching for Space or Delete
    box = dialog.discard_box
    assert isinstance(box, QMessageBox) and "20" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc again: keeps capturing
    assert closed == [] and dialog.isVisible() and dialog.thumbs.count() == 20
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(_discard_button(box), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed == [0])


def test_cancel_while_the_feeder_runs_stops_the_scanner_without_an_error(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, test_scanner: SaneScanner
) -> None:
    dialog, capture = _open(window, ctx, qtbot)
    # Slow pages (20 ms per 64 kB read): ten of them take seconds, so 取消 comes mid-feed.
    slow = (("read-limit", True), ("read-limit-size", 65536), ("read-delay", True))
    slow += (("read-delay-duration", 20000),)
    test_scanner._offered = {s: (*st, *slow) for s, st in test_scanner._sources().items()}
    capture.setup.scanner = test_scanner
    dialog._fill_sources()
    dialog.source.setCurrentIndex(dialog.source.findData(Source.FEEDER))
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thumbs.count() >= 1, timeout=30000)
    closed = dialog.closed
    dialog.reject()  # 取消: asks, since a page is there
    box = dialog.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(_discard_button(box), Qt.MouseButton.LeftButton)
    assert closed.is_set()
    # The next page ends the scanner's worker (a feeder does not run on into nobody), and the
    # scan's end reaches a closed dialog without an error (pytest-qt fails on one).
    qtbot.waitUntil(lambda: test_scanner.process.pid() is None, timeout=30000)
    done = capture.setup.jobs.submit(lambda: None, lambda _r: None, lambda _e: None)
    qtbot.waitUntil(done.done, timeout=30000)
    qtbot.wait(300)
