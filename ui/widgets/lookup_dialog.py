"""Opening a case by its receipt's QR or number (Ctrl+B), with the citizen present
(terminal/case_lookup.py): the card read at this counter shows it, else the citizen says the
last 4 characters of the applicant's ID number and the clerk types them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from terminal.case_lookup import LAST
from ui import style
from ui.widgets.fit import WrapLabel

# What the number field must show whole: a receipt's number (a scanned QR's address scrolls).
WIDEST_NUMBER = "XH-W03-20261126-0001"


class LookupDialog(QDialog):
    """The receipt's number (a scanner types the QR's address), and the last 4 characters
    unless a card is read (``card_holder``: the masked name of whose card it is)."""

    def __init__(
        self, card_holder: str | None, parent: QWidget | None = None, title: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("补正后受理"))
        layout = QFormLayout(self)
        self.number = QLineEdit()
        self.last4 = QLineEdit()
        self.last4.setMaxLength(LAST)
        # The long prompt above its field, the field the dialog's width: beside the prompt it
        # had what was left, 28 px in large type (review 7, finding 2).
        prompt = WrapLabel(self.tr("扫描回执或补正告知书上的二维码，或输入编号："))
        prompt.setBuddy(self.number)  # its name for a screen reader, and the field's label
        layout.addRow(prompt)
        layout.addRow(self.number)
        margins = 24  # the frame and the text's own margins
        self.number.setMinimumWidth(
            self.number.fontMetrics().horizontalAdvance(WIDEST_NUMBER) + margins
        )
        if card_holder is not None:
            note = self.tr("已读取 %1 的证件：须为此办件的申请人或代办人。").replace(
                "%1", card_holder
            )
        else:
            note = self.tr("未读取证件：请市民说出申请人证件号码的后4位。")
        self.note = WrapLabel(note)
        layout.addRow(self.note)
        layout.addRow(self.tr("申请人证件号码后4位"), self.last4)
        self.message = WrapLabel()
        style.set_role(self.message, "error")
        layout.addRow(self.message)
        Button = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(Button.Ok | Button.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.has_card = card_holder is not None

    def check(self) -> None:
        """What can be seen here is said here; the match itself is the core's."""
        # The field that is missing gets the keyboard: a scanner ends the QR's address with
        # Enter, and the clerk then types the last 4 without reaching for the mouse or Tab.
        if not self.number.text().strip():
            self.message.setText(self.tr("请扫描二维码或输入编号。"))
            self.number.setFocus()
            return
        if not self.has_card and len(self.last4.text().strip()) != LAST:
            self.message.setText(self.tr("请输入申请人证件号码的后4位（或读取其证件）。"))
            self.last4.setFocus()
            return
        self.accept()
