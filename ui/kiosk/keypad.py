"""An on-screen keypad for receipt numbers and ID digits: big keys, no pinyin, no hardware keyboard."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

ROWS = ["1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNMX"]


class Keypad(QWidget):
    """Types into whichever of its fields has the focus (a tap on a field chooses it)."""

    def __init__(self, fields: list[QLineEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = fields
        self.target = fields[0] if fields else None
        for f in fields:
            f.installEventFilter(self)
        grid = QGridLayout(self)
        grid.setSpacing(6)
        for r, row in enumerate(ROWS):
            for c, ch in enumerate(dict.fromkeys(row)):
                grid.addWidget(self._key(ch, partial(self.type, ch)), r, c)
        self.back = self._key("⌫", self._backspace)
        self.clear = self._key(self.tr("清除"), self._clear)
        grid.addWidget(self.back, 3, 8)
        grid.addWidget(self.clear, 3, 9)

    def _key(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumSize(64, 64)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        button.clicked.connect(lambda _checked=False: action())
        return button

    def _backspace(self) -> None:
        if self.target is not None:
            self.target.backspace()

    def _clear(self) -> None:
        if self.target is not None:
            self.target.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.FocusIn:
            self.target = watched
        return False

    def type(self, ch: str) -> None:
        if self.target is not None:
            self.target.insert(ch)
