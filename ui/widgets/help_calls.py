"""Calls for help from the hall's kiosks, on the clerk's queue panel: where, since when, who goes.

Shown only while there is a call, in one line and one button (the panel must fit 768
pixels in large type). Any window may say "我去处理" (the first keeps the call, the kiosk
tells the citizen which window is coming) and "已处理" once the citizen is helped. A call raised while the kiosk
was offline shows only on panels that share the kiosk's store, marked so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from terminal import failures
from terminal.clock import now
from terminal.hall import help as hall_help

if TYPE_CHECKING:
    from sync.hall.help import HelpResult
    from sync.hall.operations import HallQueue
    from sync.hall.watch import QueueEvent
    from terminal.hall.help import Help
    from terminal.store import Store
    from ui.queue_link import QueueLink


class HelpCalls(QWidget):
    """One line and one button: the oldest call still to see to, and what this window does
    about it next (go; then, once there, say it is done). More calls are counted."""

    def __init__(self, link: QueueLink, window: int) -> None:
        super().__init__()
        self.link, self.window_no = link, window
        self.calls: list[Help] = []
        self.place = QLabel()  # where: the whole width of the panel
        self.place.setProperty("role", "warning")
        self.place.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.words = QLabel()
        self.words.setProperty("role", "warning")
        # Two lines, each shortened to the panel's width (the whole in the tooltip): the
        # panel keeps its width and its height, whatever a kiosk's place is called.
        self.words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.lines: list[str] = []
        self.button = QPushButton()
        self.button.clicked.connect(lambda _=False: self.press())
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.place, 0, 0, 1, 2)
        grid.addWidget(self.words, 1, 0)
        grid.addWidget(self.button, 1, 1)
        grid.setColumnStretch(0, 1)
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

    def call_lines(self, h: Help) -> list[str]:
        """Where first (the clerk goes there), then since when and who goes."""
        count = len(self.calls)
        if h.state == "coming" and h.window_no:
            state = self.tr("%1 号窗口已去").replace("%1", str(h.window_no))
        else:
            state = self.tr("等待处理")
        local = self.tr("（仅本机：平台未连接）") if h.origin == "local" else ""
        more = self.tr("（共 %1 个求助）").replace("%1", str(count)) if count > 1 else ""
        return [self.tr("求助：%1").replace("%1", h.place), f"{h.time} {state}{local}{more}"]

    def _elide(self) -> None:
        whole = "\n".join(self.lines)
        lines = [*self.lines, "", ""][:2]
        for label, line in zip((self.place, self.words), lines, strict=True):
            width = max(40, label.width())
            label.setText(label.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, width))
            label.setToolTip(whole)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def show_calls(self) -> None:
        h = self.first()
        self.setVisible(h is not None)
        if h is None:
            return
        self.lines = self.call_lines(h)
        self._elide()
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
        self.lines = [failures.report(error)]
        self._elide()
        self.refresh()

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
