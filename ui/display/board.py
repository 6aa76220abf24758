"""The board's parts: text that fits its place, the newest call, recent calls, waiting counts.

Sizes are pixels for a 1920×1080 TV and scale with the screen, so the same board reads
from across the hall on a 720p set and on a 4K one. A text that would not fit shrinks
rather than being cut: an offline number (A90-001) is longer than the portal's (A012).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from terminal.hall import Call
from ui import style

BLACK, WHITE, YELLOW, GREEN, RED, GREY = (
    "#000000",
    "#ffffff",
    "#ffd400",
    "#7CFC00",
    "#ff5c5c",
    "#9a9a9a",
)
RECENT = 8  # calls listed under the newest one


class FitLabel(QLabel):
    """One line of text at ``base_px`` (on a 1080-line screen), smaller only when it would not fit."""

    def __init__(self, base_px: int, color: str = WHITE, *, bold: bool = False) -> None:
        super().__init__()
        self.base_px = base_px
        self.color = color
        self.bold = bold
        self.factor = 1.0
        # The width comes from the layout, never from the text: no resize loop when it shrinks.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_color(color)
        self.rescale(1.0)

    def set_color(self, color: str) -> None:
        self.color = color
        self.setStyleSheet(f"color: {color}; background: transparent;")

    def rescale(self, factor: float) -> None:
        self.factor = factor
        font = self._font(self.largest())
        self.setFixedHeight(QFontMetrics(font).height() + 4)
        self._fit()

    def largest(self) -> int:
        return max(8, round(self.base_px * self.factor))

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _font(self, px: int) -> QFont:
        font = QFont(style.chinese_family())
        font.setPixelSize(px)
        font.setBold(self.bold)
        return font

    def _fit(self) -> None:
        px = self.largest()
        room = self.contentsRect().width()
        wide = QFontMetrics(self._font(px)).horizontalAdvance(self.text())
        if room > 0 and wide > room:
            px = max(8, int(px * room / wide))
        self.setFont(self._font(px))


def scale_all(root: QWidget, factor: float) -> None:
    for label in root.findChildren(FitLabel):
        label.rescale(factor)


class NewestCall(QFrame):
    """The call just made, very large: A012 → 3 号窗口; 再次呼叫 when it is a repeat."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("newest")
        self.ticket = FitLabel(230, YELLOW, bold=True)
        self.ticket.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = FitLabel(150, WHITE, bold=True)
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence = FitLabel(56, WHITE)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.again = FitLabel(56, WHITE, bold=True)
        self.again.setAlignment(Qt.AlignmentFlag.AlignCenter)
        line = QHBoxLayout()
        line.addWidget(self.ticket, 11)
        line.addWidget(self.where, 9)
        under = QHBoxLayout()
        under.addStretch(1)
        under.addWidget(self.sentence, 6)
        under.addWidget(self.again, 2)
        under.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(line)
        layout.addLayout(under)
        layout.addStretch(1)
        self.lit = False
        self.light(False)

    def show_call(self, call: Call | None, window_text: str, again_text: str, idle: str) -> None:
        if call is None:
            self.ticket.setText(idle)
            self.where.setText("")
            self.sentence.setText("")
            self.again.setText("")
            self.again.setVisible(False)
            return
        self.ticket.setText(call.ticket_no)
        self.where.setText(f"→ {window_text}")
        self.sentence.setText(call.announcement())
        self.again.setText(again_text if call.nth > 1 else "")
        self.again.setVisible(call.nth > 1)

    def light(self, on: bool) -> None:
        """The flash of a new call: black on yellow, then back to yellow on black."""
        self.lit = on
        background = YELLOW if on else "#101010"
        self.setStyleSheet(
            f"QFrame#newest {{ background: {background}; border: 4px solid {YELLOW};"
            " border-radius: 12px; }"
        )
        self.ticket.set_color(BLACK if on else YELLOW)
        self.where.set_color(BLACK if on else WHITE)
        self.sentence.set_color(BLACK if on else WHITE)
        self.again.setStyleSheet(
            f"color: {WHITE}; background: {RED}; border-radius: 8px; padding: 0 12px;"
        )


class RecentRow(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.ticket = FitLabel(64, YELLOW, bold=True)
        self.where = FitLabel(56, WHITE)
        self.again = FitLabel(32, RED, bold=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.ticket, 5)
        layout.addWidget(self.where, 5)
        layout.addWidget(self.again, 3)

    def show_call(self, call: Call | None, window_text: str, again_text: str) -> None:
        self.ticket.setText(call.ticket_no if call else "")
        self.where.setText(f"→ {window_text}" if call else "")
        self.again.setText(again_text if call and call.nth > 1 else "")


class RecentCalls(QWidget):
    """The calls before the newest, newest first: down the left column, then the right."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = [RecentRow() for _ in range(RECENT)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        half = RECENT // 2
        for i, row in enumerate(self.rows):
            grid.addWidget(row, i % half, i // half)


class GroupRow(QWidget):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix
        self.letter = FitLabel(52, BLACK, bold=True)
        self.letter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.letter.setText(prefix)
        self.letter.setStyleSheet(f"color: {BLACK}; background: {YELLOW}; border-radius: 6px;")
        self.name = FitLabel(44, WHITE)
        self.count = FitLabel(52, YELLOW, bold=True)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.letter, 1)
        layout.addWidget(self.name, 7)
        layout.addWidget(self.count, 3)


class WaitingCounts(QWidget):
    """How many wait in each service group: who should stay, who may go for a coffee."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, GroupRow] = {}
        self.list = QVBoxLayout(self)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.addStretch(1)

    def set_groups(self, groups: list[tuple[str, str]]) -> None:
        """(prefix, name) in the hall's order."""
        if [p for p, _ in groups] != list(self.rows):
            for row in self.rows.values():
                row.setParent(None)
                row.deleteLater()
            self.rows = {}
            for prefix, _ in groups:
                row = GroupRow(prefix)
                self.rows[prefix] = row
                self.list.insertWidget(self.list.count() - 1, row)
        for prefix, name in groups:
            self.rows[prefix].name.setText(name)
