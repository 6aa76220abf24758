"""The status page's receipt form: the receipt number's digits on a numeric pad.

A receipt number is the accepting counter's terminal code, the day and a sequence
(``XH-W03-20261204-0012``, terminal/casebook.py ``next_receipt_no``). The letters are
the same for every counter of a hall (docs/operations.md names counters ``<hall>-Wnn``),
so the citizen presses only the fourteen digits: the form writes the letters and the
dashes itself. A scanner (the QR on the receipt) or a keyboard still types the whole
number into the box. The last four of an ID number may end in X: the pad has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kiosk.pages import big_button, field_label

WINDOW_DIGITS, DAY_DIGITS, SEQUENCE_DIGITS = 2, 8, 4
SIDE_BY_SIDE = 1400  # px of width from which the pad stands beside the boxes (landscape)


def receipt_letters(terminal_id: str) -> str:
    """The letters every counter's receipt number in this hall starts with: ``XH-W`` for a
    kiosk ``XH-K90`` (the hall's code, then W for a window)."""
    hall = terminal_id.rsplit("-", 1)[0] if "-" in terminal_id else ""
    return f"{hall}-W" if hall else "W"


def formatted(letters: str, digits: str) -> str:
    """``XH-W`` + ``03202612040012`` → ``XH-W03-20261204-0012`` (as far as typed)."""
    cut = (WINDOW_DIGITS, WINDOW_DIGITS + DAY_DIGITS)
    parts = [digits[: cut[0]], digits[cut[0] : cut[1]], digits[cut[1] :]]
    return letters + "-".join(p for p in parts if p)


class ReceiptForm(QWidget):
    """Receipt number and the last four of the ID number, typed on one big numeric pad."""

    DIGITS = WINDOW_DIGITS + DAY_DIGITS + SEQUENCE_DIGITS

    def __init__(
        self, letters: str, button_text: Callable[[], str], on_submit: Callable[[str, str], None]
    ) -> None:
        super().__init__()
        self.letters = letters
        self.button_text = button_text
        self.reference = QLineEdit()
        self.last4 = QLineEdit()
        self.last4.setMaxLength(4)
        # A label above each box: a placeholder is gone once typed into.
        self.reference_label = field_label("", self.reference)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.last4_label = field_label("", self.last4)
        self.submit = big_button("", lambda: on_submit(self.reference.text(), self.last4.text()))
        self.reference.returnPressed.connect(self.last4.setFocus)  # a scanner ends with Enter
        self.last4.returnPressed.connect(self.submit.click)
        self.target = self.reference
        for box in (self.reference, self.last4):
            box.installEventFilter(self)
        pad = QWidget()
        grid = QGridLayout(pad)
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate("123456789X0"):
            self.keys[key] = self._key(key, partial(self.press, key))
            grid.addWidget(self.keys[key], i // 3, i % 3)
        self.keys["⌫"] = self._key("⌫", self.backspace)
        grid.addWidget(self.keys["⌫"], 3, 2)
        self.keys["clear"] = self._key("", self.clear_target)
        grid.addWidget(self.keys["clear"], 4, 0, 1, 3)
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        column.setContentsMargins(0, 0, 0, 0)
        for w in (self.reference_label, self.hint, self.reference, self.last4_label, self.last4):
            column.addWidget(w)
        column.addStretch(1)  # the boxes under their labels, the pad near the hand
        keys = QWidget()
        under = QVBoxLayout(keys)
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(pad, 0, Qt.AlignmentFlag.AlignHCenter)
        under.addWidget(self.submit)
        # Portrait: the pad under the boxes. Landscape: beside them, so 查询 is on the
        # screen without scrolling.
        self.layout_ = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.layout_.addWidget(boxes, 3)
        self.layout_.addWidget(keys, 2)
        self._aim(self.reference)
        self.retranslate()

    def _key(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumSize(150, 96)  # a fingertip, not a mouse pointer
        button.setStyleSheet("QPushButton { min-height: 84px; font-size: 44px; }")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box keeps the focus
        button.clicked.connect(lambda _checked=False: action())
        return button

    def retranslate(self) -> None:
        self.reference_label.setText(self.tr("回执编号"))
        self.hint.setText(self.tr("只需按数字，字母和横线会自动填好；也可扫描回执上的二维码。"))
        example = formatted(self.letters, "03202612040012")
        self.reference.setPlaceholderText(self.tr("例如 %1").replace("%1", example))
        self.last4_label.setText(self.tr("身份证号码后4位"))
        self.last4.setPlaceholderText(self.tr("例如 0030"))
        self.keys["clear"].setText(self.tr("清除"))
        self.submit.setText(self.button_text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= SIDE_BY_SIDE
        want = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.layout_.direction() != want:
            self.layout_.setDirection(want)
        super().resizeEvent(event)

    # --- the pad ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.FocusIn:
            self._aim(watched)
        return False

    def _aim(self, box: QLineEdit) -> None:
        self.target = box
        self.keys["X"].setEnabled(box is self.last4)  # only an ID number ends in X

    def _digits(self) -> str | None:
        """The receipt's digits, when the box holds this hall's letters (or nothing)."""
        text = self.reference.text()
        if not text:
            return ""
        if not text.startswith(self.letters):
            return None  # scanned or typed from elsewhere: the pad just types
        rest = text[len(self.letters) :]
        return re.sub(r"\D", "", rest) if re.fullmatch(r"[0-9-]*", rest) else None

    def press(self, key: str) -> None:
        if self.target is self.reference:
            digits = self._digits()
            if digits is None:
                self.reference.insert(key)
            elif len(digits) < self.DIGITS and key.isdigit():
                self.reference.setText(formatted(self.letters, digits + key))
            if len(self._digits() or "") == self.DIGITS:
                self._aim(self.last4)  # all there: on to the ID digits
                self.last4.setFocus()
        elif len(self.last4.text()) < 4:
            self.last4.insert(key)

    def backspace(self) -> None:
        if self.target is self.reference:
            digits = self._digits()
            if digits is None:
                self.reference.backspace()
            else:
                self.reference.setText(formatted(self.letters, digits[:-1]) if digits[:-1] else "")
        else:
            self.last4.backspace()

    def clear_target(self) -> None:
        self.target.clear()

    def clear(self) -> None:
        self.reference.clear()
        self.last4.clear()
        self._aim(self.reference)
        # The next citizen may scan the receipt's QR: the scanner types into the focused
        # box and ends with Enter, so the focus left in the ID box would send it there.
        self.reference.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # A hidden box cannot take the focus (clear() runs on a start over, with the page
        # hidden): the page's opening gives it to the box being filled, after a clear the
        # receipt box.
        super().showEvent(event)
        self.target.setFocus()
