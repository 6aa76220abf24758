"""Capturing a material at the window: Ctrl+K from the checklist, frames pushed into Qt
Multimedia as a document camera would send them, the SANE test backend as the scanner."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.capture.base import Source
from devices.capture.pdf import read_metadata
from devices.capture.sane_scanner import SaneProcess, SaneScanner
from terminal import drafts
from terminal.attachments import records
from terminal.store import Store
from tests.capture.conftest import TEST_CONF
from tests.capture.synthetic import photo_of, skewed_corners
from tests.printing.conftest import page_text
from ui.capture.camera import CameraFeed
from ui.capture.dialog import CaptureDialog
from ui.capture.hook import CaptureService, service
from ui.capture.images import pil_to_qimage
from ui.context import AppContext
from ui.main_window import MainWindow

from .test_counter_flow import print_and_rate, start_residence_permit

pytestmark = pytest.mark.slow


def _open(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> tuple[CaptureDialog, CaptureService]:
    start_residence_permit(window, qtbot)
    capture = service(window, ctx)
    capture._looked = True  # no real camera or scanner lookup: the test supplies both
    checklist = window.editor.materials
    assert checklist.rows
    qtbot.keyClick(checklist, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaptureDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CaptureDialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # keys go where the clerk's would
    return dialog, capture


def _push(feed: CameraFeed, seed: int, qtbot: QtBot) -> None:
    frames = feed.push_input()
    photo = photo_of(skewed_corners(seed), seed)
    frame = QVideoFrame(pil_to_qimage(photo))
    assert frames.sendVideoFrame(frame)
    qtbot.waitUntil(feed.has_frame)


def _one_page_captured(window: MainWindow, ctx: AppContext, qtbot: QtBot, seed: int) -> str:
    """A material photographed (one page) and stored, as a clerk does it: its code."""
    feed = CameraFeed()
    dialog, capture = _open(window, ctx, qtbot)
    capture.setup.feed = feed
    dialog.update_buttons()
    code = dialog.material
    _push(feed, seed, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1, timeout=15000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: code in window.editor.captured, timeout=15000)
    return code


def test_photograph_two_pages_reorder_delete_and_store(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, data_dir: Path
) -> None:
    feed = CameraFeed()
    dialog, capture = _open(window, ctx, qtbot)
    capture.setup.feed = feed
    dialog.update_buttons()
    code = dialog.material
    _push(feed, 1, qtbot)
    started = time.monotonic()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1, timeout=15000)
    print(f"shutter to thumbnail: {time.monotonic() - started:.2f} s")
    first = dialog.pages()[0]
    assert (first.width, first.height) == (1654, 2339)  # A4 at 200 dpi, upright
    _push(feed, 2, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 2, timeout=15000)
    second = dialog.pages()[1]
    assert second.jpeg != first.jpeg
    dialog.thumbs.insertItem(0, dialog.thumbs.takeItem(1))  # dragged to the front
    assert dialog.pages() == [second, first]
    dialog.thumbs.item(1).setSelected(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Delete)
    assert dialog.pages() == [second]
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: code in window.editor.captured, timeout=15000)
    item = window.editor.captured[code]
    assert item.pages == 1 and item.captured_by == "wang.li"
    stored = data_dir / "attachments" / item.sha256[:2] / item.sha256
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    meta = read_metadata(stored.read_bytes())
    assert meta["case"] == window.editor.case_id and meta["material"] == code
    row = window.editor.materials.rows[code]
    assert row.status.text() == "已收"  # a captured material counts as received
    assert any("已采集 1 页" in b.text() for b in _buttons(row.box))


def test_the_scan_goes_with_the_decided_case_and_its_journal(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store
) -> None:
    code = _one_page_captured(window, ctx, qtbot, 3)
    case_id = window.editor.case_id
    scan = window.editor.captured[code]
    # The other materials are missing: the one-time notice is the decision, scan and all.
    window.actions_by_name["notice"].trigger()
    print_and_rate(window, qtbot, 4)
    window.ctx.store_jobs.wait_idle()
    assert records.of_case(reader_store.conn, case_id) == [scan]
    [entry] = [
        r[0]
        for r in reader_store.conn.execute(
            "SELECT details FROM journal WHERE action = 'case.decided' AND subject = ?",
            (case_id,),
        )
    ]
    assert scan.sha256 in entry and "wang.li" in entry  # which file, and who captured it
    # The notice tells the citizen the scanned paper need not come back with the rest.
    window.ctx.print_jobs.wait_idle()
    [printed] = (window.ctx.data_dir / "prints").glob("*.pdf")
    text = page_text(printed).replace("\n", "")
    name = window.editor.catalogue.materials[code].name
    assert "已收取并扫描留存" in text and name in text.split("已收取并扫描留存")[1]


def test_a_scan_survives_a_crash_before_the_decision(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store
) -> None:
    code = _one_page_captured(window, ctx, qtbot, 5)
    scan = window.editor.captured[code]
    qtbot.waitUntil(
        lambda: any(p.get("attachments") for _, _, p in drafts.open_drafts(reader_store, "XH-W03")),
        timeout=5000,
    )
    [(case_id, _, payload)] = drafts.open_drafts(reader_store, "XH-W03")
    from ui.app import open_window  # a new window, as after a crash

    second = open_window(ctx)
    qtbot.addWidget(second)
    second.resume(case_id, payload)
    assert second.editor.captured == {code: scan}
    assert second.editor.capture() is not None
    assert second.editor.capture().attachments == (scan,)  # type: ignore[union-attr]


def test_the_identity_card_needs_both_sides_for_one_page(
    window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    feed = CameraFeed()
    dialog, capture = _open(window, ctx, qtbot)
    capture.setup.feed = feed
    dialog.update_buttons()
    dialog.kind.setCurrentIndex(1)
    card = Image.new("RGB", (856, 540), (200, 210, 230))
    corners = skewed_corners(4) * 0.0 + [[900, 700], [1760, 760], [1725, 1300], [865, 1240]]
    frames = feed.push_input()
    frames.sendVideoFrame(QVideoFrame(pil_to_qimage(photo_of(corners, 4, content=card))))
    qtbot.waitUntil(feed.has_frame)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "背面" in dialog.message.text(), timeout=15000)
    assert dialog.thumbs.count() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 1, timeout=15000)
    page = dialog.pages()[0]
    assert (page.width, page.height) == (2480, 3508)  # both sides on one A4 at 300 dpi


@pytest.fixture
def test_scanner(tmp_path: Path) -> SaneScanner:
    folder = tmp_path / "sane.d"
    folder.mkdir()
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(TEST_CONF)
    scanner = SaneScanner(SaneProcess({"SANE_CONFIG_DIR": str(folder)}), "test:0")
    scanner.dpi = 75
    yield scanner  # type: ignore[misc]
    scanner.process.close()


def test_the_feeder_fills_the_thumbnails_page_by_page(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, test_scanner: SaneScanner
) -> None:
    dialog, capture = _open(window, ctx, qtbot)
    capture.setup.scanner = test_scanner
    dialog._fill_sources()
    dialog.source.setCurrentIndex(dialog.source.findData(Source.FEEDER))
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thumbs.count() == 10, timeout=30000)
    qtbot.waitUntil(dialog.done_button.isEnabled)


def test_a_jam_is_told_in_a_sentence(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, test_scanner: SaneScanner
) -> None:
    dialog, capture = _open(window, ctx, qtbot)
    jamming = {
        s: (*st, ("read-return-value", "SANE_STATUS_JAMMED"))
        for s, st in test_scanner._sources().items()
    }
    test_scanner._offered = jamming
    capture.setup.scanner = test_scanner
    dialog._fill_sources()
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "卡纸" in dialog.message.text(), timeout=30000)
    assert dialog.thumbs.count() == 0


def _buttons(box: object) -> list[object]:
    from PySide6.QtWidgets import QPushButton

    return box.findChildren(QPushButton)  # type: ignore[attr-defined,no-any-return]
