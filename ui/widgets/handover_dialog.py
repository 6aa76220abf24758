"""出件 at the window (issue 16): which case (the receipt and the applicant's last four), what is
ready (each item ticked as handed over), who collects (the card on the reader), then 签名并出件.

The dialog only gathers; ui/handover.py asks the portal and records. Keyboard: the receipt's
field first (a scanner types the QR), Tab to the last four, Enter asks; Space ticks an item;
Enter on 签名并出件 goes on.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class HandoverDialog(QDialog):
    asked = Signal(str, str)  # receipt, last four
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt = QLineEdit()
        self.last4 = QLineEdit()
        self.last4.setMaxLength(4)
        self.ask_button = QPushButton()
        self.ask_button.setDefault(True)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.collector = QLabel()
        self.collector.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.items: list[QCheckBox] = []
        self.items_box = QVBoxLayout()
        self.confirm_button = QPushButton()
        self.confirm_button.setEnabled(False)
        self.cancel_button = QPushButton()
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.receipt)
        self.form.addRow(QLabel(), self.last4)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.ask_button)
        layout.addWidget(self.found)
        layout.addLayout(self.items_box)
        layout.addWidget(self.collector)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.ask_button.clicked.connect(self._ask)
        self.confirm_button.clicked.connect(self.confirmed.emit)
        self.cancel_button.clicked.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("出件（领取办理结果）"))
        labels = (self.tr("回执编号（扫码或输入）"), self.tr("申请人证件号码后四位"))
        for row, text in enumerate(labels):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)
        self.ask_button.setText(self.tr("查询 (Enter)"))
        self.confirm_button.setText(self.tr("签名并出件"))
        self.cancel_button.setText(self.tr("取消"))

    def _ask(self) -> None:
        receipt, last4 = self.receipt.text().strip(), self.last4.text().strip()
        if not receipt or len(last4) != 4:
            self.say(self.tr("请输入回执编号和申请人证件号码后四位。"))
            return
        self.say("")
        self.asked.emit(receipt, last4)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def show_items(self, found: str, items: list[str]) -> None:
        """What is ready: each item a box to tick as it is handed over."""
        self.found.setText(found)
        for box in self.items:
            self.items_box.removeWidget(box)
            box.deleteLater()
        self.items = [QCheckBox(name) for name in items]
        for box in self.items:
            box.toggled.connect(self._enable)
            self.items_box.addWidget(box)
        if self.items:
            self.items[0].setFocus()
        self._enable()

    def ticked(self) -> bool:
        return bool(self.items) and all(b.isChecked() for b in self.items)

    def _enable(self) -> None:
        self.confirm_button.setEnabled(self.ticked())
        if self.ticked():
            self.confirm_button.setDefault(True)
