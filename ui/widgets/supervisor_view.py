"""The supervisor's view (主管视图, issue 17): what a hall director is asked about, at a glance.

Three parts, top to bottom:

1. 大厅概况, the hall now, today and the week against the targets in the config, per window,
   from the events' roll-ups (terminal/supervision/), and the export of a period's figures
   (ui/widgets/hall_figures.py). Today and the week are the hall's, summed by the portal
   over every terminal of the hall, when it answers (asked on the sync worker's thread);
   offline or not enrolled, this terminal's own. The box says which.
2. 办件警示: the deadline cards (黄牌/红牌) of every clerk's cases held by this terminal,
   worst first (ui/widgets/cards_table.py): receipt number, service, masked name, clerk,
   the day, days over. Never an ID number.
3. 差评整改: the hall's open follow-ups (terminal/followups.py, kept current by the portal's
   feed), overdue ones marked; 办理 opens the follow-ups' dialog on the one selected.

打印日报 prints today's 日报 (terminal/documents/daily_report.py) on the print worker, read,
rendered and printed there as the kiosk's ticket is; the print job carries the supervisor.

Everything is read in one store job when the view opens and on 刷新; nothing is read on the
GUI thread. Only a supervisor or an admin gets here (ui/supervisor_menu.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sync.figures import HallFigures as PortalFigures
from sync.figures import hall_view
from terminal import clock, followups
from terminal.deadline_cards import Card, counts
from terminal.followups import Followup
from terminal.i18n import TongbanError
from terminal.i18n import tr as core_text
from terminal.ratings import LEVELS
from terminal.store import Store
from terminal.supervision.figures import ViewFigures, for_view
from ui import style
from ui.deadline_status import read_cards
from ui.screen_fit import available, fit_to
from ui.widgets.cards_table import CardsTable, card_colours, fit_columns_on_restyle
from ui.widgets.hall_figures import HallFigures
from ui.widgets.service_picker import intake_name

if TYPE_CHECKING:
    from sync.link.client import PortalClient
    from ui.main_window import MainWindow
    from ui.widgets.followup_dialog import FollowupDialog


class SupervisorView(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.ctx = window.ctx
        self.followups: list[Followup] = []
        self.followup_dialog: FollowupDialog | None = None
        self.today = clock.now().date()
        self.setWindowTitle(self.tr("主管视图"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)

        # --- 1. the hall's figures, from the events' roll-ups, and their export
        self.hall_box = QGroupBox(self.tr("大厅概况"))
        self.hall_box.setObjectName("hall_figures")
        self.hall = HallFigures(
            self.ctx.config, self.ctx.store_jobs.submit, lambda: self.ctx.clerk_name
        )
        QVBoxLayout(self.hall_box).addWidget(self.hall)

        # --- 2. deadline cards
        cards_box = QGroupBox(self.tr("办件警示（黄牌/红牌）"))
        self.cards_summary = QLabel()
        self.cards_summary.setWordWrap(True)
        self.cards = CardsTable(self.ctx.catalogue, with_clerk=True)
        cards_layout = QVBoxLayout(cards_box)
        cards_layout.addWidget(self.cards_summary)
        cards_layout.addWidget(self.cards, 1)

        # --- 3. open 差评 follow-ups
        followup_box = QGroupBox(self.tr("未办结的差评整改"))
        self.followup_table = QTableWidget(0, 5)
        self.followup_table.setHorizontalHeaderLabels(
            [self.tr("回执编号"), self.tr("整改期限"), self.tr("状态"), self.tr("评价"),
             self.tr("事项")]
        )  # fmt: skip
        t = self.followup_table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.horizontalHeader().setStretchLastSection(True)
        t.verticalHeader().setVisible(False)
        self.handle_button = QPushButton(self.tr("办理所选差评整改"))
        self.handle_button.clicked.connect(self.handle_followup)
        followup_layout = QVBoxLayout(followup_box)
        followup_layout.addWidget(t, 1)
        followup_layout.addWidget(self.handle_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        style.set_role(self.message, "error")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.load)
        self.report_button = QPushButton(self.tr("打印日报"))
        self.report_button.clicked.connect(self.print_report)
        self.report_note = QLabel()  # where the 日报 went (its printer), or why not
        self.close_button = QPushButton(self.tr("关闭 (Esc)"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.report_note)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        lists = QHBoxLayout()
        lists.addWidget(cards_box, 3)
        lists.addWidget(followup_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hall_box)
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        fit_to(self, available(window), 1340, 720)

    # --- reading ---------------------------------------------------------------------

    def load(self) -> None:
        self.today = clock.now().date()
        self.refresh_button.setEnabled(False)
        cards_of = read_cards(self.ctx, None)  # every clerk's

        def read(store: Store) -> tuple[list[Card], list[Followup], ViewFigures]:
            at = clock.now()
            return cards_of(store), followups.listed(store.conn), for_view(store.conn, at)

        self.ctx.store_jobs.submit(read, self._show, self._failed)
        self._ask_hall()

    def _ask_hall(self) -> None:
        """The hall's figures from the portal, on the sync worker's thread (never here)."""
        self.hall.asking()
        bridge = self.window_.links.bridge

        def question(store: Store, client: PortalClient) -> PortalFigures:
            return hall_view(store, client, clock.now())

        if bridge is not None:
            bridge.ask_portal(question, self.hall.show_hall)  # False: not enrolled, own stay

    def _show(self, found: tuple[list[Card], list[Followup], ViewFigures]) -> None:
        cards, items, hall = found
        self.hall.show_figures(hall)
        self.refresh_button.setEnabled(True)
        self.message.clear()
        self.heading.setText(
            self.tr("%1 · %2 · 办件警示为本终端记录的办件，差评整改为全大厅。")
            .replace("%1", self.ctx.config.hall)
            .replace("%2", clock.now().strftime("%Y-%m-%d %H:%M"))
        )
        yellow, red = counts(cards)
        self.cards_summary.setText(
            self.tr("红牌 %1 张，黄牌 %2 张。").replace("%1", str(red)).replace("%2", str(yellow))
            if cards
            else self.tr("没有黄牌或红牌。")
        )
        self.cards.show_cards(cards)
        self._show_followups(items)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if "followup_table" not in vars(self):  # the style's events while it is being built
            return
        if event.type() == QEvent.Type.PaletteChange:
            self._show_followups(self.followups)
        fit_columns_on_restyle(self.followup_table, event)

    def _show_followups(self, items: list[Followup]) -> None:
        self.followups = items
        red_text = card_colours(self)[0]
        t = self.followup_table
        t.setRowCount(len(items))
        for row, f in enumerate(items):
            overdue = f.overdue(self.today)
            state = core_text(f"followup.state.{f.state}")
            if overdue:
                state = self.tr("%1 · 已超期").replace("%1", state)
            cells = (
                f.receipt_no,
                f.due_date,
                state,
                LEVELS.get(f.level, str(f.level)),
                intake_name(self.ctx.catalogue, f.service) or f.service,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setForeground(QBrush(red_text))
                t.setItem(row, column, item)
        t.resizeColumnsToContents()
        if items:
            t.selectRow(0)
        self.handle_button.setEnabled(bool(items))

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.message.setText(error.text() if isinstance(error, TongbanError) else str(error))

    # --- acting ----------------------------------------------------------------------

    def handle_followup(self) -> None:
        """The follow-ups' dialog (整改, 回访, 办结) on the one selected; back here, re-read."""
        from ui.widgets.followup_dialog import FollowupDialog

        row = self.followup_table.currentRow()
        chosen = self.followups[row].id if 0 <= row < len(self.followups) else None
        if self.followup_dialog is not None:
            self.followup_dialog.close()
        dialog = FollowupDialog(self.ctx, self.window_)  # its steps ask the window to sync
        dialog.load(chosen)
        dialog.finished.connect(lambda _r: self.load())
        self.followup_dialog = dialog
        dialog.open()

    def print_report(self) -> None:
        """Today's 日报, A4, read and rendered and printed on the print worker (never here)."""
        config, data_dir, calendar = self.ctx.config, self.ctx.data_dir, self.ctx.calendar
        by = self.ctx.clerk.username if self.ctx.clerk else "-"

        def job(store: Store) -> str:
            from devices.printers import jobs
            from devices.printers import service as printers
            from terminal.documents.daily_report import gather
            from terminal.documents.fonts import font_set
            from terminal.documents.render import render_daily_report

            at = clock.now()
            report = gather(
                store.conn, at.astimezone(clock.CHINA).date(), config, calendar, by=by, at=at
            )
            rendered = render_daily_report(report, font_set(config.font))
            printer = printers.printer_from_config(config, data_dir)
            job_id = jobs.create(store, case_id=None, document="daily_report", fmt="a4",
                                 printer=printer.name, clerk=by, terminal=config.terminal_id)  # fmt: skip
            return jobs.run(store, printer, job_id, rendered.pdf,
                            timeout=config.print_timeout_seconds).state  # fmt: skip

        def done(state: str) -> None:
            self.report_button.setEnabled(True)
            ok = state == "done"
            self.report_note.setText(
                self.tr("日报已打印。") if ok else self.tr("日报未打印成功：请查看打印机后重试。")
            )

        def failed(error: Exception) -> None:
            self.report_button.setEnabled(True)
            self.report_note.clear()
            self._failed(error)

        self.report_button.setEnabled(False)
        self.report_note.setText(self.tr("正在打印日报…"))
        self.ctx.print_jobs.submit(job, done, failed)
