"""The document as it will come out of the printer, before it is printed."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import style
from ui.screen_fit import available, fit_to
from ui.shortcuts import key_for
from ui.widgets.fit import NoteLabel


class PrintPreview(QDialog):
    print_requested = Signal()

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # What the clerk says to the citizen as they hand this over (where to rate, say).
        self.tell = NoteLabel("warning")
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        key_for(self.print_button, "Ctrl+P")  # set once: setText would reset a button's own
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self._print)
        # Buttons and the printer's word on top: a page is taller than a 768-pixel screen,
        # and what to do next must never be below its edge.
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tell)
        layout.addWidget(self.view, 1)
        fit_to(self, available(parent or self), want_width=820, want_height=1000)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("打印预览：%1").replace("%1", self.title))
        self.print_button.setText(self.tr("打印 (Ctrl+P)"))
        self.close_button.setText(self.tr("关闭 (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def pages(self) -> int:
        return int(self.document.pageCount())

    def _print(self) -> None:
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在打印……"))
        self.print_requested.emit()

    def printed(self, ok: bool, message: str) -> None:
        """What the printer said: close when done; when failed, say what to do and allow a retry."""
        self.status.setText(message)
        style.set_role(self.status, "ok" if ok else "error")
        self.print_button.setEnabled(not ok)
        if not ok:
            self.print_button.setText(self.tr("重试打印 (Ctrl+P)"))
