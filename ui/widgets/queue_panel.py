"""The window's queue: who is at the counter, who waits, who was called; call next,
call again, skip, transfer, green channel — each one key, each done on the queue's
thread (it may wait a few seconds for the portal, the clerk never does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal import failures, hall
from terminal.clock import now
from terminal.hall import Groups, Ticket
from terminal.identity import mask_name

if TYPE_CHECKING:
    from sync.hall.operations import HallQueue, Result
    from sync.hall.watch import QueueEvent
    from terminal.store import Store
from ui import style
from ui.queue_link import QueueLink
from ui.widgets.fit import NoteLabel, WrapLabel
from ui.widgets.help_calls import HelpCalls
from ui.widgets.transfer_dialog import TransferDialog

WAITING_SHOWN = 30


@dataclass(frozen=True)
class QueueView:
    """One read of the queue tables for this window, made on the queue's thread."""

    current: list[Ticket]
    waiting: list[Ticket]
    waiting_total: int
    recent: list[Ticket]
    appointments: list[dict[str, Any]]


def read_view(store: Store, window: int, groups: Groups) -> QueueView:
    day = hall.day_of(now())
    conn = store.conn
    serves = groups.for_window(window)
    waiting = hall.waiting(conn, window=window, groups=serves, day=day)
    # The day's bookings for the services this window calls: the clerk sees who is coming.
    booked = [
        a
        for a in hall.appointments(conn, day)
        if groups.for_code(a["intake_code"]).prefix in serves
    ]
    return QueueView(
        current=hall.current(conn, window),
        waiting=waiting[:WAITING_SHOWN],
        waiting_total=len(waiting),
        recent=hall.recently_called(conn, window, day),
        appointments=booked,
    )


