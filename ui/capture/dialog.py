"""采集材料: one material's pages from the document camera, the scanner or files.

Space (or the camera's own button, which Linux's uvcvideo reports as the Camera key)
takes a still; the page appears as a thumbnail once the capture thread has found and
straightened the sheet. Thumbnails can be dragged into order; a selected page can be
retaken (the next still replaces it) or deleted. Done (Ctrl+Enter) builds the material's
PDF and stores it at once (so a crash before the decision loses no page), then closes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from devices.capture.base import (
    CaptureError,
    CaptureFailure,
    Page,
    Scanner,
    Source,
)
from devices.capture.files import read_document
from devices.capture.pdf import MaterialPdf, material_pdf
from devices.capture.sheet import A4_DPI, CARD_DPI, card_sides_on_a4, photo_page
from terminal.attachments.files import put_file
from terminal.attachments.model import Attachment
from ui import style
from ui.capture.discard import ask_before_discarding
from ui.capture.images import THUMB, page_and_thumb, thumb_of
from ui.capture.jobs import CaptureJobs

if TYPE_CHECKING:
    from ui.capture.camera import CameraFeed  # Qt Multimedia: only where a camera is opened

R = TypeVar("R")


@dataclass
class CaptureSetup:
    """What the dialog needs from the window, made once per window."""

    jobs: CaptureJobs
    folder: Path  # the data folder's attachments/
    clerk: str  # login id
    feed: CameraFeed | None = None
    scanner: Scanner | None = None
    now: Callable[[], datetime] = datetime.now


class CaptureDialog(QDialog):
    captured = Signal(object)  # Attachment, once stored

    def __init__(
        self, setup: CaptureSetup, material: str, title: str, case_ref: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setup, self.material, self.case_ref = setup, material, case_ref
        self.setWindowTitle(self.tr("采集材料：%1").replace("%1", title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per capture: none piles up
        self.file_pdf: MaterialPdf | None = None
        self.card_front: Image.Image | None = None
        self.busy = 0  # jobs out on the capture thread
        # Set when the dialog closes: results still coming from the capture thread (a
        # feeder's remaining pages) are dropped, and a running scan is stopped at its next
        # page. Its C++ side is deleted on close; only this Python flag is safe to read.
        self.closed = threading.Event()
        self.discard_box: QDialog | None = None
        self.preview = QLabel(self.tr("没有摄像头画面"))
        # The preview grows with the dialog (stretch 1); at least 240 px high so that in large
        # type, with the thumbnails and two rows of buttons, the dialog fits a 768-pixel screen
        # (at 360 it was 760 px tall: its top or its buttons off the screen; review 7, 17).
        self.preview.setMinimumSize(480, 240)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbs = QListWidget()
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setIconSize(THUMB)
        self.thumbs.setMovement(QListWidget.Movement.Snap)
        self.thumbs.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.thumbs.setMinimumHeight(THUMB.height() + 40)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItems([self.tr("文件（A4）"), self.tr("身份证（正反面合一页）")])
        self.bw = QCheckBox(self.tr("黑白"))
        self.source = QComboBox()
        self.shoot_button = QPushButton(self.tr("拍照 (空格)"))
        self.retake_button = QPushButton(self.tr("重拍所选"))
        self.delete_button = QPushButton(self.tr("删除所选 (Delete)"))
        self.scan_button = QPushButton(self.tr("扫描"))
        self.file_button = QPushButton(self.tr("从文件添加…"))
        self.done_button = QPushButton(self.tr("完成 (Ctrl+Enter)"))
        self.cancel_button = QPushButton(self.tr("取消 (Esc)"))
        self.replace_row: int | None = None
        self._layout()
        self._connect()
        self._fill_sources()
        self.update_buttons()
        self.shoot_button.setFocus()  # Space on a combo box would open it instead of shooting

    def _layout(self) -> None:
        options = QHBoxLayout()
        for w in (self.kind, self.bw, self.shoot_button, self.retake_button, self.delete_button):
            options.addWidget(w)
        options.addStretch(1)
        scan = QHBoxLayout()
        for w in (self.source, self.scan_button, self.file_button):
            scan.addWidget(w)
        scan.addStretch(1)
        scan.addWidget(self.done_button)
        scan.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(options)
        layout.addWidget(self.thumbs)
        layout.addWidget(self.message)
        layout.addLayout(scan)

    def _connect(self) -> None:
        if self.setup.feed is not None:
            self.setup.feed.preview.connect(self._show_preview)
        self.shoot_button.clicked.connect(self.shoot)
        self.retake_button.clicked.connect(self.retake)
        self.delete_button.clicked.connect(self.delete_selected)
        self.scan_button.clicked.connect(self.scan)
        self.file_button.clicked.connect(self.add_files)
        self.done_button.clicked.connect(self.finish)
        self.cancel_button.clicked.connect(self.reject)
        self.thumbs.itemSelectionChanged.connect(self.update_buttons)
        self.thumbs.model().rowsMoved.connect(self.update_buttons)
        for keys, slot in (
            ("Space", self.shoot),
            ("Camera", self.shoot),  # the 高拍仪's button (KEY_CAMERA) or a pedal set to it
            ("Delete", self.delete_selected),
            ("Ctrl+Return", self.finish),
            ("Ctrl+Enter", self.finish),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    def _fill_sources(self) -> None:
        names = {
            Source.FLATBED: self.tr("平板"),
            Source.FEEDER: self.tr("进纸器"),
            Source.DUPLEX: self.tr("进纸器双面"),
        }
        self.source.clear()
        scanner = self.setup.scanner
        if scanner is None:
            return
        try:
            offered = scanner.sources()  # the options are read once and kept by the adapter
        except CaptureError as e:
            self.show_error(e)
            return
        for source in offered:
            self.source.addItem(names[source], source)
        self.update_buttons()

    # --- pages ------------------------------------------------------------------

    def pages(self) -> list[Page]:
        """In the order the thumbnails show (the clerk may have dragged them)."""
        pages = []
        for row in range(self.thumbs.count()):
            page = self.thumbs.item(row).data(Qt.ItemDataRole.UserRole)
            if isinstance(page, Page):
                pages.append(page)
        return pages

    def add_page(self, page: Page, thumb: QImage) -> None:
        item = QListWidgetItem(QIcon(QPixmap.fromImage(thumb)), "")
        item.setData(Qt.ItemDataRole.UserRole, page)
        if self.replace_row is not None and self.replace_row < self.thumbs.count():
            row = self.replace_row
            self.thumbs.takeItem(row)
            self.thumbs.insertItem(row, item)
            self.replace_row = None
        else:
            self.thumbs.addItem(item)
        for row in range(self.thumbs.count()):
            self.thumbs.item(row).setText(str(row + 1))
        self.thumbs.scrollToItem(item)
        self.message.setText(self.tr("共 %1 页").replace("%1", str(self.thumbs.count())))
        self.update_buttons()

    def delete_selected(self) -> None:
        for item in self.thumbs.selectedItems():
            self.thumbs.takeItem(self.thumbs.row(item))
        for row in range(self.thumbs.count()):
            self.thumbs.item(row).setText(str(row + 1))
        self.update_buttons()

    def retake(self) -> None:
        selected = self.thumbs.selectedItems()
        if selected:
            self.replace_row = self.thumbs.row(selected[0])
            self.message.setText(
                self.tr("请重新放好第 %1 页，然后按空格拍照").replace(
                    "%1", str(self.replace_row + 1)
                )
            )

    def update_buttons(self) -> None:
        has_pages = self.thumbs.count() > 0 or self.file_pdf is not None
        selected = bool(self.thumbs.selectedItems())
        self.retake_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.done_button.setEnabled(has_pages and self.busy == 0)
        self.shoot_button.setEnabled(self.setup.feed is not None)
        self.scan_button.setEnabled(self.busy == 0)  # with no scanner it says so
        self.source.setVisible(self.source.count() > 0)

    # --- the camera ---------------------------------------------------------------

    def _show_preview(self, image: QImage) -> None:
        self.preview.setPixmap(
            QPixmap.fromImage(image).scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )

    def shoot(self) -> None:
        feed = self.setup.feed
        photo = feed.still() if feed is not None else None
        if photo is None:
            self.message.setText(self.tr("没有摄像头画面：请检查高拍仪连接，或改用扫描、文件。"))
            return
        card, bw = self.kind.currentIndex() == 1, self.bw.isChecked()
        self._run(lambda: photo_page(photo, card, bw), self._photo_done)

    def _photo_done(self, sheet: Image.Image) -> None:
        if self.kind.currentIndex() == 1:
            if self.card_front is None:
                self.card_front = sheet
                self.message.setText(self.tr("已拍正面，请翻面后再拍背面"))
                return
            front, self.card_front = self.card_front, None
            self._run(lambda: card_sides_on_a4(front, sheet), self._image_done)
            return
        self._image_done(sheet)

    def _image_done(self, image: Image.Image) -> None:
        dpi = CARD_DPI if image.width > 2000 else A4_DPI  # the card page is A4 at 300 dpi
        self._run(lambda: page_and_thumb(image, dpi), self._add_pair)

    def _add_pair(self, pair: tuple[Page, QImage]) -> None:
        self.add_page(*pair)

    # --- the scanner and files -------------------------------------------------------

    def scan(self) -> None:
        scanner = self.setup.scanner
        if scanner is not None and self.source.count() == 0:
            self._fill_sources()  # found after the dialog opened (the lookup runs in the background)
        source = self.source.currentData()
        if scanner is None:
            self.show_error(CaptureError(CaptureFailure.NO_SCANNER))
            return
        if not isinstance(source, Source):
            return
        post = self.setup.jobs.post

        closed = self.closed

        def arrived(page: Page) -> None:  # on the capture thread, a page at a time
            if closed.is_set():  # 取消 during a feeder run: raising ends the scanner's worker
                raise CaptureError(CaptureFailure.CANCELLED)
            thumb = thumb_of(page)
            post(lambda: None if closed.is_set() else self.add_page(page, thumb))

        self.message.setText(self.tr("正在扫描…"))
        self._run(lambda: scanner.scan(source, arrived), lambda n: None)

    def add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("选择材料文件（U 盘或文件夹）"),
            "",
            self.tr("图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.pdf);;所有文件 (*)"),
        )
        for name in names:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        def done(result: tuple[MaterialPdf | None, list[tuple[Page, QImage]]]) -> None:
            pdf, pages = result
            if pdf is not None:
                if self.thumbs.count() or self.file_pdf is not None:
                    self.message.setText(
                        self.tr("PDF 文件须单独作为一份材料，不能与其他页面合并。")
                    )
                    return
                self.file_pdf = pdf
                self.message.setText(
                    self.tr("已添加 PDF：%1（%2 页）")
                    .replace("%1", path.name)
                    .replace("%2", str(pdf.pages))
                )
            for page, thumb in pages:
                self.add_page(page, thumb)
            self.update_buttons()

        def read() -> tuple[MaterialPdf | None, list[tuple[Page, QImage]]]:
            document = read_document(path)
            return document.pdf, [(p, thumb_of(p)) for p in document.pages]

        self._run(read, done)

    # --- done -------------------------------------------------------------------------

    def finish(self) -> None:
        if not self.done_button.isEnabled():
            return
        pages, pdf = self.pages(), self.file_pdf
        setup, case_ref, material = self.setup, self.case_ref, self.material

        def build() -> Attachment:
            made = pdf if pdf is not None else material_pdf(pages, case_ref, material)
            digest = put_file(setup.folder, made.data)
            at = setup.now().isoformat(timespec="seconds")
            return Attachment(material, digest, made.pages, len(made.data), setup.clerk, at)

        self.message.setText(self.tr("正在生成 PDF 并保存…"))
        self._run(build, self._stored)

    def _stored(self, captured: Attachment) -> None:
        self.captured.emit(captured)
        self.closed.set()
        self.accept()

    def reject(self) -> None:
        """取消, Esc or the title bar's ×: pages already captured are not thrown away unasked
        (Esc is next to the keys a clerk uses here)."""
        count = self.thumbs.count() + (self.file_pdf.pages if self.file_pdf is not None else 0)
        count += self.card_front is not None  # the card's front, waiting for its back
        if not count:
            self._close_unsaved()
            return
        if self.discard_box is None:  # not asking already
            self.discard_box = ask_before_discarding(self, count, self._discard_answered)

    def _discard_answered(self, discard: bool) -> None:
        self.discard_box = None
        if discard:
            self._close_unsaved()

    def _close_unsaved(self) -> None:
        self.closed.set()
        super().reject()

    # --- the capture thread -------------------------------------------------------------

    def _run(self, job: Callable[[], R], done: Callable[[R], None]) -> None:
        self.busy += 1
        self.update_buttons()

        closed = self.closed

        def ok(result: R) -> None:
            if closed.is_set():
                return
            self.busy -= 1
            done(result)
            self.update_buttons()

        def failed(error: Exception) -> None:
            if closed.is_set():
                return
            self.busy -= 1
            self.show_error(error)
            self.update_buttons()

        self.setup.jobs.submit(job, ok, failed)

    def show_error(self, error: Exception) -> None:
        if isinstance(error, CaptureError):
            self.message.setText(error.text())
        else:
            self.message.setText(self.tr("采集失败：%1").replace("%1", str(error)))
        style.set_role(self.message, "error")
