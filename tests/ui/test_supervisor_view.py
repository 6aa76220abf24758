"""The supervisor's view (监督 → 主管视图) and the clerk's own deadline cards: a clerk cannot
open the view (no menu, the shortcut refused in a sentence and journaled); a supervisor sees
a red card for a case made overdue by the clock and closes a 差评 follow-up from the view,
which the portal then has closed; the view fits 1366×768 in normal and large type."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sync.errors import LinkDown
from sync.portal.server import RunningPortal
from terminal import clock, journal
from terminal.catalogue import Catalogue
from terminal.store import Store
from ui import style
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screen_fit import fit_to
from ui.widgets.supervisor_view import SupervisorView

from ..sync.faultproxy import FaultProxy
from ..test_deadline_cards import RECEIVED, _case
from .test_fits_the_screen import SCREEN, WORK_AREA, problems, settle
from .test_followups import SUPERVISOR, _low_rating, _portal_state
from .test_followups import supervisor_window as supervisor_window  # the fixture, shared
from .test_keyboard import active

LATE = datetime(2026, 11, 2, 9, tzinfo=clock.CHINA)  # RECEIVED's promised date long gone


@pytest.fixture
def late(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The injected clock: the view and the cards count today as 2 November 2026."""
    monkeypatch.setattr(clock, "now", lambda: LATE)
    yield


def test_a_clerk_has_no_view_and_the_shortcut_is_refused(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    assert not window.supervision.menu.menuAction().isVisible()  # no 监督 menu at all
    entry = window.supervision.view_entry
    assert entry is not None
    active(window, qtbot)
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # Ctrl+Shift+S, pressed
    assert entry.view is None
    assert not any(isinstance(w, SupervisorView) for w in QApplication.topLevelWidgets())
    assert window.last_warning is not None
    said = window.last_warning.text()
    assert "只能由主管或管理员打开" in said and "王丽" in said
    window.ctx.store_jobs.wait_idle()
    refused = journal.recent(reader_store.conn, 1)[0]
    assert (refused.action, refused.actor) == ("supervision.refused", "wang.li")


def test_a_clerk_sees_their_own_red_card_in_the_status_bar(
    window: MainWindow, qtbot: QtBot, reader_store: Store, mini_catalogue: Catalogue, late: None
) -> None:
    mine = _case(reader_store, mini_catalogue, RECEIVED, clerk="wang.li")
    _case(reader_store, mini_catalogue, RECEIVED, clerk="li.na")  # another clerk's: not counted
    status = window.supervision.my_cards
    assert status is not None
    status.refresh()
    qtbot.waitUntil(lambda: status.button.isVisible(), timeout=5000)
    assert status.button.text().startswith("红牌 1") and "黄牌" not in status.button.text()
    window.actions_by_name["my_cards"].trigger()  # Ctrl+Shift+Y
    dialog = status.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    row = [dialog.table.text(0, c) for c in range(8)]
    assert row[0] == "红牌" and row[1].startswith("超期") and row[3] == "承诺办结"
    assert row[4] == mine and row[5] == "张**"


def test_a_supervisor_sees_a_red_card_and_closes_a_follow_up_from_the_view(
    supervisor_window: MainWindow,
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,
    mini_catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = supervisor_window
    overdue = _case(reader_store, mini_catalogue, RECEIVED, clerk="li.na")
    _low_rating(window.ctx, reader_store, mini_catalogue)
    window.links.sync_now()
    qtbot.waitUntil(lambda: _portal_state(portal) == "open", timeout=15000)
    # Today by the clock: nothing is late yet. Then the clock moves: the case's day is past.
    window.actions_by_name["supervisor_view"].trigger()  # Ctrl+Shift+S
    view = window.supervision.view_entry.view if window.supervision.view_entry else None
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.followup_table.rowCount() == 1, timeout=5000)
    monkeypatch.setattr(clock, "now", lambda: LATE)
    view.refresh_button.click()
    qtbot.waitUntil(lambda: view.cards.rowCount() == 1, timeout=5000)
    row = [view.cards.text(0, c) for c in range(8)]
    assert row[0] == "红牌" and row[4] == overdue and row[6] == "li.na"
    assert "红牌 1 张" in view.cards_summary.text()
    number = reader_store.conn.execute("SELECT id_number FROM cases LIMIT 1").fetchone()[0]
    assert number not in " ".join(row) and number[-4:] not in " ".join(row)
    assert view.hall_box.objectName() == "hall_figures"  # the place kept for the hall's figures
    monkeypatch.undo()
    # 差评整改 from the view: 办理 opens the dialog on the selected one; 整改, 回访, 办结.
    view.handle_button.click()
    dialog = view.followup_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.rectify_button.isEnabled(), timeout=5000)
    dialog.note.setPlainText("调整午间窗口排班")
    dialog.rectify_button.click()
    qtbot.waitUntil(lambda: dialog.revisit_button.isEnabled(), timeout=5000)
    dialog.how.setCurrentIndex(dialog.how.findData("phone"))
    # Reached and 满意, as the citizen said (never assumed since review 4, finding 12).
    dialog.reached.setCurrentIndex(dialog.reached.findData(True))
    dialog.satisfied.setCurrentIndex(dialog.satisfied.findData(True))
    dialog.revisit_button.click()
    qtbot.waitUntil(lambda: dialog.close_button.isEnabled(), timeout=5000)
    dialog.close_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    dialog.close()
    qtbot.waitUntil(lambda: view.followup_table.rowCount() == 0, timeout=5000)
    qtbot.waitUntil(lambda: _portal_state(portal) == "closed", timeout=15000)
    closed = journal.recent(reader_store.conn, 10)
    assert any(e.action == "followup.close" and e.actor == SUPERVISOR.username for e in closed)


