"""Calls for help from the hall's kiosks, on the clerk's queue panel: where, since when, who goes.

Shown only while there is a call (the panel must fit 768 pixels in large type). Any
window may say "我去处理" (the first keeps the call, the kiosk tells the citizen which
window is coming) and "已处理" once the citizen is helped. A call raised while the kiosk
was offline shows only on panels that share the kiosk's store, marked so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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

ID_ROLE = 256  # Qt.ItemDataRole.UserRole


class HelpCalls(QWidget):
    def __init__(self, link: QueueLink, window: int) -> None:
        super().__init__()
        self.link, self.window_no = link, window
        self.calls: list[Help] = []
        self.title = QLabel()
        self.title.setProperty("role", "warning")
        self.list = QListWidget()
        self.list.setMinimumHeight(48)
        self.list.setMaximumHeight(120)  # two or three calls; more scroll
        self.list.itemActivated.connect(lambda _item: self.press("coming"))
        self.going = QPushButton()
        self.going.clicked.connect(lambda _=False: self.press("coming"))
        self.done = QPushButton()
        self.done.clicked.connect(lambda _=False: self.press("done"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.going)
        buttons.addWidget(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        # An unanswered call leaves the list after half an hour even if nothing else happens.
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        link.happened.connect(self.on_event)
        self.retranslate()
        self.setVisible(False)
        self.refresh()

    def retranslate(self) -> None:
        self.going.setText(self.tr("我去处理"))
        self.done.setText(self.tr("已处理"))
        self.show_calls()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def call_text(self, h: Help) -> str:
        if h.state == "coming" and h.window_no:
            state = self.tr("%1 号窗口已去").replace("%1", str(h.window_no))
        else:
            state = self.tr("等待处理")
        local = self.tr("（仅本机：平台未连接）") if h.origin == "local" else ""
        return f"{h.time} {h.place} · {state}{local}"

    def show_calls(self) -> None:
        self.title.setText(self.tr("自助机求助 %1 个").replace("%1", str(len(self.calls))))
        chosen = self.selected()
        self.list.clear()
        for h in self.calls:
            item = QListWidgetItem(self.call_text(h))
            item.setData(ID_ROLE, h.id)
            self.list.addItem(item)
            if h.id == chosen:
                self.list.setCurrentItem(item)
        self.setVisible(bool(self.calls))

    def selected(self) -> str | None:
        item = self.list.currentItem()
        if item is not None:
            return str(item.data(ID_ROLE))
        return None

    def target(self, action: str) -> Help | None:
        """The call chosen in the list, else the oldest one the action fits."""
        chosen = self.selected()
        for h in self.calls:
            if h.id == chosen:
                return h
        if action == "coming":
            return next((h for h in self.calls if h.state == "open"), None)
        mine = [h for h in self.calls if h.window_no == self.window_no]
        chosen_list = mine or self.calls
        return chosen_list[0] if chosen_list else None

    def press(self, action: str) -> None:
        h = self.target(action)
        if h is None:
            return
        help_id = h.id

        def op(hall: HallQueue) -> HelpResult:
            return hall.answer_help(help_id, action)

        self.link.run(op, self._done, self._failed)

    def _done(self, result: HelpResult) -> None:
        h = result.help
        if h.state == "coming" and h.window_no != self.window_no:
            self.message.setText(self.tr("%1 号窗口已经去了。").replace("%1", str(h.window_no)))
        else:
            self.message.clear()
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.message.setText(failures.report(error))
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
