"""预约签到: place the ID card, the kiosk finds today's booking and gives a priority ticket.

The booking comes from the portal through the sync worker into the local ``appointments``
table, so check-in works with the network down too. The card's ID number and name are
personal: they stay in the ``KioskSession`` (wiped by 重新开始 and by the idle timer),
the screen shows the name masked, and nothing of them is logged. A citizen whose
booking has a ticket already (checked in before, or lost the paper) gets that number
again rather than a second place in the queue.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sync.errors import LookupThrottled
from terminal.clock import now
from terminal.i18n import current_language
from terminal.identity import mask_name, normalise_id_number
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.pages import big_button, heading, plain_error
from ui.kiosk.session import KioskSession
from ui.kiosk.ticket_page import TicketView, service_name

if TYPE_CHECKING:
    from devices.cards.events import CardEvent
    from sync.hall.operations import HallQueue, Result
    from terminal.hall import Ticket
    from ui.queue_link import QueueLink

log = logging.getLogger(__name__)

# The queue group of the hall's 出件 windows (terminal/data/queue_groups.json).
COLLECT_GROUP = "R"
# A ticket in one of these states still holds the citizen's place today.
_LIVE = ("waiting", "transferred", "called", "serving", "missed")


def find_booking(store: Store, id_number: str, day: str) -> dict[str, Any] | None:
    """Today's booking for this ID number: the first without a live ticket, else the first,
    with its live ticket and the people ahead of it. None: nothing booked today."""
    from terminal.hall.table import ahead_of, select

    number = normalise_id_number(id_number)
    rows = store.conn.execute(
        "SELECT id, intake_code, slot_start, slot_end, applicant_name FROM appointments"
        " WHERE id_number IN (?, ?) AND substr(slot_start, 1, 10) = ?"
        " AND state IN ('booked', 'arrived') ORDER BY slot_start",
        (number, number.replace("X", "x"), day),
    ).fetchall()
    found: list[dict[str, Any]] = []
    for row in rows:
        live = select(
            store.conn,
            f"appointment_id = ? AND day = ? AND state IN ({', '.join('?' * len(_LIVE))})",
            [row["id"], day, *_LIVE],
        )
        ticket = live[0] if live else None
        found.append(
            {
                "appointment": dict(row),
                "ticket": ticket,
                "ahead": ahead_of(store.conn, ticket) if ticket is not None else None,
            }
        )
    fresh = [f for f in found if f["ticket"] is None]
    return (fresh or found)[0] if found else None


class CheckinPage(QWidget):
    wanted = Signal(str)  # a page to open instead (ordinary ticket taking)
    finished = Signal()

    def __init__(self, ctx: AppContext, session: KioskSession, link: QueueLink) -> None:
        super().__init__()
        self.ctx, self.session, self.link = ctx, session, link
        self._visit = 0  # answers that arrive after a start over belong to nobody: dropped
        self._busy = False
        self.reader_ready = False
        self.prompt = heading("")
        self.greeting = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        for label in (self.greeting, self.status):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = TicketView()
        self.ordinary = big_button("", lambda: self.wanted.emit("ticket"))
        self.collect = big_button("", self.take_collect_ticket)  # 取出件号 (issue 16)
        self.done = big_button("", self.finished.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.greeting)
        layout.addWidget(self.status)
        layout.addWidget(self.view)
        layout.addStretch(1)  # the message stays under the prompt, the buttons at the bottom
        layout.addWidget(self.collect)
        layout.addWidget(self.ordinary)
        layout.addWidget(self.done)
        self.clear()

    def retranslate(self) -> None:
        """The buttons and the prompt in the language now chosen; a check-in under way or
        shown keeps its lines (said in the language it was done in) and its number."""
        self.ordinary.setText(self.tr("取普通号"))
        self.collect.setText(self.tr("取出件号"))
        self.done.setText(self.tr("完成"))
        if self.view.shown is not None:
            self.prompt.setText(self.tr("签到成功"))
            self.view.retranslate()
        elif not self._busy and self.session.document is None:
            self._ask_for_card()

    # --- the reader ------------------------------------------------------------------

    def set_reader(self, ready: bool) -> None:
        self.reader_ready = ready
        if not self._busy and self.session.document is None:
            self._ask_for_card()

    def enter(self) -> None:
        """Opened again: ask for the card afresh, unless a check-in is under way or shown."""
        if not self._busy and not self.view.number.text():
            self.greeting.clear()
            self._ask_for_card()

    def _ask_for_card(self) -> None:
        if self.reader_ready:
            self.prompt.setText(self.tr("请将身份证放在下方读卡区"))
            self.status.setText(self.tr("读取后自动查找您今天的预约。"))
            self.ordinary.hide()
        else:
            self.prompt.setText(self.tr("本机暂时无法读取身份证"))
            self.status.setText(
                self.tr("请到咨询台签到，或先取普通号；工作人员可按预约为您优先办理。")
            )
            self.ordinary.show()

    def card_event(self, event: CardEvent) -> None:
        from devices.cards.events import (
            CardFailure,
            CardPresent,
            DocumentRead,
            ReaderAttached,
            ReaderGone,
        )

        if isinstance(event, ReaderAttached):
            self.set_reader(True)
        elif isinstance(event, ReaderGone):
            self.set_reader(False)
        elif self._busy or self.view.number.text():
            return  # one citizen at a time: a card placed meanwhile waits for 重新开始
        elif isinstance(event, CardPresent):
            self.status.setText(self.tr("正在读卡，请不要移动身份证……"))
        elif isinstance(event, CardFailure):
            self.status.setText(
                event.message(current_language())
                + "\n"
                + self.tr("请重新放置身份证；仍不行请到咨询台，或先取普通号。")
            )
            self.ordinary.show()
        elif isinstance(event, DocumentRead):
            self.read(event.document)

    def read(self, document: Any) -> None:
        """A card was read: find today's booking for its number, on the store worker."""
        self.session.document = document
        self._busy = True
        self.ordinary.hide()
        self.greeting.setText(self.tr("您好，%1").replace("%1", mask_name(document.name)))
        self.status.setText(self.tr("正在查找您今天的预约……"))
        id_number, day, visit = str(document.id_number), _today(), self._visit

        def find(store: Store) -> dict[str, Any] | None:
            return find_booking(store, id_number, day)

        self.ctx.store_jobs.submit(
            find,
            lambda b: self._found(b) if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def _found(self, booking: dict[str, Any] | None) -> None:
        if booking is None:
            self._results()
            return
        appointment = booking["appointment"]
        self.session.appointment = appointment
        service = service_name(self.ctx, None, "", appointment["intake_code"])
        slot = f"{str(appointment['slot_start'])[11:16]}–{str(appointment['slot_end'])[11:16]}"
        self.status.setText(
            self.tr("已找到您 %1 的预约：%2").replace("%1", slot).replace("%2", service)
        )
        ticket: Ticket | None = booking["ticket"]
        if ticket is not None:
            from sync.hall.operations import Result

            self._show(Result(ticket, ahead=booking["ahead"], online=False), service, again=True)
            return
        visit, intake, appointment_id = self._visit, appointment["intake_code"], appointment["id"]

        def operation(hall: HallQueue) -> Result:
            return hall.take(intake, appointment_id=appointment_id)

        self.link.run(
            operation,
            lambda r: self._show(r, service) if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def _results(self) -> None:
        """No booking today: results ready to collect for this card (出件, issue 16)? Asked of
        the portal on the queue's thread; offline or none, an ordinary ticket is offered."""
        document, visit = self.session.document, self._visit
        id_number = str(document.id_number) if document is not None else ""

        def ask(hall: HallQueue) -> list[dict[str, Any]]:
            if hall.client is None or not id_number:
                return []
            from sync.cases.results import ready_for

            return [r for r in ready_for(hall.client, id_number) if r.get("state") == "ready"]

        def nothing(error: object = None) -> None:
            if error is not None:  # offline, throttled or a bug: the ordinary ticket instead
                log.info("results check at the kiosk failed: %s", type(error).__name__)
            if visit != self._visit:
                return
            self._busy = False
            text = self.tr("没有找到您今天的预约。您可以取普通号排队，或到咨询台询问。")
            if isinstance(error, LookupThrottled):  # the portal's limit, its sentence says how long
                text += "\n" + str(error)
            self.status.setText(text)
            self.ordinary.show()

        def answered(ready: list[dict[str, Any]]) -> None:
            if visit != self._visit:
                return
            if not ready:
                nothing()
                return
            self._busy = False
            self.session.results = ready
            english = current_language().startswith("en")
            items, cases, paren = (", ", "; ", "({})") if english else ("、", "；", "（{}）")
            what = cases.join(
                items.join(str(i) for i in r.get("items") or []) + paren.format(r.get("receipt_no"))
                for r in ready
            )
            self.status.setText(
                self.tr("您有办理结果可以领取：%1。请取出件号，到出件窗口领取。").replace(
                    "%1", what
                )
            )
            self.collect.show()

        self.link.ask(ask, answered, nothing)

    def take_collect_ticket(self) -> None:
        """取出件号: a ticket of the hall's 出件 group, printed as any other."""
        self.collect.hide()
        self._busy = True
        visit = self._visit

        def operation(hall: HallQueue) -> Result:
            return hall.take(COLLECT_GROUP)

        service = self.tr("出件领取")
        self.link.run(
            operation,
            lambda r: self._show(r, service) if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def _show(self, result: Result, service: str, *, again: bool = False) -> None:
        self._busy = False
        ticket = result.ticket
        if ticket is None:
            self._failed(RuntimeError("no ticket"))
            return
        self.session.ticket_no = ticket.ticket_no
        self.prompt.setText(self.tr("签到成功"))
        visit = self._visit
        self.view.hand_out(self.ctx, result, service, lambda: visit == self._visit)
        if again:
            self.view.link.setText(self.tr("您今天已经签到过，这是您的号码。"))
        self.done.show()

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.status.setText(
            plain_error(error, self.tr("暂时无法签到，请到咨询台，工作人员会帮您。"))
        )
        self.ordinary.show()

    def clear(self) -> None:
        self._visit += 1
        self._busy = False
        self.greeting.clear()
        self.view.clear()
        self.view.hide()
        self.done.hide()
        self.collect.hide()
        self._ask_for_card()
        self.retranslate()


def _today() -> str:
    from terminal.hall import day_of

    return day_of(now())
