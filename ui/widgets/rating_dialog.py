"""好差评: the citizen rates the service, on a dialog meant for the citizen's side of the
counter (shown on the second screen when there is one). Keys 1–5 work too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# 5 levels, from the national 好差评 scale: 非常满意 … 非常不满意
LEVELS = (5, 4, 3, 2, 1)


class RatingDialog(QDialog):
    def __init__(self, receipt_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt_no = receipt_no
        self.level: int | None = None
        self.heading = QLabel()
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setProperty("role", "title")
        self.buttons: dict[int, QPushButton] = {}
        row = QHBoxLayout()
        for level in LEVELS:
            button = QPushButton()
            button.setMinimumSize(140, 90)
            font = QFont(button.font())
            font.setPointSize(max(font.pointSize(), 14))
            button.setFont(font)
            button.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.buttons[level] = button
            row.addWidget(button)
        self.comment = QLineEdit()
        self.skip = QPushButton()
        self.skip.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.comment)
        layout.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()
        self._place_on_citizen_screen()

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
        self.comment.setPlaceholderText(self.tr("意见或建议（可不填）"))
        self.skip.setText(self.tr("不评价"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and int(text) in LEVELS:
            self.choose(int(text))
            return
        super().keyPressEvent(event)

    def choose(self, level: int) -> None:
        self.level = level
        self.accept()

    def _place_on_citizen_screen(self) -> None:
        screens = QGuiApplication.screens()
        if len(screens) > 1:  # the second screen faces the citizen
            self.setGeometry(screens[1].availableGeometry())
