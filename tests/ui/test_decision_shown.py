"""The decision stays in sight once the case is uploaded: in the counter's history beside the
upload state, and on the kiosk's status and rating pages (not "已上报" for all three)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sync.cases import result_news
from terminal import case_state, casebook
from terminal.case_machine import CaseState
from terminal.clock import now
from terminal.store import Store
from ui.kiosk.rate_page import RatePage
from ui.kiosk.window import KioskWindow
from ui.main_window import MainWindow

from .kiosk_steps import ask, status_page
from .test_kiosk import cases, kiosk

__all__ = ["cases", "kiosk"]  # fixtures of test_kiosk, used here


def synced(store: Store, receipts: list[str]) -> None:
    """The portal took them (received): the terminal's state becomes "synced"."""
    for receipt in receipts:
        case_id = casebook.find(store, receipt).id
        with store.write():
            case_state.change(store.conn, case_id, CaseState.SYNCED, actor="portal", at=now())


def test_history_shows_the_decision_and_the_upload_apart(
    window: MainWindow, qtbot: QtBot, cases: list[str], reader_store: Store
) -> None:
    synced(reader_store, cases[:3])
    # The portal's news of the first case's result (出件, issue 16): collected.
    with reader_store.write():
        result_news.apply(reader_store.conn, {"case_id": casebook.find(reader_store, cases[0]).id,
                                              "state": "collected"}, now())  # fmt: skip
    window.show_history()
    qtbot.waitUntil(lambda: len(window.history.rows) == len(cases), timeout=5000)
    table = window.history.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    decision, progress, upload = (
        headers.index("决定"),
        headers.index("办理进度"),
        headers.index("上报"),
    )
    shown = {
        table.item(r, 0).text(): (
            table.item(r, decision).text(),
            table.item(r, progress).text(),
            table.item(r, upload).text(),
        )
        for r in range(table.rowCount())
    }
    assert shown[cases[0]] == ("受理", "已领取", "待上报")
    assert shown[cases[1]] == ("补正告知", "—", "待上报")
    assert shown[cases[2]] == ("不予受理", "—", "待上报")
    assert not any("已上报" in d for d, _, _ in shown.values())


def test_the_kiosk_says_the_decision_of_an_uploaded_case(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str], reader_store: Store
) -> None:
    synced(reader_store, cases[:2])
    status = status_page(kiosk)
    ask(status, qtbot, cases[1], "0041", cases[1])
    assert "【待补正】" in status.result.text() and "已上报" not in status.result.text()

    kiosk.open_page("rate")
    rate = kiosk.pages["rate"]
    assert isinstance(rate, RatePage)
    ask(rate, qtbot, cases[0], "0030", "办结后才能")
    assert "【已受理】" in rate.result.text() and "已上报" not in rate.result.text()
