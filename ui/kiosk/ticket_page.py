"""取号: a big button per service group, the green channel a press away, the number huge.

The queue may wait for the portal (up to ``sync.hall.operations.INTERACTIVE``), so taking a
ticket runs on the queue link's thread; with the portal down the number comes from
this kiosk's own range (``A90-001``), just as valid. The ticket is printed on 80 mm
roll paper; when the printer fails, the number stays on screen with the advice to
write it down, so nobody leaves without a number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from terminal.clock import now
from terminal.hall.limits import TicketLimited, TicketLimits
from terminal.i18n import TongbanError, current_language
from terminal.i18n import tr as core_text
from terminal.store import Store
from ui import style
from ui.context import AppContext
from ui.kiosk.frame import TileGrid
from ui.kiosk.pages import big_button, heading, plain_error
from ui.kiosk.session import KioskSession

if TYPE_CHECKING:
    from sync.hall.operations import HallQueue, Result
    from terminal.hall import Groups
    from ui.queue_link import QueueLink

log = logging.getLogger(__name__)


class TicketNumber(QLabel):
    """The number as large as the screen allows: most of the width, up to a fifth of the
    height (a portrait kiosk shows it a hand high, readable from two metres by someone
    without their glasses), never under 128 px."""

    LEAST, MOST = 128, 400

    def __init__(self) -> None:
        super().__init__()
        self.px = 0
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        window = self.window()
        height = window.height() if window is not None and window is not self else 1080
        width = self.width() if self.isVisible() else (window.width() if window else 1080)
        probe = QFont(self.font())
        probe.setPixelSize(100)
        probe.setBold(True)
        advance = max(1, QFontMetrics(probe).horizontalAdvance(self.text() or "A00-000"))
        by_width = int(width * 0.85 * 100 / advance)
        px = max(self.LEAST, min(self.MOST, by_width, height // 5))
        if px != self.px:
            self.px = px
            self.setStyleSheet(f"font-size: {px}px; font-weight: bold;")


class TicketView(QWidget):
    """The number as big as the screen allows, and what it means. Cleared with the visit."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = QLabel()
        self.number = TicketNumber()
        self.group = QLabel()
        self.ahead = QLabel()
        self.link = QLabel()
        self.printed = QLabel()
        style.set_role(self.printed, "warning")
        self.shown: tuple[Result, str] | None = None  # to say it again in another language
        self.printed_ok: bool | None = None  # None: still printing
        layout = QVBoxLayout(self)
        for label in (self.caption, self.number, self.group, self.ahead, self.link, self.printed):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.number)
            layout.addWidget(label)

    def show_ticket(self, result: Result, service: str) -> None:
        ticket = result.ticket
        assert ticket is not None
        self.shown = (result, service)
        self.caption.setText(self.tr("您的排队号"))
        self.number.setText(ticket.ticket_no)
        priority = {
            "appointment": self.tr("（预约，优先叫号）"),
            "green": self.tr("（绿色通道，优先叫号）"),
        }.get(ticket.priority, "")
        self.group.setText(service + priority)
        self.ahead.setText(
            self.tr("您前面还有 %n 人", "", result.ahead) if result.ahead is not None else ""
        )
        self.link.setText(
            self.tr("号码由政务服务平台统一编排。")
            if result.online
            else self.tr("网络暂时不通，号码由本机编排，同样有效，请留意叫号屏。")
        )
        self.printed.setText(self.tr("正在打印号票……"))
        if self.printed_ok is not None:
            self.show_printed(self.printed_ok, ticket.ticket_no)

    def hand_out(
        self, ctx: AppContext, result: Result, service: str, current: Callable[[], bool]
    ) -> None:
        """Show the ticket and print it; the print's outcome is shown while the visit that
        took it is still ``current()`` (a start over drops it)."""
        ticket = result.ticket
        assert ticket is not None
        self.printed_ok = None
        self.show_ticket(result, service)
        self.show()
        number = ticket.ticket_no
        print_ticket(
            ctx, result, service, lambda ok: self.show_printed(ok, number) if current() else None
        )

    def show_printed(self, done: bool, ticket_no: str) -> None:
        self.printed_ok = done
        self.printed.setText(
            self.tr("请取走号票，留意叫号屏和语音叫号。")
            if done
            else self.tr("打印机暂时不可用。请记下您的号码 %1，留意叫号屏。").replace(
                "%1", ticket_no
            )
        )

    def retranslate(self) -> None:
        if self.shown is not None:
            self.show_ticket(*self.shown)

    def clear(self) -> None:
        self.shown, self.printed_ok = None, None
        for label in (self.caption, self.number, self.group, self.ahead, self.link, self.printed):
            label.clear()


