"""Calls for help from the hall's kiosks, on the clerk's queue panel: where, since when, who goes.

Shown only while there is a call, in one line and one button (the panel must fit 768
pixels in large type). Any window may say "我去处理" (the first keeps the call, the kiosk
tells the citizen which window is coming) and "已处理" once the citizen is helped. A call raised while the kiosk
was offline shows only on panels that share the kiosk's store, marked so.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from terminal import failures
from terminal.clock import now
from terminal.hall import help as hall_help
from ui import style

if TYPE_CHECKING:
    from sync.hall.help import HelpResult
    from sync.hall.operations import HallQueue
    from sync.hall.watch import QueueEvent
    from terminal.hall.help import Help
    from terminal.store import Store
    from ui.queue_link import QueueLink


class ElidedLabel(QLabel):
    """One line, shortened to the width it is given (the whole in its tooltip): the panel
    keeps its width and its height, whatever a kiosk's place is called. The place is
    typed on another terminal: it shows as the characters it is, never as formatting."""

    def __init__(self) -> None:
        super().__init__()
        self.whole = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_whole(self, text: str, tip: str) -> None:
        self.whole = text
        # A tooltip has no text format of its own: always rich (<qt>), the text escaped.
        self.setToolTip("<qt>" + escape(tip).replace("\n", "<br>"))
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(40, self.contentsRect().width())
        self.setText(self.fontMetrics().elidedText(self.whole, Qt.TextElideMode.ElideRight, room))


class HelpCalls(QWidget):
    """One line and one button: the oldest call still to see to, and what this window does
    about it next (go; then, once there, say it is done). More calls are counted. The
    button is the panel's to place (beside 绿色通道), so the line has the panel's width."""

    def __init__(self, link: QueueLink, window: int) -> None:
        super().__init__()
        self.link, self.window_no = link, window
        self.calls: list[Help] = []
        self.words = ElidedLabel()
        style.set_role(self.words, "warning")
        self.button = QPushButton()
        self.button.clicked.connect(lambda _=False: self.press())
        self.button.setVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.words, 1)
        # An unanswered call leaves after half an hour even if nothing else happens.
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        link.happened.connect(self.on_event)
        self.setVisible(False)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_calls()
        super().changeEvent(event)

    def first(self) -> Help | None:
        """The call to see to: the oldest nobody is going to, else the oldest."""
        waiting = [h for h in self.calls if h.state == "open"]
        pick = waiting or self.calls
        return pick[0] if pick else None

    def call_text(self, h: Help) -> str:
        """Who goes (or since when nobody) first, then where: a short line still says it."""
        more = f"({len(self.calls)})" if len(self.calls) > 1 else ""
        if h.state == "coming" and h.window_no:
            going = self.tr("%1 号窗口已去").replace("%1", str(h.window_no))
            return f"{more}{going}：{h.place}"
        return (
            self.tr("求助%1：%2 %3")
            .replace("%1", more)
            .replace("%2", h.place)
            .replace("%3", h.time)
        )

    def show_calls(self) -> None:
        h = self.first()
        self.setVisible(h is not None)
        self.button.setVisible(h is not None)
        if h is None:
            return
        local = self.tr("（仅本机：平台未连接）") if h.origin == "local" else ""
        lines = [self.call_text(x) + (local if x is h else "") for x in self.calls]
        self.words.set_whole(self.call_text(h), "\n".join(lines))
        self.button.setText(self.tr("我去处理") if h.state == "open" else self.tr("已处理"))

    def press(self) -> None:
        h = self.first()
        if h is None:
            return
        help_id, action = h.id, "coming" if h.state == "open" else "done"

        def op(hall: HallQueue) -> HelpResult:
            return hall.answer_help(help_id, action)

        self.button.setEnabled(False)  # one press, one answer
        self.link.run(op, self._done, self._failed)

    def _done(self, result: HelpResult) -> None:
        self.button.setEnabled(True)
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.button.setEnabled(True)
        text = failures.report(error)
        self.words.set_whole(text, text)

    def refresh(self) -> None:
        def read(store: Store) -> list[Help]:
            return hall_help.shown(store.conn, now())

        self.link.read(read, self._got)

    def _got(self, calls: list[Help]) -> None:
        self.calls = calls
        self.show_calls()

    def on_event(self, event: QueueEvent) -> None:
        if event.kind == "changed":
            self.refresh()