def test_the_view_fits_1366x768_and_large_type_switched_on_while_open(
    ctx: AppContext, qtbot: QtBot, reader_store: Store, mini_catalogue: Catalogue, late: None
) -> None:
    from ui.app import open_window

    for clerk in ("wang.li", "li.na", "zhao.min"):
        _case(reader_store, mini_catalogue, RECEIVED, clerk=clerk)
    _low_rating(ctx, reader_store, mini_catalogue)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctx.clerk = SUPERVISOR
    window = open_window(ctx)
    qtbot.addWidget(window)
    window.setGeometry(WORK_AREA)
    window.show()
    window.actions_by_name["supervisor_view"].trigger()
    entry = window.supervision.view_entry
    view = entry.view if entry else None
    assert view is not None
    qtbot.waitUntil(lambda: view.cards.rowCount() == 3, timeout=5000)
    qtbot.waitUntil(lambda: view.followup_table.rowCount() == 1, timeout=5000)
    fit_to(view, WORK_AREA)  # as on the counter's monitor (offscreen has another size)
    settle(qtbot)
    assert WORK_AREA.contains(view.geometry())
    assert problems(view, SCREEN) == []
    try:
        window.toggle_large_type()  # Ctrl+Shift+D with the view open: the columns follow
        settle(qtbot)
        assert problems(view, SCREEN) == []
    finally:
        style.apply(app, large=False)