def print_ticket(
    ctx: AppContext, result: Result, service: str, on_done: Callable[[bool], None]
) -> None:
    """Render the 80 mm ticket and print it on the print worker; ``on_done(printed)``."""
    ticket = result.ticket
    assert ticket is not None
    config, data_dir = ctx.config, ctx.data_dir
    hint = (
        core_text("kiosk.ticket.priority." + ticket.priority, "zh_CN")
        if ticket.priority in ("appointment", "green")
        else ""
    )

    def job(store: Store) -> str:
        from devices.printers import jobs
        from devices.printers import service as printers
        from terminal.documents.fonts import font_set
        from terminal.documents.model import TicketDocument, queue_url
        from terminal.documents.render import render_ticket

        document = TicketDocument(
            hall=config.hall,
            ticket_no=ticket.ticket_no,
            service=service,
            people_ahead=result.ahead or 0,
            issued_at=now(),
            # A page a phone can open (the city's, or the portal's own /q/ page).
            check_url=queue_url(config, ticket.id),
            window_hint=hint,
        )
        rendered = render_ticket(document, font_set(config.font))
        printer = printers.printer_from_config(config, data_dir)
        job_id = jobs.create(
            store,
            case_id=None,
            document="ticket",
            fmt="roll",
            printer=printer.name,
            clerk="kiosk",
            terminal=config.terminal_id,
        )
        return jobs.run(
            store, printer, job_id, rendered.pdf, timeout=config.print_timeout_seconds
        ).state

    def failed(error: Exception) -> None:
        log.warning("ticket printing failed: %s", type(error).__name__)
        on_done(False)

    ctx.print_jobs.submit(job, lambda state: on_done(state == "done"), failed)


def service_name(
    ctx: AppContext, groups: Groups | None, ticket_group: str, intake: str | None
) -> str:
    """The service asked for (an appointment's), else the group's name: what the ticket says."""
    if intake:
        found = ctx.catalogue.services.get(intake) or ctx.catalogue.bundles.get(intake)
        if found is not None:
            return str(found.name)
    if groups is not None:
        try:
            return groups.get(ticket_group).label(current_language())
        except TongbanError:
            pass
    return ticket_group


