"""差评整改: the hall's open 差评 follow-ups for its supervisor, and the three steps.

One row per follow-up (receipt number, service, level and reason, deadline, state; overdue
ones marked 已超期 in red), never the citizen's name or number: the supervisor needs the case,
not the person. Under the table, the selected one's comment and what was done so far, then
整改 (what was done), 回访 (reached or not, satisfied or not, how) and 办结. Every read and
write goes through the store worker (terminal/followups.py); the sync worker takes the
steps to the portal. Only a supervisor or an admin gets here (ui/followup_menu.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal import followups
from terminal.clock import now
from terminal.followups import Followup
from terminal.i18n import TongbanError
from terminal.i18n import tr as core_text
from terminal.ratings import LEVELS
from terminal.store import Store
from ui import style
from ui.context import AppContext
from ui.widgets.service_picker import intake_name

OVERDUE_RED = QColor("#b3261e")


class FollowupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[Followup] = []
        self.today = now().date()
        self.setWindowTitle(self.tr("差评整改"))
        self.resize(900, 620)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr("回执编号"), self.tr("事项"), self.tr("评价"), self.tr("原因"),
             self.tr("整改期限"), self.tr("状态")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("整改情况：做了什么（必填）"))
        self.note.setMaximumHeight(70)
        self.rectify_button = QPushButton(self.tr("登记整改"))
        # Each starts on an empty 请选择: what the citizen said is picked, never assumed
        # (a 满意 by default would inflate the hall's 回访满意率).
        self.reached = QComboBox()
        self.satisfied = QComboBox()
        for box, items in (
            (self.reached, ((self.tr("已联系上市民"), True), (self.tr("未联系上"), False))),
            (self.satisfied, ((self.tr("满意"), True), (self.tr("不满意"), False))),
        ):
            box.addItem(self.tr("请选择"), None)
            for text, value in items:
                box.addItem(text, value)
        self.how = QComboBox()
        self.how.addItem(self.tr("请选择"), None)
        for how in followups.HOW:
            self.how.addItem(core_text(f"followup.how.{how}"), how)
        self.visit_note = QLineEdit()
        self.visit_note.setPlaceholderText(self.tr("回访情况（可选）"))
        self.revisit_button = QPushButton(self.tr("登记回访"))
        self.close_button = QPushButton(self.tr("办结"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        style.set_role(self.message, "error")
        self.rectify_button.clicked.connect(self.rectify)
        self.revisit_button.clicked.connect(self.revisit)
        self.close_button.clicked.connect(self.close_followup)
        self.reached.currentIndexChanged.connect(
            # not reached: no answer to record
            lambda _: self.satisfied.setEnabled(self.reached.currentData() is not False)
        )
        visit = QHBoxLayout()
        for w in (self.reached, self.satisfied, self.how, self.visit_note, self.revisit_button):
            visit.addWidget(w)
        steps = QFormLayout()
        steps.addRow(self.tr("整改"), self.note)
        steps.addRow("", self.rectify_button)
        steps.addRow(self.tr("回访"), visit)
        steps.addRow("", self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(steps)
        layout.addWidget(self.message)
        self._enable(None)
        self.load()

    # --- reading ---------------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        def read(store: Store) -> list[Followup]:
            return followups.listed(store.conn)

        self.ctx.store_jobs.submit(read, lambda items: self._show(items, keep), self._failed)

    def _show(self, items: list[Followup], keep: str | None) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, f in enumerate(items):
            service = intake_name(self.ctx.catalogue, f.service) or f.service
            level = LEVELS.get(f.level, str(f.level))
            state = core_text(f"followup.state.{f.state}")
            overdue = f.overdue(self.today)
            if overdue:
                state = self.tr("%1 · 已超期").replace("%1", state)
            cells = (f.receipt_no, service, level, f.reason, f.due_date, state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:
                    item.setForeground(QBrush(OVERDUE_RED))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if not items:
            self.detail.setText(self.tr("没有未办结的差评整改。"))
        chosen = next((i for i, f in enumerate(items) if f.id == keep), 0 if items else -1)
        if chosen >= 0:
            self.table.selectRow(chosen)
        self._selected()  # the same row selected again changes no selection: its step did

    def current(self) -> Followup | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selected(self) -> None:
        f = self.current()
        self._enable(f)
        if f is None:
            if self.items:
                self.detail.clear()
            return
        lines = [
            self.tr("回执 %1：%3 评价“%2”。")
            .replace("%1", f.receipt_no)
            .replace("%2", LEVELS.get(f.level, str(f.level)))
            .replace("%3", f.opened_at[:16].replace("T", " ")),
        ]
        # The reason is in its column already; the comment keeps it at its head (ratings.py).
        said = f.comment.removeprefix(f"【{f.reason}】").strip() if f.reason else f.comment
        if said:
            lines.append(self.tr("市民意见：%1").replace("%1", said))
        if f.rectified_note:
            lines.append(
                self.tr("已整改（%1）：%2")
                .replace("%1", f.rectified_by or "")
                .replace("%2", f.rectified_note)
            )
        if f.revisit_how:
            lines.append(self._visit_text(f))
        self.detail.setText("\n".join(lines))

    def _visit_text(self, f: Followup) -> str:
        how = core_text(f"followup.how.{f.revisit_how}")
        if not f.revisit_reached:
            return (
                self.tr("已回访（%1，%2）：未联系上")
                .replace("%1", f.revisited_by or "")
                .replace("%2", how)
            )
        answer = self.tr("满意") if f.revisit_satisfied else self.tr("不满意")
        return (
            self.tr("已回访（%1，%2）：%3")
            .replace("%1", f.revisited_by or "")
            .replace("%2", how)
            .replace("%3", answer)
        )

    def _enable(self, f: Followup | None) -> None:
        state = f.state if f else ""
        self.rectify_button.setEnabled(state in followups.STEPS["rectify"][0])
        self.revisit_button.setEnabled(state in followups.STEPS["revisit"][0])
        self.close_button.setEnabled(state in followups.STEPS["close"][0])

    # --- the steps, on the store worker ---------------------------------------------------

    def rectify(self) -> None:
        f, text = self.current(), self.note.toPlainText().strip()
        if f is None:
            return
        if not text:
            self.message.setText(self.tr("请填写整改情况：做了什么。"))
            return
        who, terminal = self.ctx.clerk, self.ctx.config.terminal_id

        def write(store: Store) -> None:
            assert who is not None  # the menu opens this for a signed-in supervisor only
            followups.rectify(store, f.id, text, by=who, terminal=terminal, at=now())

        self._run(write, f.id, self.tr("已登记整改。"))
        self.note.clear()

    def revisit(self) -> None:
        f = self.current()
        if f is None:
            return
        reached, how = self.reached.currentData(), self.how.currentData()
        satisfied = self.satisfied.currentData() if reached else None
        if reached is None or how is None or (reached and satisfied is None):
            style.set_role(self.message, "error")
            self.message.setText(
                self.tr("请选择是否联系上市民、回访方式，联系上的请选择是否满意。")
            )
            return
        note = self.visit_note.text()
        who, terminal = self.ctx.clerk, self.ctx.config.terminal_id

        def write(store: Store) -> None:
            assert who is not None
            followups.revisit(
                store, f.id, reached=reached, satisfied=satisfied, how=how, note=note,
                by=who, terminal=terminal, at=now(),
            )  # fmt: skip

        self._run(write, f.id, self.tr("已登记回访。"))
        self.visit_note.clear()
        for box in (self.reached, self.satisfied, self.how):
            box.setCurrentIndex(0)  # the next follow-up is asked afresh

    def close_followup(self) -> None:
        f = self.current()
        if f is None:
            return
        who, terminal = self.ctx.clerk, self.ctx.config.terminal_id

        def write(store: Store) -> None:
            assert who is not None
            followups.close(store, f.id, by=who, terminal=terminal, at=now())

        self._run(write, None, self.tr("回执 %1 的差评整改已办结。").replace("%1", f.receipt_no))

    def _run(self, write: Callable[[Store], None], keep: str | None, done: str) -> None:
        for b in (self.rectify_button, self.revisit_button, self.close_button):
            b.setEnabled(False)  # one press, one step

        def saved(_: None) -> None:
            style.set_role(self.message, "")
            self.message.setText(done)
            self.load(keep)
            sync_now = getattr(self.parent(), "links", None)
            if sync_now is not None:
                sync_now.sync_now()  # the portal hears of it now, not at the next poll

        self.ctx.store_jobs.submit(write, saved, self._failed)

    def _failed(self, error: Exception) -> None:
        style.set_role(self.message, "error")
        self.message.setText(error.text() if isinstance(error, TongbanError) else str(error))
        self._enable(self.current())