def test_the_hall_figures_show_today_against_targets_and_export_off_the_gui_thread(
    ctx: AppContext,
    qtbot: QtBot,
    reader_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Two tickets served at window 3 (waits 10 and 40 minutes), one still waiting: the view
    shows them per window against the targets, and 导出 CSV writes the month's file."""
    from datetime import timedelta

    from terminal import hall
    from ui.app import open_window

    day = datetime(2026, 11, 26, 9, tzinfo=clock.CHINA)
    for n, wait in enumerate((10, 40)):
        at = day + timedelta(minutes=n)
        hall.issue_local(reader_store, group="A", window=3, terminal="XH-W03", at=at)
        called = at + timedelta(minutes=wait)
        found = hall.call_next_local(
            reader_store, window=3, groups=["A"], terminal="XH-W03", at=called, clerk="li.na"
        )
        assert found is not None
        done = called + timedelta(minutes=5)
        hall.act_local(reader_store, found[0].id, "finish", window=3, terminal="XH-W03", at=done)
    hall.issue_local(reader_store, group="A", window=3, terminal="XH-W03", at=day)
    monkeypatch.setattr(clock, "now", lambda: day + timedelta(hours=1))
    ctx.clerk = SUPERVISOR
    window = open_window(ctx)
    qtbot.addWidget(window)
    window.show()
    window.actions_by_name["supervisor_view"].trigger()
    entry = window.supervision.view_entry
    view = entry.view if entry else None
    assert view is not None
    figures = view.hall
    qtbot.waitUntil(lambda: figures.table.rowCount() == 1, timeout=5000)
    said = figures.summary.text()
    assert "现在等候 1 人，最长已等 60.0 分钟（目标 ≤ 30）" in said
    assert "今日：办结 2 号，平均等候 25.0 分钟（目标 ≤ 15）" in said
    assert figures.summary.property("role") == "error"  # over the targets: marked
    row = [figures.table.item(0, c).text() for c in range(7)]
    assert row == ["3", "2", "25.0", "5.0", "2", "25.0", "5.0"]
    assert "本终端数据（未连上平台" in figures.scope.text()  # not enrolled: says so
    # The chart of today's hours, made when the figures arrived: 3 taken and 2 served at 9.
    assert figures.chart is not None
    (series,) = figures.chart.chart().series()
    got = {b.label(): [b.at(i) for i in range(b.count())] for b in series.barSets()}
    assert got == {"取号": [3.0], "办结": [2.0]}
    out = tmp_path / "month.csv"
    monkeypatch.setattr(
        "ui.widgets.hall_figures.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    figures.csv_button.click()
    qtbot.waitUntil(lambda: figures.csv_button.isEnabled() and out.exists(), timeout=5000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "已导出" in figures.export_note.text()
    ctx.store_jobs.wait_idle()
    entry_ = journal.recent(reader_store.conn, 1)[0]
    assert (entry_.action, entry_.actor) == ("supervision.exported", SUPERVISOR.username)


def test_the_view_shows_every_window_of_the_hall_from_the_portal(
    supervisor_window: MainWindow, qtbot: QtBot, reader_store: Store, portal: RunningPortal,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Window 3 (this terminal) served 3 tickets today, window 2 (another terminal of the hall)
    served 2 and sent its figures: the view shows both windows, and says they are the hall's."""
    from datetime import time

    from ..sync.figuring import enrolled, serve

    window = supervisor_window
    hall_name, me = window.ctx.config.hall, window.ctx.config.terminal_id
    today = datetime.combine(clock.now().date(), time(0, 1), clock.CHINA)
    other, other_client = enrolled(portal, tmp_path / "w2", "XH-W02", hall_name)
    serve(other, "XH-W02", 2, 2, at=today)
    from sync import figures as hall_figures

    hall_figures.owe(other, today)
    assert hall_figures.send(other, other_client, today) is True
    other.close()
    serve(reader_store, me, 3, 3, at=today)  # not sent yet: the view's question sends it first
    window.actions_by_name["supervisor_view"].trigger()
    entry = window.supervision.view_entry
    view = entry.view if entry else None
    assert view is not None
    shown = view.hall
    qtbot.waitUntil(lambda: shown.table.rowCount() == 2, timeout=10000)
    rows = {shown.table.item(r, 0).text(): shown.table.item(r, 1).text() for r in range(2)}
    assert rows == {"2": "2", "3": "3"}
    assert "全厅（平台汇总，截至" in shown.scope.text()
    assert "今日：办结 5 号" in shown.summary.text()
    # 导出 XLSX: the hall's sums on a sheet of their own, labelled as the hall's.
    import openpyxl

    out = tmp_path / "hall.xlsx"
    monkeypatch.setattr(
        "ui.widgets.hall_figures.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    shown.xlsx_button.click()
    qtbot.waitUntil(lambda: shown.xlsx_button.isEnabled() and out.exists(), timeout=5000)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[-1] == "全厅（平台汇总）"
    rows = [list(r) for r in book["全厅（平台汇总）"].iter_rows(values_only=True)]
    assert str(rows[0][0]).startswith("全厅（平台汇总，截至")
    today_windows = {r[1]: r[rows[1].index("办结（号）")] for r in rows[2:6] if r[0] == "窗口"}
    assert today_windows == {2: 2, 3: 3}  # both terminals' windows: the hall's


def test_offline_the_view_shows_this_terminal_s_own_and_says_so(
    supervisor_window: MainWindow, qtbot: QtBot, reader_store: Store, link: FaultProxy
) -> None:
    from datetime import time

    from ..sync.figuring import serve

    window = supervisor_window
    today = datetime.combine(clock.now().date(), time(0, 1), clock.CHINA)
    serve(reader_store, window.ctx.config.terminal_id, 3, 3, at=today)
    link.refuse()  # the portal out of reach
    window.actions_by_name["supervisor_view"].trigger()
    entry = window.supervision.view_entry
    view = entry.view if entry else None
    assert view is not None
    shown = view.hall
    qtbot.waitUntil(lambda: shown.table.rowCount() == 1, timeout=10000)
    # Enrolled: the portal was asked on the sync worker, and the link said it is down.
    qtbot.waitUntil(lambda: shown.answer is not None, timeout=15000)
    assert isinstance(shown.answer, LinkDown)
    assert "本终端数据（未连上平台" in shown.scope.text()
    assert shown.table.item(0, 0).text() == "3" and shown.table.item(0, 1).text() == "3"


def test_the_view_prints_today_s_daily_report_into_the_printer(
    supervisor_window: MainWindow, qtbot: QtBot, reader_store: Store, late: None
) -> None:
    """打印日报: a PDF of today's 日报 lands in the printer's folder, the job carries the
    supervisor, and the page reads back with the day and the cards' counts."""
    from ..printing.conftest import page_text

    window = supervisor_window
    window.actions_by_name["supervisor_view"].trigger()
    entry = window.supervision.view_entry
    view = entry.view if entry else None
    assert view is not None
    view.report_button.click()
    qtbot.waitUntil(lambda: view.report_note.text() == "日报已打印。", timeout=10000)
    (pdf,) = sorted((window.ctx.data_dir / "prints").glob("*.pdf"))
    text = page_text(pdf)
    assert "政务服务大厅日报" in text and "2026-11-02" in text
    assert SUPERVISOR.username in text and "红牌 0 张，黄牌 0 张" in text
    row = reader_store.conn.execute("SELECT document, format, clerk FROM print_jobs").fetchone()
    assert tuple(row) == ("daily_report", "a4", SUPERVISOR.username)


def test_the_hourly_chart_names_its_bars_in_english(qapp: object) -> None:
    """取号 and 办结 in the hall's chart are tickets issued and served, not "Take a ticket"
    and "Close" (a follow-up's button; review 7, finding 14)."""
    from PySide6.QtCore import QCoreApplication

    from ui.translate import set_language

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_language(app, "en")
    try:
        legend = [QCoreApplication.translate("HallFigures", t) for t in ("取号", "办结")]
        assert legend == ["Tickets issued", "Served"]
    finally:
        set_language(app, "zh_CN")
