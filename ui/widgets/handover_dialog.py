"""出件 at the window (issue 16): which case (the receipt and the applicant's last four), what is
ready (each item ticked as handed over), who collects (the card on the reader: the applicant,
or an agent with their relation and the 委托书 captured), or, instead, where it is mailed; then
签名并出件 (or 签名并邮寄).

The dialog only gathers; ui/handover.py asks the portal and records. Keyboard: the receipt's
field first (a scanner types the QR), Tab to the last four, Enter asks; Space ticks an item;
Enter on 签名并出件 goes on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.screen_fit import available, fit_to

WIDEST_RECEIPT = "XH-W03-20261126-0001"  # what the receipt's field shows whole


class HandoverDialog(QDialog):
    asked = Signal(str, str)  # receipt, last four
    confirmed = Signal()
    letter_wanted = Signal()  # 采集委托书: the capture dialog, opened by ui/handover.py

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: Any = None  # the collector's IdentityDocument (ui/handover.py)
        self.card_of_the_case = False  # that card is the case editor's (else read in here)
        self.signed_for = False  # signed: the collector is settled, no other card changes it
        self.receipt = QLineEdit()
        margins = 24  # the frame and the text's own margins
        self.receipt.setMinimumWidth(
            self.receipt.fontMetrics().horizontalAdvance(WIDEST_RECEIPT) + margins
        )
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
        style.set_role(self.message, "error")
        self.items: list[QCheckBox] = []
        self.items_box = QVBoxLayout()
        # Who collects: the applicant in person, or an agent (relation, 委托书 captured).
        self.who = QComboBox()
        self.relation = QComboBox()
        self.letter_button = QPushButton()
        self.letter_sha256 = ""
        self.letter_note = QLabel()
        # Or mailed: to whom, where, which mobile.
        self.mail = QCheckBox()
        self.recipient = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setMaxLength(11)
        self.details = QFormLayout()
        for widget in (self.who, self.relation, self.letter_button, self.letter_note, self.mail,
                       self.recipient, self.address, self.phone):  # fmt: skip
            self.details.addRow(QLabel(), widget)
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
        # What is ready and how it is collected scrolls: with an agent, a mailing and several
        # items the dialog was taller than a 1366×768 screen in large type, its top or its
        # 签名并出件 off the screen (review 7, finding 3). The question, who collects, what
        # went wrong and the buttons stay in sight.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.found)
        inner.addLayout(self.items_box)
        inner.addLayout(self.details)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.ask_button)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.collector)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.ask_button.clicked.connect(self._ask)
        self.confirm_button.clicked.connect(self.confirmed.emit)
        self.cancel_button.clicked.connect(self.reject)
        self.who.currentIndexChanged.connect(self._shape)
        self.mail.toggled.connect(self._shape)
        self.letter_button.clicked.connect(self.letter_wanted.emit)
        self.retranslate()
        self._shape()
        fit_to(self, available(parent or self), 680, 680)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("出件（领取办理结果）"))
        labels = (self.tr("回执编号（扫码或输入）"), self.tr("申请人证件号码后四位"))
        for row, text in enumerate(labels):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)
        self.cancel_button.setText(self.tr("取消"))
        from terminal.documents.handover_receipt import RELATION_WORDS
        from terminal.handover import RELATIONS

        who = self.who.currentIndex()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(self.tr("申请人本人领取"), "applicant")
        self.who.addItem(self.tr("代领人领取（须委托书）"), "agent")
        self.who.setCurrentIndex(max(who, 0))
        self.who.blockSignals(False)
        relation = self.relation.currentData()
        self.relation.clear()
        self.relation.addItem(self.tr("请选择与申请人的关系"), None)
        # The clerk's words in the window's language (English mode showed 配偶, 父母…); the
        # receipt prints RELATION_WORDS, in Chinese, from the code.
        words = {
            "spouse": self.tr("配偶"),
            "parent": self.tr("父母"),
            "child": self.tr("子女"),
            "relative": self.tr("其他亲属"),
            "entrusted": self.tr("受托人"),
            "employee": self.tr("单位工作人员"),
        }
        for code in RELATIONS:
            self.relation.addItem(words.get(code, RELATION_WORDS[code]), code)
        if relation is not None:
            self.relation.setCurrentIndex(self.relation.findData(relation))
        self.letter_button.setText(self.tr("采集委托书"))
        self.mail.setText(self.tr("改为邮寄（须申请人或代领人签名确认）"))
        self.recipient.setPlaceholderText(self.tr("收件人"))
        self.address.setPlaceholderText(self.tr("收件地址（省市区街道门牌）"))
        self.phone.setPlaceholderText(self.tr("收件人手机号"))
        self._shape()

    def agent(self) -> bool:
        return bool(self.who.currentData() == "agent")

    def set_letter(self, sha256: str, pages: int) -> None:
        self.letter_sha256 = sha256
        self.letter_note.setText(self.tr("委托书已采集（%n 页）", "", pages))
        self._enable()

    def _shape(self) -> None:
        """Only what this handover needs is shown: an agent's relation and letter, a mailing's
        address."""
        agent, mail = self.agent(), self.mail.isChecked()
        for widget in (self.relation, self.letter_button, self.letter_note):
            widget.setVisible(agent)
        for field in (self.recipient, self.address, self.phone):
            field.setVisible(mail)
        self._enable()

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
        self.relation.currentIndexChanged.connect(self._enable)
        for box in self.items:
            box.toggled.connect(self._enable)
            self.items_box.addWidget(box)
        if self.items:
            self.items[0].setFocus()
        self._enable()

    def ticked(self) -> bool:
        return bool(self.items) and all(b.isChecked() for b in self.items)

    def ready(self) -> bool:
        """Every item ticked, and an agent's relation and letter there (the portal checks
        again; the mailing's address and phone are checked when confirmed)."""
        if not self.ticked():
            return False
        return not self.agent() or (
            self.relation.currentData() is not None and bool(self.letter_sha256)
        )

    def _enable(self) -> None:
        """Enter asks until what is ready is ticked, then signs; the key is shown on the button
        it presses (review 7, finding 20: "查询 (Enter)" stayed while Enter signed)."""
        ready = self.ready()
        self.confirm_button.setEnabled(ready)
        self.ask_button.setDefault(not ready)
        self.confirm_button.setDefault(ready)
        self.ask_button.setText(self.tr("查询") if ready else self.tr("查询 (Enter)"))
        if self.mail.isChecked():
            sign = self.tr("签名并邮寄 (Enter)") if ready else self.tr("签名并邮寄")
        else:
            sign = self.tr("签名并出件 (Enter)") if ready else self.tr("签名并出件")
        self.confirm_button.setText(sign)
