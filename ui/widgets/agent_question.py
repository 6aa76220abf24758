"""A second person's card read mid-case, in 本人: is this the 代办人, or the next citizen?

Asked once, keyboard first. The relation's digit (the same digits as the 代办 panel's list:
1 亲属, 2 配偶 …) makes the card's holder the agent of the case on screen, with that
relation: the one key an agent's case must cost anyway. Enter or Esc (the default) is the
next citizen, as before: the open case is kept as its citizen's draft. So nobody joins
another citizen's case without the clerk saying how they are related (issue 19), and a clerk
who forgot Ctrl+D does not lose the first citizen's case to the agent's card (issue 14).

Opened with ``open()``, not ``exec()``: the window's event loop is not nested (a card read
meanwhile is told to wait, ui/one_citizen.py), and keys reach it where the focus is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class AgentQuestion(QDialog):
    """``relation`` is the chosen relation's code after Accepted; Rejected is the next
    citizen. ``relations`` are (code, label) in the order their digits pick them."""

    def __init__(
        self,
        applicant: str,
        holder: str,
        relations: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("又读到一张证件"))
        self.relations = list(relations)[:9]
        self.relation: str | None = None
        text = (
            self.tr(
                "读到 %1 的证件，当前办件的申请人是 %2。\n"
                "%1 是代办人吗？按数字选其与申请人的关系。\n"
                "不是：按 Enter，作为下一位市民办理（%2 的办件存为草稿）。"
            )
            .replace("%1", holder)
            .replace("%2", applicant)
        )
        self.question = QLabel(text)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        grid = QGridLayout()
        self.relation_buttons: list[QPushButton] = []
        for i, (code, label) in enumerate(self.relations):
            button = QPushButton(label)
            # Only a digit or a click joins the case: Enter never lands on one of these.
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.choose(c))
            grid.addWidget(button, i // 3, i % 3)
            self.relation_buttons.append(button)
        self.next_button = QPushButton(self.tr("下一位市民 (Enter)"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(grid)
        layout.addWidget(self.next_button)
        self.next_button.setFocus()

    def choose(self, code: str) -> None:
        self.relation = code
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(self.relations):
            self.choose(self.relations[int(text) - 1][0])
            return
        super().keyPressEvent(event)  # Enter: the default button; Esc: reject
