"""Capture in the materials checklist: a button on each row, Ctrl+K for the row in focus
(or the first one not yet captured), and a captured material counted as received.

The window calls ``install`` once per case editor; the camera, the scanner's worker
process and the capture thread are made once per window (``service``) and stopped with
the app's other workers. The captured materials stay on the editor (``captured``) until
the decision takes them (issue 15's seam: UPLOAD's Attachment on the decided case).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from ui.widgets.situation_form import pick

if TYPE_CHECKING:
    from devices.capture.sane_scanner import SaneProcess, SaneScanner
    from ui.context import AppContext
    from ui.widgets.case_editor import CaseEditor

log = logging.getLogger(__name__)
SHORTCUT = "Ctrl+K"


class CaptureService:
    """The window's capture equipment, made on first use."""

    def __init__(self, ctx: AppContext) -> None:
        # Imported here: numpy, Pillow and Qt Multimedia load at the first capture, not
        # at the window's start (bench/window_start.py).
        from devices.capture.sane_scanner import SaneProcess
        from ui.capture.dialog import CaptureSetup
        from ui.capture.jobs import CaptureJobs

        self.ctx = ctx
        self.jobs = ctx.started.add("capture", CaptureJobs(ctx.dispatcher), stop_within=5.0)
        self.sane = SaneProcess()
        self.setup = CaptureSetup(self.jobs, ctx.data_dir / "attachments", ctx.clerk_name)
        self._looked = False

    def prepare(self) -> None:
        """Open the camera and look for a scanner (in the background) the first time."""
        self.setup.clerk = self.ctx.clerk_name  # whoever is signed in now
        if self._looked:
            return
        self._looked = True
        try:
            from ui.capture.camera import CameraFeed
        except ImportError as e:  # a build without Qt Multimedia: scanner and files still work
            log.warning("no camera support: %s", e)
        else:
            feed = CameraFeed()
            if feed.open_camera():
                self.setup.feed = feed
        self.jobs.submit(lambda: first_scanner(self.sane), self._found, self._no_scanner)

    def _found(self, scanner: SaneScanner | None) -> None:
        self.setup.scanner = scanner

    def _no_scanner(self, error: Exception) -> None:
        log.info("no scanner: %s", error)

    def stop(self, timeout: float = 5.0) -> bool:
        self.sane.close()
        if self.setup.feed is not None:
            self.setup.feed.close()
        return True


def first_scanner(process: SaneProcess) -> SaneScanner | None:
    """On the capture thread: the first scanner libsane lists, its sources already read
    (the dialog then asks the adapter without waiting on the worker process)."""
    from devices.capture.sane_scanner import SaneScanner, devices

    found = devices(process)
    if not found:
        return None
    name, _vendor, model, _kind = found[0]
    scanner = SaneScanner(process, name, model)
    scanner.sources()
    return scanner


def service(window: QWidget, ctx: AppContext) -> CaptureService:
    existing = getattr(window, "_capture_service", None)
    if isinstance(existing, CaptureService):
        return existing
    made = CaptureService(ctx)
    ctx.started.add("scanner process", made, stop_within=5.0)
    window._capture_service = made  # type: ignore[attr-defined]
    return made


def install(window: QWidget, ctx: AppContext, editor: CaseEditor) -> None:
    checklist = editor.materials
    captured = editor.captured  # the decision takes them from there (CaseEditor.capture)
    buttons: dict[str, QPushButton] = {}

    def label(code: str) -> str:
        done = captured.get(code)
        if done is None:
            return QApplication.translate("Capture", "拍照/扫描")
        return QApplication.translate("Capture", "已采集 %1 页").replace("%1", str(done.pages))

    def open_for(code: str) -> None:
        row = checklist.rows.get(code)
        if row is None:
            return
        from ui.capture.dialog import CaptureDialog

        capture = service(window, ctx)
        capture.prepare()
        title = pick(row.req.material.name, row.req.material.name_en)
        dialog = CaptureDialog(capture.setup, code, title, editor.case_id, window)

        def stored(item: object) -> None:
            from terminal.attachments.model import Attachment

            if isinstance(item, Attachment):
                captured[code] = item
                if code in checklist.rows:
                    checklist.take(code)  # a captured material counts as received
                if code in buttons:
                    buttons[code].setText(label(code))
                editor.draft_changed.emit()  # a crash now keeps which scan is whose

        dialog.captured.connect(stored)
        dialog.open()

    def add_buttons() -> None:
        buttons.clear()
        for code, row in checklist.rows.items():
            button = QPushButton(label(code))
            button.clicked.connect(lambda _=False, c=code: open_for(c))
            row.given_line.addWidget(button)
            buttons[code] = button

    def shortcut() -> None:
        focus = QApplication.focusWidget()
        for code, row in checklist.rows.items():
            if focus is not None and row.box.isAncestorOf(focus):
                open_for(code)
                return
        waiting = [c for c in checklist.rows if c not in captured]
        if waiting:
            open_for(waiting[0])

    checklist.rows_built.connect(add_buttons)
    add_buttons()
    # Parented to the checklist: active while it is on screen, gone with it.
    QShortcut(QKeySequence(SHORTCUT), checklist).activated.connect(shortcut)
