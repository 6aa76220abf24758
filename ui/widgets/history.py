"""历史办件: find by receipt number, ID number or date; reopen the document; reprint as a copy."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal import casebook
from terminal.casebook import CaseRow
from terminal.i18n import tr as core_text
from terminal.store import Store
from ui import who_applied
from ui.context import AppContext
from ui.shortcuts import key_for
from ui.widgets.situation_form import pick

COLUMNS = ("receipt", "received", "service", "applicant", "decision", "progress", "sync", "portal")
# States that say nothing beyond the decision and the upload: no progress from the portal yet.
NOT_PROGRESS = frozenset({"draft", "accepted", "needs_correction", "rejected", "synced"})


class HistoryView(QWidget):
    open_document = Signal(str, bool)  # case id, as a reprint

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[tuple[CaseRow, str | None]] = []
        self.query = QLineEdit()
        self.search_button = QPushButton()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view_button = QPushButton()
        self.reprint_button = QPushButton()
        key_for(self.view_button, "Ctrl+O")
        key_for(self.reprint_button, "Ctrl+R")
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.view_button)
        bottom.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.table.itemActivated.connect(lambda _item: self._open(False))
        self.view_button.clicked.connect(lambda: self._open(False))
        self.reprint_button.clicked.connect(lambda: self._open(True))
        self.retranslate()

    def retranslate(self) -> None:
        self.query.setPlaceholderText(
            self.tr("回执编号、证件号码或日期（2026-11-26），留空为最近办件")
        )
        self.search_button.setText(self.tr("查找"))
        self.view_button.setText(self.tr("查看文书 (Ctrl+O)"))
        self.reprint_button.setText(self.tr("补打副本 (Ctrl+R)"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("回执编号"),
                self.tr("受理时间"),
                self.tr("事项"),
                self.tr("申请人"),
                self.tr("决定"),
                self.tr("办理进度"),
                self.tr("上报"),
                self.tr("平台受理号"),
            ]
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def search(self) -> None:
        text = self.query.text()

        def find(store: Store) -> list[tuple[CaseRow, str | None]]:
            return casebook.search_cases(store, text)

        self.ctx.store_jobs.submit(find, self._found)

    def _found(self, rows: list[tuple[CaseRow, str | None]]) -> None:
        self.rows = rows
        self._fill()

    def _fill(self) -> None:
        # The decision stays what the clerk decided; the portal's progress and the upload
        # are columns of their own (before, "已上报" took the decision's place once synced).
        decision_text = {
            "accepted": self.tr("受理"),
            "needs_correction": self.tr("补正告知"),
            "rejected": self.tr("不予受理"),
        }
        sync_text = {
            None: "—",
            "pending": self.tr("待上报"),
            "sent": self.tr("已上报"),
            "quarantined": self.tr("异常：被退回"),
        }
        self.table.setRowCount(len(self.rows))
        for i, (row, sync) in enumerate(self.rows):
            name = self.ctx.catalogue.services.get(
                row.intake_code
            ) or self.ctx.catalogue.bundles.get(row.intake_code)
            values = [
                row.receipt_no,
                row.received_at[:16].replace("T", " "),
                pick(name.name, name.name_en) if name else row.intake_code,
                who_applied.applicant_cell(row.applicant_name, row.masked_id, row.parties),
                decision_text.get(row.decision, row.decision),
                # The result's news first (出件, issue 16): 待领取, 已领取, 已邮寄, 已送达.
                core_text("result." + row.result)
                if row.result
                else "—"
                if row.state in NOT_PROGRESS
                else core_text("state." + row.state),
                sync_text.get(sync, sync or "—"),
                row.portal_case_no or "",
            ]
            for col, value in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.count.setText(self.tr("共 %n 件", "", len(self.rows)))
        if self.rows:
            self.table.selectRow(0)

    def _open(self, reprint: bool) -> None:
        index = self.table.currentRow()
        if 0 <= index < len(self.rows):
            self.open_document.emit(self.rows[index][0].id, reprint)
