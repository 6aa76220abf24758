"""大厅概况 in the supervisor's view: the hall now, today and the week against the targets in
the config, per window, and the export of a period's figures (XLSX or CSV).

The figures come from the events' roll-ups (terminal/supervision/figures.py), read on the
store worker with the rest of the view; the export writes its file there too. The portal
sums every terminal of the hall (sync/figures.py, asked on the sync worker's thread): when
it answers, today and the week are the hall's, and the box says so with the portal's time;
offline or not enrolled, they are this terminal's own, and the box says that. The hall now
(who waits, the longest wait) is this terminal's queue either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QMargins, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sync.figures import HallFigures as PortalFigures
from terminal import clock
from terminal.config import Config
from terminal.i18n import TongbanError
from terminal.store import Store
from terminal.supervision import export
from terminal.supervision.figures import ViewFigures, month_of
from ui import style
from ui.widgets.cards_table import card_colours, fit_columns_on_restyle
from ui.widgets.fit import WrapLabel

# Per window: today's served, average wait and handling, then the week's.
_COLUMNS = 7


def minutes(seconds: int) -> str:
    return f"{seconds / 60:.1f}"


class HallFigures(QWidget):
    def __init__(
        self,
        config: Config,
        submit: Callable[..., None],
        who: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.submit = submit  # the store worker: ctx.store_jobs.submit(job, done, failed)
        self.who = who
        self.shown: ViewFigures | None = None
        self.local: ViewFigures | None = None  # this terminal's own, from its store
        self.portal: PortalFigures | None = None  # the hall's, when the portal answered
        self.answer: object = None
        self.summary = WrapLabel(self.tr("正在读取大厅数据…"))
        self.scope = WrapLabel()
        self._say_scope()
        self.table = QTableWidget(0, _COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("窗口"), self.tr("今日办结"), self.tr("今日平均等候(分)"),
             self.tr("今日平均办理(分)"), self.tr("本周办结"), self.tr("本周平均等候(分)"),
             self.tr("本周平均办理(分)")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(180)
        self._keep_rows()
        first, last = month_of(clock.now().date())
        self.start = QDateEdit(QDate(first.year, first.month, first.day))
        self.end = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.xlsx_button = QPushButton(self.tr("导出 XLSX…"))
        self.csv_button = QPushButton(self.tr("导出 CSV…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("导出统计：从")))
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("至")))
        row.addWidget(self.end)
        row.addWidget(self.xlsx_button)
        row.addWidget(self.csv_button)
        row.addWidget(self.export_note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chart: Any = None  # QtCharts' view, made when the first figures arrive
        # Whose figures these are, with the figures; the table, the chart beside it; the
        # export below. At the end of the export's row the scope was squeezed to a character
        # a line in large type (review 7, finding 10).
        self.charts = QHBoxLayout()
        self.charts.addWidget(self.table, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.scope)
        layout.addLayout(self.charts, 1)
        layout.addLayout(row)

    # --- the figures ----------------------------------------------------------------

    def show_figures(self, f: ViewFigures) -> None:
        """This terminal's own figures, read from its store; the hall's replace today and
        the week when the portal answered."""
        self.local = f
        self._show_best()

    def asking(self) -> None:
        """The view (re)loads: nothing from the portal yet."""
        self.portal = self.answer = None
        self._say_scope()

    def show_hall(self, answer: object) -> None:
        """The portal's answer (on the GUI thread): the hall's sums, or why there are none
        (offline: this terminal's own stay, and the box says so)."""
        self.answer = answer  # what the portal last said, or the link's failure
        self.portal = answer if isinstance(answer, PortalFigures) else None
        self._show_best()

    def _show_best(self) -> None:
        self._say_scope()
        f, hall = self.local, self.portal
        if f is None:
            return  # the store's figures come next; they bring the hall now
        self._draw(f if hall is None else ViewFigures(f.now, hall.today, hall.week))

    def _say_scope(self) -> None:
        if self.portal is None:
            self.scope.setText(self.tr("本终端数据（未连上平台，无法汇总全厅）"))
            self.scope.setToolTip(
                self.tr("今日与本周的数据为本终端记录；连上平台后显示全厅各窗口的汇总。")
            )
            return
        try:
            when = datetime.fromisoformat(self.portal.as_of).strftime("%H:%M")
        except ValueError:
            when = self.portal.as_of
        self.scope.setText(self.tr("全厅（平台汇总，截至 %1）").replace("%1", when))
        self.scope.setToolTip(
            self.tr(
                "今日与本周为平台汇总的全厅 %1 台终端的数据；“现在等候”为本终端所见的排队。"
            ).replace("%1", str(self.portal.terminals))
        )

    def _draw(self, f: ViewFigures) -> None:
        self.shown = f
        c = self.config
        t, w = f.today.total, f.week.total
        self.summary.setText(
            self.tr(
                "现在等候 %1 人，最长已等 %2 分钟（目标 ≤ %3）。今日：办结 %4 号，平均等候 %5 分钟"
                "（目标 ≤ %6），最长等候 %7 分钟，平均办理 %8 分钟（目标 ≤ %9）。本周：办结 %10 号，"
                "平均等候 %11 分钟，平均办理 %12 分钟。"
            )
            .replace("%10", str(w["served"]))
            .replace("%11", minutes(w["avg_wait"]))
            .replace("%12", minutes(w["avg_handle"]))
            .replace("%1", str(f.now["waiting"]))
            .replace("%2", minutes(f.now["longest"]))
            .replace("%3", str(c.target_longest_wait_minutes))
            .replace("%4", str(t["served"]))
            .replace("%5", minutes(t["avg_wait"]))
            .replace("%6", str(c.target_wait_minutes))
            .replace("%7", minutes(t["wait_max"]))
            .replace("%8", minutes(t["avg_handle"]))
            .replace("%9", str(c.target_handle_minutes))
        )
        over = (
            f.now["longest"] > c.target_longest_wait_minutes * 60
            or t["avg_wait"] > c.target_wait_minutes * 60
            or t["avg_handle"] > c.target_handle_minutes * 60
        )
        style.set_role(self.summary, "error" if over else "")
        self._fill_windows(f)
        self._chart_hours(f)

    def _chart_hours(self, f: ViewFigures) -> None:
        """Today's tickets taken and served per hour: when the hall is busiest. QtCharts is
        imported here, when the view first has figures, never on the window's start path."""
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QBarSeries,
            QBarSet,
            QChart,
            QChartView,
            QValueAxis,
        )

        hours = [r for r in f.today.by["hour"] if r["taken"] or r["served"]]
        chart = QChart()
        # No title inside the chart (it would leave the bars no room in the box's height):
        # the view's own label names it.
        chart.setToolTip(self.tr("今日各时段取号与办结"))
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(0)
        dark = self.palette().base().color().lightness() < 128  # the high-contrast palette
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        )
        series = QBarSeries()
        for name, key in ((self.tr("取号"), "taken"), (self.tr("办结"), "served")):
            bars = QBarSet(name)
            bars.append([float(r[key]) for r in hours])
            series.append(bars)
        chart.addSeries(series)
        small = QFont(self.font())  # the chart's labels stay small in large type: bars first
        small.setPointSizeF(max(8.0, min(11.0, self.font().pointSizeF() * 0.6)))
        chart.legend().setFont(small)
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{r['key']}:00" for r in hours])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        top = max([r[k] for r in hours for k in ("taken", "served")], default=0)
        axis_y.setRange(0, max(1, top))
        if top <= 10:  # whole tickets: a tick per ticket, never a half one labelled "0"
            axis_y.setTickCount(max(1, top) + 1)
        else:
            axis_y.applyNiceNumbers()
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        axis_x.setLabelsFont(small)
        axis_y.setLabelsFont(small)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        if self.chart is None:
            self.chart = QChartView(chart)
            self.chart.setMinimumWidth(320)
            self.chart.setMinimumHeight(110)  # large type leaves the box little height
            self.chart.setMaximumHeight(200)
            self.charts.addWidget(self.chart, 2)
        else:
            old = self.chart.chart()
            self.chart.setChart(chart)
            old.deleteLater()

    def _fill_windows(self, f: ViewFigures) -> None:
        week = {r["key"]: r for r in f.week.by["window"] if r["key"]}
        today = {r["key"]: r for r in f.today.by["window"] if r["key"]}
        red = card_colours(self)[0]
        c = self.config
        self.table.setRowCount(len(week))
        for n, window in enumerate(sorted(week)):
            d, wk = today.get(window), week[window]
            cells: list[tuple[str, bool]] = [(str(window), False)]
            for r in (d, wk):
                if r is None:
                    cells += [("0", False), ("-", False), ("-", False)]
                    continue
                cells += [
                    (str(r["served"]), False),
                    (minutes(r["avg_wait"]), r["avg_wait"] > c.target_wait_minutes * 60),
                    (minutes(r["avg_handle"]), r["avg_handle"] > c.target_handle_minutes * 60),
                ]
            for column, (text, late) in enumerate(cells):
                item = QTableWidgetItem(text)
                if late:
                    item.setForeground(QBrush(red))
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()

    def _keep_rows(self) -> None:
        """Room for the heading and two windows whatever the type size: large type must not
        squeeze the figures to a cut line (the lists below give way instead)."""
        row = self.table.verticalHeader().defaultSectionSize()
        head = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(head + 2 * row + 6)

    def changeEvent(self, event: QEvent) -> None:
        """Large type or a dark palette switched on while open: colours and columns follow."""
        super().changeEvent(event)
        if "table" not in vars(self):  # the style's events while it is being built
            return
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._keep_rows()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and self.shown:
            self._fill_windows(self.shown)
            self._chart_hours(self.shown)
        fit_columns_on_restyle(self.table, event)

    # --- the export -----------------------------------------------------------------

    def export(self, fmt: str) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        suggested = f"监督统计_{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出统计"), suggested, f"{fmt.upper()} (*.{fmt})"
        )
        if not path:
            return
        self.xlsx_button.setEnabled(False)
        self.csv_button.setEnabled(False)
        self.export_note.setText(self.tr("正在导出…"))
        by, terminal, at = self.who(), self.config.terminal_id, clock.now()
        hall = None
        if self.portal is not None and fmt == "xlsx":  # the hall's sums on a sheet of their own
            p = self.portal
            hall = export.HallSums([p.today, p.week], p.as_of, p.terminals)

        def job(store: Store) -> int:  # on the store worker: never the GUI thread
            return export.export_journaled(
                store, start, end, fmt, Path(path), by=by, terminal=terminal, at=at, hall=hall
            )

        self.submit(job, lambda rows: self._exported(path, rows), self._export_failed)

    def _exported(self, path: str, rows: Any) -> None:
        self._done(self.tr("已导出 %1 行：%2").replace("%1", str(rows)).replace("%2", path))

    def _export_failed(self, error: Exception) -> None:
        self._done(error.text() if isinstance(error, TongbanError) else str(error))

    def _done(self, text: str) -> None:
        self.export_note.setText(text)
        self.xlsx_button.setEnabled(True)
        self.csv_button.setEnabled(True)
