"""好差评: the citizen rates the service, on a dialog meant for the citizen's side of the
counter: it is only ever shown on a citizen-facing screen (ui/citizen_rating.py chooses it).
Keys 1–5 work too. 不满意 and 非常不满意 ask why, from preset reasons, before anything is
saved: without a reason the dialog does not close as rated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.ratings import LOW, LOW_REASONS
from ui import style

if TYPE_CHECKING:
    from ui.citizen_rating import Screen

# 5 levels, from the national 好差评 scale: 非常满意 … 非常不满意
LEVELS = (5, 4, 3, 2, 1)


class RatingDialog(QDialog):
    def __init__(self, receipt_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt_no = receipt_no
        self.level: int | None = None  # set once the rating may be saved
        self.reason: str | None = None  # a LOW_REASONS key, for a low level
        self._low: int | None = None  # a low level chosen, its reason not yet
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.set_role(self.heading, "title")
        self.buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout()
        for level in LEVELS:
            button = QPushButton()
            button.setMinimumHeight(90)
            button.setCheckable(True)  # the level chosen stays marked while its reason is asked
            button.setAutoExclusive(True)
            font = QFont(button.font())
            font.setPointSize(max(font.pointSize(), 14))
            button.setFont(font)
            button.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.buttons[level] = button
            row.addWidget(button)
        self.reasons = QGroupBox()
        self.reason_buttons: dict[str, QPushButton] = {}
        reasons_row = QHBoxLayout(self.reasons)
        for key in LOW_REASONS:
            button = QPushButton()
            button.setMinimumHeight(60)
            button.clicked.connect(lambda _=False, k=key: self.choose_reason(k))
            self.reason_buttons[key] = button
            reasons_row.addWidget(button)
        self.reasons.setVisible(False)
        self.comment = QLineEdit()
        self.skip = QPushButton()
        self.skip.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.reasons)
        layout.addWidget(self.comment)
        layout.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("服务评价"))
        self.heading.setText(
            self.tr("请您为本次服务评价（回执 %1）").replace("%1", self.receipt_no)
        )
        texts = {
            5: self.tr("非常满意"),
            4: self.tr("满意"),
            3: self.tr("基本满意"),
            2: self.tr("不满意"),
            1: self.tr("非常不满意"),
        }
        for level, button in self.buttons.items():
            button.setText(f"{texts[level]}\n({level})")
            # A big target, and never narrower than its words: "Very dissatisfied" in large
            # type needs more than 140 pixels (review 7, finding 12's English walk).
            button.setMinimumWidth(0)
            button.setMinimumWidth(max(140, button.sizeHint().width()))
        self.reasons.setTitle(self.tr("请选择不满意的原因"))
        reasons = {
            "wait": self.tr("等候时间长"),
            "again": self.tr("需要多次跑动"),
            "unclear": self.tr("告知不清楚"),
            "attitude": self.tr("服务态度不好"),
            "system": self.tr("系统或设备故障"),
            "other": self.tr("其他原因"),
        }
        for i, (key, button) in enumerate(self.reason_buttons.items(), start=1):
            button.setText(f"{reasons[key]}\n({i})")
        self.comment.setPlaceholderText(self.tr("意见或建议（可不填）"))
        self.skip.setText(self.tr("不评价"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        keys = list(self.reason_buttons)
        if self._low is not None and text.isdigit() and 1 <= int(text) <= len(keys):
            self.choose_reason(keys[int(text) - 1])  # the reasons are asked: digits pick one
            return
        if text.isdigit() and int(text) in LEVELS:
            self.choose(int(text))
            return
        super().keyPressEvent(event)

    def choose(self, level: int) -> None:
        self.buttons[level].setChecked(True)
        if level in LOW:
            self._low, self.level, self.reason = level, None, None
            self.reasons.setVisible(True)
            self.reason_buttons[next(iter(self.reason_buttons))].setFocus()
            return
        self._low, self.level = None, level
        self.reasons.setVisible(False)
        self.accept()

    def choose_reason(self, key: str) -> None:
        if self._low is None or key not in LOW_REASONS:
            return
        self.level, self.reason = self._low, key
        self.accept()

    def accept(self) -> None:
        if self.level is None:
            return  # a low level without its reason is not a rating yet
        super().accept()

    def place_on(self, screen: Screen) -> None:
        """The citizen's screen, whole: never the clerk's."""
        self.setGeometry(screen.availableGeometry())
