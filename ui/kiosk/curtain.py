"""The idle warning over the whole kiosk: a line at the top goes unseen by someone who
stepped away to find a document; a screen that says it in large type, with one large
button to stay, does not."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class IdleCurtain(QWidget):
    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self.setObjectName("idleCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#idleCurtain { background: rgba(0, 0, 0, 235); }"
            "#idleCurtain QLabel { color: white; font-size: 48px; }"
            "#idleCurtain QPushButton { font-size: 48px; min-height: 120px; min-width: 480px; }"
        )
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Any touch stays (the kiosk's idle watcher sees it); the button says so plainly.
        self.stay = QPushButton()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.words)
        layout.addSpacing(48)
        layout.addWidget(self.stay, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        over.installEventFilter(self)  # follow the kiosk's size
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.words.setText(
            self.tr("无人操作\n%1 秒后返回首页，并清除您的信息").replace("%1", str(seconds))
        )
        self.stay.setText(self.tr("继续使用"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
        return False
