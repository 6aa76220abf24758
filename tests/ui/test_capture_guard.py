"""the capture dialog under the idle lock, and what its discard question counts."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame
from pytestqt.qtbot import QtBot

from devices.capture.base import Page
from terminal import drafts
from terminal.store import Store
from tests.capture.synthetic import photo_of, skewed_corners
from ui.capture.camera import CameraFeed
from ui.capture.images import pil_to_qimage
from ui.context import AppContext
from ui.demo import sample_cards
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow

from .test_capture import _open

pytestmark = pytest.mark.slow


def _page() -> tuple[Page, QImage]:
    thumb = QImage(12, 17, QImage.Format.Format_RGB888)
    thumb.fill(Qt.GlobalColor.white)
    return Page(b"\xff\xd8", 200, 1654, 2339), thumb


def test_the_idle_lock_hides_the_pages_being_captured(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    # The clerk photographs a citizen's ID card and household register, then is called away.
    # The lock hides the case and the print preview, but the capture dialog with the pages
    # (and the camera's live picture) stays on the counter's screen over the sign-in box.
    dialog, _ = _open(window, ctx, qtbot)
    for _ in range(2):
        dialog.add_page(*_page())
    lock = IdleLock(window, 5)
    lock.lock()
    assert lock.locked
    qtbot.wait(50)
    assert not dialog.isVisible()
    assert dialog.thumbs.count() == 2  # hidden, not thrown away


def test_escape_after_the_card_front_asks_before_dropping_it(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    # 身份证（正反面合一页）: the front is photographed and kept for the back. It is a capture the
    # clerk made (the citizen turned the card over for it), but Esc drops it without asking.
    dialog, _ = _open(window, ctx, qtbot)
    dialog.kind.setCurrentIndex(1)
    dialog.card_front = Image.new("RGB", (1011, 638), "white")  # what _photo_done keeps
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_box is not None and dialog.isVisible()


def test_escape_on_the_lock_does_not_leave_a_window_nobody_can_unlock(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    # Esc is the clerk's reflex at any box. The lock's sign-in has no 取消 button, but Esc
    # still rejects it: the box goes, the case stays hidden, and Ctrl+L (lock()) does nothing
    # because the lock thinks it is still showing its box. Only a restart brings the case back.
    lock = IdleLock(window, 5)
    window.idle_lock = lock
    lock.lock()
    box = lock.dialog
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box.password, Qt.Key.Key_Escape)
    qtbot.wait(50)
    window.lock()  # Ctrl+L, trying to get the sign-in back
    shown = lock.dialog
    assert shown is not None and shown.isVisible()


def test_a_card_read_while_capturing_keeps_the_pages_with_their_case(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store
) -> None:
    # The clerk photographs citizen A's tenancy contract; the next citizen, B, puts their card
    # on the reader meanwhile. A's case becomes A's draft and a new case starts for B, but the
    # capture dialog stays open for A's material. Its 完成 then stores the pages to the old,
    # deleted editor: A's draft never lists them, and B's case does not either.
    feed = CameraFeed()
    dialog, capture = _open(window, ctx, qtbot)
    capture.setup.feed = feed
    dialog.update_buttons()
    first_case, code = window.editor.case_id, dialog.material
    frames = feed.push_input()
    assert frames.sendVideoFrame(QVideoFrame(pil_to_qimage(photo_of(skewed_corners(3), 3))))
    qtbot.waitUntil(feed.has_frame)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1, timeout=15000)
    a, b = sample_cards()[0], sample_cards()[1]
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    window.place_card(b)  # B's card on the reader
    qtbot.wait(50)
    if not closed:  # still asking for A's material: the clerk finishes it
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(closed), timeout=15000)
    ctx.store_jobs.wait_idle()
    window.save_draft()
    ctx.store_jobs.wait_idle()
    draft = drafts.draft_of(reader_store, a.id_number)
    assert draft is not None and draft[0] == first_case
    kept = [x["material"] for x in draft[1].get("attachments") or []]
    assert code in kept or code in window.editor.captured