class TicketPage(QWidget):
    finished = Signal()  # the citizen has the number: start over for the next one
    say = Signal(str)  # for the voice: the number, so a citizen who cannot read it hears it

    def __init__(self, ctx: AppContext, session: KioskSession, link: QueueLink) -> None:
        super().__init__()
        self.ctx, self.session, self.link = ctx, session, link
        self.limits = TicketLimits(
            ctx.config.kiosk_tickets_per_minute, ctx.config.kiosk_tickets_per_card
        )
        self._visit = 0  # answers that arrive after a start over belong to nobody: dropped
        self.groups: Groups | None = None
        self.title = heading(self.tr("请选择要办理的业务"))
        self.green = QPushButton()
        self.green.setCheckable(True)
        self.green.setMinimumHeight(96)
        self.green.setStyleSheet(
            "QPushButton { min-height: 84px; padding: 6px 18px; }"
            " QPushButton:checked { background: #ffd400; color: #000000; font-weight: bold; }"
        )
        self.green.toggled.connect(self._green_text)
        self._green_text(False)
        # Two columns of tall tiles in portrait, three in landscape (a tile: group + examples).
        self.choices = TileGrid(tile_width=460)
        self.buttons: dict[str, QPushButton] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        try:
            from terminal.hall import load_groups

            self.groups = load_groups(ctx.data_dir)
        except TongbanError as e:  # a hall's own groups file is broken: say so, IT fixes it
            self.status.setText(str(e))
        for group in self.groups.groups if self.groups else ():
            if group.on_kiosk_menu:  # 出件 (R) only after the card's results check
                self.buttons[group.prefix] = big_button("", partial(self.take, group.prefix))
        self.choices.set_tiles(list(self.buttons.values()))
        self.view = TicketView()
        self.done = big_button("", self.finished.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.green)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        # Stretch 0: the tiles take the height while shown, the spacer only once they go.
        layout.addStretch(0)
        layout.addWidget(self.done)
        self.clear()

    def retranslate(self) -> None:
        """Texts in the language now chosen; a ticket on the screen stays, said anew."""
        language = current_language()
        for group in self.groups.groups if self.groups else ():
            if group.prefix not in self.buttons:
                continue  # not on the menu (出件)
            examples = group.for_example(language)
            self.buttons[group.prefix].setText(
                f"{group.prefix}  {group.label(language)}" + (f"\n{examples}" if examples else "")
            )
        self.choices.rearrange()
        self._green_text(self.green.isChecked())
        self.done.setText(self.tr("完成"))
        shown = self.view.shown
        self.title.setText(self.tr("取号成功") if shown else self.tr("请选择要办理的业务"))
        if shown is not None and shown[0].ticket is not None:
            prefix = shown[0].ticket.group  # the group's name in the language now chosen
            self.view.show_ticket(shown[0], service_name(self.ctx, self.groups, prefix, None))

    def _green_text(self, checked: bool) -> None:
        # A tick as well as the colour: the choice must show without telling colours apart.
        self.green.setText(
            ("✓ " if checked else "") + self.tr("老年人、残疾人、孕妇优先（绿色通道），请按这里")
        )

    def take(self, prefix: str) -> None:
        green, visit = self.green.isChecked(), self._visit
        card = str(getattr(self.session.document, "id_number", "") or "") or None
        try:
            self.limits.check(now(), card)
        except TicketLimited as e:
            self.status.setText(e.text())
            return
        self.choices.setEnabled(False)
        self.green.setEnabled(False)
        self.status.setText(self.tr("正在取号，请稍候……"))

        def operation(hall: HallQueue) -> Result:
            return hall.take(prefix, green=green)

        def taken(result: Result) -> None:
            if result.ticket is not None:
                self.limits.note(now(), card)
            if visit == self._visit:
                self._taken(result)

        self.link.run(
            operation,
            taken,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def _taken(self, result: Result) -> None:
        ticket = result.ticket
        if ticket is None:
            self._failed(RuntimeError("no ticket"))
            return
        self.session.ticket_no = ticket.ticket_no
        service = service_name(self.ctx, self.groups, ticket.group, None)
        self.title.setText(self.tr("取号成功"))
        self.green.hide()
        self.choices.hide()
        self.status.clear()
        visit = self._visit
        self.view.hand_out(self.ctx, result, service, lambda: visit == self._visit)
        self.done.show()
        spoken = self.tr("您的号码是 %1。").replace("%1", ticket.ticket_no)
        if result.ahead is not None:
            spoken += self.tr("您前面还有 %n 人。", "", result.ahead)
        self.say.emit(spoken)

    def _failed(self, error: Exception) -> None:
        self.status.setText(
            plain_error(error, self.tr("暂时无法取号，请到咨询台，工作人员会帮您。"))
        )
        self.choices.setEnabled(True)
        self.green.setEnabled(True)

    def clear(self) -> None:
        self._visit += 1
        self.title.setText(self.tr("请选择要办理的业务"))
        self.green.setChecked(False)
        self.green.setEnabled(True)
        self.green.show()
        self.choices.setEnabled(True)
        self.choices.show()
        self.view.clear()
        self.view.hide()
        self.done.hide()
        if self.groups is not None:
            self.status.clear()
        self.retranslate()