class QueuePanel(QWidget):
    appointment_called = Signal(str)  # the booked service of the ticket just called
    busy_changed = Signal(bool)

    def __init__(self, link: QueueLink, groups: Groups, window: int) -> None:
        super().__init__()
        self.link, self.groups, self.window_no = link, groups, window
        self.serves = groups.for_window(window)
        self.view: QueueView | None = None
        self.busy = False
        # Wrapped, as every line of the panel: one English line ("Recently called
        # (double-click to call again)") made it too wide for 1366 pixels in large type.
        self.current = WrapLabel()
        style.set_role(self.current, "title")
        self.current.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = NoteLabel("")
        self.link_state = QLabel()
        self.link_state.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        # Two buttons a line: the panel stays narrow enough to leave the case its room at
        # 1366 pixels in large type.
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        for i, name in enumerate(("next", "again", "skip", "transfer", "green")):
            button = QPushButton()
            button.clicked.connect(lambda _=False, n=name: self.press(n))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[name] = button
        self.waiting_title = WrapLabel()
        self.waiting = QListWidget()
        self.recent_title = WrapLabel()
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: self.call_again(item.data(256)))
        self.booked_title = WrapLabel()
        self.booked = QListWidget()
        for view in (self.waiting, self.recent, self.booked):
            view.setMinimumHeight(48)  # a line or two: the panel fits 768 pixels in large type
        layout = QVBoxLayout(self)
        # Narrow margins: the case keeps these pixels at 1366 in large type, in English too.
        layout.setContentsMargins(2, 0, 2, 0)
        # Calls for help from the hall's kiosks, above all else while there is one; its
        # button beside 绿色通道, where the grid has room.
        self.help_calls = HelpCalls(link, window)
        grid.addWidget(self.help_calls.button, 2, 1)
        layout.addWidget(self.help_calls)
        layout.addWidget(self.current)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.waiting_title)
        layout.addWidget(self.waiting, 3)
        layout.addWidget(self.recent_title)
        layout.addWidget(self.recent, 2)
        layout.addWidget(self.booked_title)
        layout.addWidget(self.booked, 2)
        layout.addWidget(self.link_state)
        link.happened.connect(self.on_event)
        self.retranslate()
        self.refresh()

    def install_shortcuts(self, owner: QWidget) -> None:
        """F5 call next, F6 again, F7 skip, F8 transfer, F12 green: from anywhere in the window."""
        for keys, name in (
            ("F5", "next"),
            ("F6", "again"),
            ("F7", "skip"),
            ("F8", "transfer"),
            ("F12", "green"),
        ):
            shortcut = QShortcut(QKeySequence(keys), owner)
            shortcut.activated.connect(lambda n=name: self.press(n))

    # --- texts ----------------------------------------------------------------------

    def retranslate(self) -> None:
        texts = {
            "next": self.tr("叫下一位 (F5)"),
            "again": self.tr("重呼 (F6)"),
            "skip": self.tr("过号 (F7)"),
            "transfer": self.tr("转移 (F8)"),
            "green": self.tr("绿色通道 (F12)"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        self.buttons["green"].setToolTip(self.tr("把选中的等候号设为优先（老年人、残疾人、孕妇）"))
        self.recent_title.setText(self.tr("刚叫过（双击重呼）"))
        self.booked_title.setText(self.tr("今日预约"))
        self.show_view()
        self.show_link()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def ticket_text(self, t: Ticket) -> str:
        marks = {"appointment": self.tr("预约"), "green": self.tr("优先")}
        mark = marks.get(t.priority, "")
        state = {
            "missed": self.tr("过号"),
            "transferred": self.tr("转入"),
            "called": self.tr("已叫"),
            "serving": self.tr("办理中"),
            "done": self.tr("已办"),
        }.get(t.state, "")
        return " ".join(x for x in (t.ticket_no, mark, state) if x)

    def show_view(self) -> None:
        v = self.view
        hand = [t for t in (v.current if v else []) if t.state in ("called", "serving")]
        if hand:
            t = hand[-1]
            self.current.setText(self.tr("当前：%1").replace("%1", self.ticket_text(t)))
        else:
            self.current.setText(self.tr("当前：无"))
        self.waiting_title.setText(
            self.tr("等候 %1 人").replace("%1", str(v.waiting_total if v else 0))
        )
        self._fill(self.waiting, v.waiting if v else [])
        self._fill(self.recent, v.recent if v else [])
        self.booked.clear()
        for a in v.appointments if v else []:
            when = str(a.get("slot_start", ""))[11:16]
            self.booked.addItem(f"{when} {mask_name(str(a.get('applicant_name', '')))}")

    def _fill(self, widget: QListWidget, tickets: list[Ticket]) -> None:
        widget.clear()
        for t in tickets:
            item = QListWidgetItem(self.ticket_text(t))
            item.setData(256, t.id)
            widget.addItem(item)

    def show_link(self) -> None:
        online = self.link.online
        if online is False:
            self.link_state.setText(self.tr("平台未连接：只叫本机取的号，恢复后自动合并"))
            style.set_role(self.link_state, "warning")
        else:
            self.link_state.setText(self.tr("平台排队：在线") if online else "")
            style.set_role(self.link_state, "ok")

    # --- actions --------------------------------------------------------------------

    def in_hand(self) -> Ticket | None:
        hand = self.view.current if self.view else []
        return hand[-1] if hand else None

    def selected_waiting(self) -> str | None:
        item = self.waiting.currentItem()
        return str(item.data(256)) if item is not None else None

    def press(self, name: str) -> None:
        if name == "next":
            self.call_next()
        elif name == "again":
            t = self.in_hand()
            self.call_again(t.id if t else None)
        elif name == "skip":
            t = self.in_hand()
            self._ticket_op(t.id if t else None, lambda h, i: h.skip(i))
        elif name == "transfer":
            self.transfer()
        elif name == "green":
            self._ticket_op(self.selected_waiting(), lambda h, i: h.mark_green(i))

    def call_next(self) -> None:
        serves = self.serves
        self._run(lambda hall: hall.call_next(serves))

    def call_again(self, ticket_id: str | None) -> None:
        self._ticket_op(ticket_id, lambda h, i: h.call_again(i))

    def transfer(self) -> None:
        ticket = self.in_hand()
        ticket_id = ticket.id if ticket else self.selected_waiting()
        if ticket_id is None:
            self.say(self.tr("没有可转移的号：先叫号或在等候列表中选中一个。"))
            return
        dialog = TransferDialog(self.groups, self.window_no, self)
        self.transfer_dialog = dialog  # tests answer it

        def chosen(result: int) -> None:
            window, group = dialog.target()
            if result != QDialog.DialogCode.Accepted:
                return  # cancelled: the dialog refuses OK without a target, and says why
            self._run(lambda hall: hall.transfer(ticket_id, window=window, group=group))

        dialog.finished.connect(chosen)
        dialog.open()

    def _ticket_op(self, ticket_id: str | None, op: Callable[[HallQueue, str], Result]) -> None:
        if ticket_id is None:
            self.say(self.tr("没有选中的号。"))
            return
        self._run(lambda hall: op(hall, ticket_id))

    def _run(self, op: Callable[[HallQueue], Result]) -> None:
        if self.busy:  # one operation at a time: a second press would act on a stale view
            return
        self.set_busy(True)
        self.link.run(op, self._done, self._failed)

    def _done(self, result: Result) -> None:
        self.set_busy(False)
        ticket = result.ticket
        # result.call may be None though the ticket was called: the hall's feed can bring
        # the call into the store before the portal's answer to this press arrives.
        if ticket is not None and ticket.state == "called":
            self.say(self.tr("已呼叫 %1").replace("%1", ticket.ticket_no), ok=True)
            if ticket.intake_code and ticket.priority == "appointment":
                self.appointment_called.emit(ticket.intake_code)
        elif ticket is None:
            self.say(self.tr("没有等候的人。"))
        else:
            self.say(self.ticket_text(ticket), ok=True)
        self.show_link()
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.set_busy(False)
        # A queue refusal is a sentence in the window's language; anything else (a bug, a
        # disk) is logged, and its English text never reaches the clerk.
        self.say(failures.report(error))
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.buttons.values():
            button.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def say(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        style.set_role(self.message, "ok" if ok else "warning")

    # --- keeping up -------------------------------------------------------------------

    def refresh(self) -> None:
        window, groups = self.window_no, self.groups
        self.link.read(lambda store: read_view(store, window, groups), self._got_view)

    def _got_view(self, view: QueueView) -> None:
        self.view = view
        self.show_view()

    def on_event(self, event: QueueEvent) -> None:
        if event.kind in ("call", "changed"):
            self.refresh()
        elif event.kind == "link":
            self.show_link()
