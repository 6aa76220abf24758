"""The kiosk's ticket, check-in and case status on real parts: the reference portal on loopback
(behind a proxy the tests cut), the simulated card reader on its device thread, the folder
printer, SQLite. The kiosk is window 90, the start of the kiosks' offline range."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from devices.cards.errors import FailureKind
from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.simulated import SimulatedReader
from sync.portal.seed import seed_demo
from sync.portal.server import RunningPortal
from terminal import casebook
from terminal.catalogue import load_default
from terminal.importer import import_file
from terminal.store import Store, open_store
from terminal.workdays import default_calendar
from ui.app import shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.kiosk.checkin_page import CheckinPage
from ui.kiosk.pages import StatusPage
from ui.kiosk.ticket_page import TicketPage
from ui.kiosk.window import KioskWindow

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal

ROOT = Path(__file__).resolve().parents[2]
LIN = SAMPLE_CITIZENS["lin"]  # booked for today in the portal's demo seed


@pytest.fixture
def kiosk_ctx(ctx: AppContext) -> AppContext:
    ctx.config = replace(ctx.config, window=90, terminal_id="XH-K90")
    return ctx


@pytest.fixture
def portal(portal: RunningPortal, kiosk_ctx: AppContext) -> RunningPortal:
    """The shared portal, seeded as in the demo (today's appointments)."""
    seed_demo(portal.portal, kiosk_ctx.config.hall)
    return portal


@pytest.fixture
def enrolled(kiosk_ctx: AppContext, portal: RunningPortal, link: FaultProxy) -> AppContext:
    """Enrolled through the proxy, with today's appointments pulled (as the sync worker would)."""
    from sync.engine import sync_once
    from sync.link.client import PortalClient

    config = kiosk_ctx.config
    key = enrol_terminal(kiosk_ctx.data_dir, portal, link.url, config.terminal_id, config.hall)
    store = open_store(kiosk_ctx.data_dir / "tongban.db")
    client = PortalClient(link.url, key, trust_env=False)
    sync_once(store, client, terminal=config.terminal_id)
    client.close()
    store.close()
    return kiosk_ctx


def open_kiosk(ctx: AppContext, qtbot: QtBot, bridge: Bridge | None = None) -> KioskWindow:
    window = KioskWindow(ctx, idle_seconds=90, bridge=bridge)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


@pytest.fixture
def kiosk(enrolled: AppContext, qtbot: QtBot) -> Iterator[KioskWindow]:
    window = open_kiosk(enrolled, qtbot)
    yield window
    window.may_close = True
    shutdown(enrolled)  # the queue's thread stops before the portal goes


@pytest.fixture
def with_card(enrolled: AppContext, qtbot: QtBot) -> Iterator[tuple[KioskWindow, SimulatedReader]]:
    bridge = Bridge(enrolled)
    reader = SimulatedReader()
    bridge.start_reader(reader)
    window = open_kiosk(enrolled, qtbot, bridge)
    yield window, reader
    window.may_close = True
    shutdown(enrolled)  # the reader and the queue's thread stop before the portal goes


def ticket_page(kiosk: KioskWindow) -> TicketPage:
    kiosk.home.findChildren(QAbstractButton)[0].click()  # 取号, the first button
    page = kiosk.pages["ticket"]
    assert isinstance(page, TicketPage) and kiosk.stack.currentWidget() is page
    return page


def take(page: TicketPage, qtbot: QtBot, prefix: str, green: bool = False) -> str:
    if green:
        page.green.click()
    page.buttons[prefix].click()
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    qtbot.waitUntil(lambda: "正在打印" not in page.view.printed.text(), timeout=15000)
    return page.view.number.text()


def test_a_ticket_online_is_numbered_by_the_portal_and_printed(
    kiosk: KioskWindow, qtbot: QtBot, reader_store: Store, enrolled: AppContext
) -> None:
    page = ticket_page(kiosk)
    assert all(b.height() >= 96 for b in (*page.buttons.values(), page.green))
    # The group's name, and what citizens come for in their own words, on the tile.
    assert page.buttons["A"].text() == "A  公安户政\n户口·居住证·身份证"
    number = take(page, qtbot, "A")
    assert re.fullmatch(r"A\d{3}", number)  # a portal number: no window in it
    assert "公安户政" in page.view.group.text()
    assert "前面还有 2 人" in page.view.ahead.text()  # the two the demo seed booked online
    assert "政务服务平台" in page.view.link.text()
    assert "请取走号票" in page.view.printed.text()
    assert len(list((enrolled.data_dir / "prints").glob("*.pdf"))) == 1
    row = reader_store.conn.execute("SELECT origin, priority FROM queue_tickets").fetchone()
    assert tuple(row) == ("portal", "normal")
    page.done.click()  # 完成: the next citizen starts at the beginning
    assert kiosk.stack.currentWidget() is kiosk.home and kiosk.session.is_empty()


def test_portal_down_the_number_comes_from_the_kiosks_own_range(
    kiosk: KioskWindow, qtbot: QtBot, link: FaultProxy
) -> None:
    link.refuse()
    page = ticket_page(kiosk)
    assert take(page, qtbot, "A") == "A90-001"
    assert "本机编排" in page.view.link.text() and "同样有效" in page.view.link.text()
    assert "请取走号票" in page.view.printed.text()


def test_the_green_channel_goes_before_those_who_came_first(
    kiosk: KioskWindow, qtbot: QtBot, reader_store: Store
) -> None:
    page = ticket_page(kiosk)
    take(page, qtbot, "C")
    kiosk.start_over()
    page = ticket_page(kiosk)
    assert not page.green.isChecked()  # the choice does not carry over to the next citizen
    second = take(page, qtbot, "C", green=True)
    assert "绿色通道" in page.view.group.text()
    assert "前面还有 0 人" in page.view.ahead.text()  # before the one who came first
    priority = reader_store.conn.execute(
        "SELECT priority FROM queue_tickets WHERE ticket_no = ?", (second,)
    ).fetchone()[0]
    assert priority == "green"


def test_a_failing_printer_leaves_the_number_on_screen(
    kiosk: KioskWindow, qtbot: QtBot, enrolled: AppContext, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    enrolled.config = replace(enrolled.config, printer=f"folder:{blocked}")
    page = ticket_page(kiosk)
    number = take(page, qtbot, "B")
    assert page.view.number.text() == number
    assert f"请记下您的号码 {number}" in page.view.printed.text()


def test_a_queue_refusal_is_said_in_plain_words(kiosk: KioskWindow, qtbot: QtBot) -> None:
    page = ticket_page(kiosk)
    page.take("Q")  # no such group (a hall's file changed under the kiosk)
    qtbot.waitUntil(lambda: "叫号组" in page.status.text(), timeout=10000)
    assert "Traceback" not in page.status.text() and "Error" not in page.status.text()
    assert page.choices.isEnabled() and not page.view.number.text()


def test_check_in_with_the_card_gives_the_appointment_its_priority(
    with_card: tuple[KioskWindow, SimulatedReader],
    qtbot: QtBot,
    reader_store: Store,
    enrolled: AppContext,
) -> None:
    kiosk, reader = with_card
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    qtbot.waitUntil(lambda: page.reader_ready, timeout=5000)
    reader.place(LIN)  # at the start page: placing the card is the check-in
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is page, timeout=5000)
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    assert page.greeting.text() == "您好，林**"  # masked
    assert "09:00" in page.status.text() and "居住证" in page.status.text()
    assert "预约" in page.view.group.text()
    number = page.view.number.text()
    row = reader_store.conn.execute(
        "SELECT priority, appointment_id FROM queue_tickets WHERE ticket_no = ?", (number,)
    ).fetchone()
    assert row[0] == "appointment" and row[1]
    qtbot.waitUntil(lambda: "请取走号票" in page.view.printed.text(), timeout=15000)
    assert len(list((enrolled.data_dir / "prints").glob("*.pdf"))) == 1
    # Lost the paper, came back: the same number, not a second place in the queue.
    reader.remove()
    kiosk.start_over()
    reader.place(LIN)
    qtbot.waitUntil(lambda: page.view.number.text() == number, timeout=15000)
    assert "已经签到过" in page.view.link.text()
    count = reader_store.conn.execute(
        "SELECT count(*) FROM queue_tickets WHERE appointment_id IS NOT NULL"
    ).fetchone()[0]
    assert count == 1


def test_a_reader_unplugged_and_back_is_said_on_the_check_in_page(
    with_card: tuple[KioskWindow, SimulatedReader], qtbot: QtBot
) -> None:
    kiosk, reader = with_card
    kiosk.open_page("checkin")
    page = kiosk.checkin
    qtbot.waitUntil(lambda: "读卡区" in page.prompt.text(), timeout=5000)
    reader.unplug()  # the device thread reports the reader gone
    qtbot.waitUntil(lambda: "无法读取身份证" in page.prompt.text(), timeout=5000)
    assert not page.reader_ready and page.ordinary.isVisible()  # an ordinary ticket instead
    reader.plug_in()
    qtbot.waitUntil(lambda: "读卡区" in page.prompt.text(), timeout=5000)
    assert page.reader_ready and not page.ordinary.isVisible()


def test_check_in_with_the_portal_down_still_has_priority(
    with_card: tuple[KioskWindow, SimulatedReader],
    qtbot: QtBot,
    reader_store: Store,
    link: FaultProxy,
) -> None:
    kiosk, reader = with_card
    link.refuse()  # the booking was pulled earlier: check-in needs no network
    reader.place(LIN)
    page = kiosk.checkin
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    assert page.view.number.text() == "A90-001" and "本机编排" in page.view.link.text()
    priority = reader_store.conn.execute(
        "SELECT priority FROM queue_tickets WHERE ticket_no = 'A90-001'"
    ).fetchone()[0]
    assert priority == "appointment"


def test_check_in_without_an_appointment_offers_an_ordinary_ticket(
    with_card: tuple[KioskWindow, SimulatedReader], qtbot: QtBot
) -> None:
    kiosk, reader = with_card
    kiosk.open_page("checkin")
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    reader.place("chen")  # nothing booked
    qtbot.waitUntil(lambda: "没有找到您今天的预约" in page.status.text(), timeout=10000)
    assert page.ordinary.isVisible() and not page.view.number.text()
    page.ordinary.click()
    assert kiosk.current_name() == "ticket"


def test_check_in_says_what_went_wrong_with_the_card_or_the_reader(
    with_card: tuple[KioskWindow, SimulatedReader], qtbot: QtBot, enrolled: AppContext
) -> None:
    kiosk, reader = with_card
    kiosk.open_page("checkin")
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    qtbot.waitUntil(lambda: page.reader_ready, timeout=5000)
    reader.fail_next_read(FailureKind.CARD_UNREADABLE)
    reader.place(LIN)
    qtbot.waitUntil(lambda: "卡片无法读取" in page.status.text(), timeout=10000)
    assert "重新放置" in page.status.text() and page.ordinary.isVisible()
    # A kiosk whose reader could not be opened says so, and offers the ordinary ticket.
    bare = open_kiosk(enrolled, qtbot)
    try:
        bare.open_page("checkin")
        assert "无法读取身份证" in bare.checkin.prompt.text()
        assert bare.checkin.ordinary.isVisible()
    finally:
        bare.may_close = True


@pytest.fixture
def pushed(enrolled: AppContext, link: FaultProxy, portal: RunningPortal) -> list[str]:
    """The example paper cases, recorded here and pushed to the portal; the second one's
    state then moves on at the portal, which this terminal has not pulled."""
    from sync.engine import sync_once
    from sync.link.client import PortalClient
    from sync.link.keys import load_key
    from sync.portal import admin

    store = open_store(enrolled.data_dir / "tongban.db")
    receipts = import_file(
        store,
        ROOT / "docs" / "examples" / "case-import.json",
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id=enrolled.config.terminal_id,
        actor="sup.test",
    ).receipt_nos
    client = PortalClient(link.url, load_key(enrolled.data_dir), trust_env=False)
    for _ in range(5):
        if sync_once(store, client, terminal=enrolled.config.terminal_id).status.waiting == 0:
            break
    client.close()
    case = casebook.find(store, receipts[1])
    assert case.portal_case_no is not None
    store.close()
    with portal.portal.db.write() as conn:
        admin.set_case_state(conn, case.id, {"state": "completed"}, portal.portal.clock())
    return receipts


def ask_status(kiosk: KioskWindow, qtbot: QtBot, receipt: str, last4: str) -> str:
    kiosk.open_page("status")
    page = kiosk.pages["status"]
    assert isinstance(page, StatusPage)
    page.form.reference.setFocus()
    qtbot.keyClicks(page.form.reference, f"http://127.0.0.1:8700/track/{receipt}")  # the QR
    page.form.last4.setText(last4)
    page.form.submit.click()
    qtbot.waitUntil(lambda: receipt in page.result.text(), timeout=15000)
    return page.result.text()


def test_status_online_is_the_portals(kiosk: KioskWindow, qtbot: QtBot, pushed: list[str]) -> None:
    text = ask_status(kiosk, qtbot, pushed[1], "0041")
    assert "已办结" in text  # the portal's state, newer than this terminal's
    assert "来自政务服务平台" in text and "本机记录" not in text


def test_status_offline_is_this_terminals_and_says_so(
    kiosk: KioskWindow, qtbot: QtBot, pushed: list[str], link: FaultProxy
) -> None:
    link.refuse()
    text = ask_status(kiosk, qtbot, pushed[1], "0041")
    assert "已办结" not in text  # the portal's news has not reached this terminal
    assert "来自本机记录，可能不是最新" in text


def test_after_the_idle_wipe_nothing_personal_is_left(
    with_card: tuple[KioskWindow, SimulatedReader], qtbot: QtBot, pushed: list[str]
) -> None:
    kiosk, reader = with_card
    status = ask_status(kiosk, qtbot, pushed[1], "0041")
    assert "已办结" in status
    kiosk.go_back()
    reader.place(LIN)
    page = kiosk.checkin
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    number = page.view.number.text()
    qtbot.waitUntil(lambda: "正在打印" not in page.view.printed.text(), timeout=15000)
    assert kiosk.session.document is not None and kiosk.session.ticket_no == number
    kiosk.idle.expire_now()  # nobody came back
    assert kiosk.stack.currentWidget() is kiosk.home and kiosk.session.is_empty()
    personal = (LIN.id_number, LIN.name, "林**", "测试甲", pushed[1], "0041", number)
    texts = [w.text() for w in kiosk.findChildren(QLabel)]
    texts += [w.text() for w in kiosk.findChildren(QLineEdit)]
    texts += [w.text() for w in kiosk.findChildren(QAbstractButton)]
    leaks = [t for t in texts if any(v in t for v in personal)]
    assert leaks == []
    for holder in (kiosk.session, *kiosk.pages.values()):
        values = [v for v in vars(holder).values() if isinstance(v, str | dict | list)]
        assert not any(p in repr(values) for p in personal), holder
        # Every attribute that is not a widget, dataclasses (a page's rating target) included.
        held = [v for v in vars(holder).values() if not isinstance(v, QObject)]
        assert not any(p in repr(held) for p in personal), holder


def test_tickets_are_limited_per_minute_and_per_card(kiosk: KioskWindow, qtbot: QtBot) -> None:
    from datetime import timedelta

    from terminal.clock import now

    page = ticket_page(kiosk)
    page.limits.per_minute, page.limits.per_card = 2, 1
    take(page, qtbot, "A")
    page.clear()
    take(page, qtbot, "B")
    page.clear()
    page.buttons["C"].click()  # a third within the minute: refused, nothing taken
    assert "请稍等一分钟" in page.status.text() and not page.view.number.text()
    # A minute on, one more; a card that already had its ticket today gets a sentence instead.
    page.limits._recent.clear()
    kiosk.session.document = type("Card", (), {"id_number": "11010519491231002X"})()
    page.limits.note(now() - timedelta(seconds=1), "11010519491231002X")
    page.buttons["C"].click()
    assert "这张证件今天已经取过 1 张号" in page.status.text() and not page.view.number.text()
    kiosk.session.document = None
    assert take(page, qtbot, "C")  # without that card: a ticket
