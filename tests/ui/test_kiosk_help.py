"""呼叫工作人员 at the kiosk: the call reaches the clerks' queue panels with the kiosk's
place, the citizen hears which window is coming; offline the citizen is sent to the help
desk at once and the call shows only on this terminal's own panel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from sync.engine import sync_once
from sync.hall.operations import HallQueue
from sync.link.client import PortalClient
from sync.portal.server import RunningPortal
from terminal.hall import help as hall_help
from terminal.hall import load_groups
from terminal.store import open_store
from ui.app import shutdown
from ui.context import AppContext
from ui.kiosk.window import KioskWindow
from ui.queue_link import QueueLink
from ui.widgets.queue_panel import QueuePanel

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_kiosk_queue import enrolled, kiosk_ctx, open_kiosk, portal

__all__ = ["enrolled", "kiosk_ctx", "portal"]  # the kiosk's fixtures, shared


class Voice:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


@pytest.fixture
def placed(enrolled: AppContext) -> AppContext:
    enrolled.config = replace(enrolled.config, kiosk_place="大厅入口左侧")
    return enrolled


@pytest.fixture
def voice() -> Voice:
    return Voice()


@pytest.fixture
def kiosk(placed: AppContext, qtbot: QtBot, voice: Voice) -> Iterator[KioskWindow]:
    window = KioskWindow(placed, idle_seconds=90, voice=voice)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    yield window
    window.may_close = True
    shutdown(placed)


def test_the_call_reaches_another_window_and_the_citizen_hears_who_comes(
    kiosk: KioskWindow,
    qtbot: QtBot,
    placed: AppContext,
    portal: RunningPortal,
    link: FaultProxy,
    tmp_path: object,
    voice: Voice,
) -> None:
    kiosk.open_page("status")
    assert kiosk.call_help.isVisible()  # on every page, not only the start page
    kiosk.call_help.click()
    page = kiosk.help
    assert kiosk.stack.currentWidget() is page
    qtbot.waitUntil(lambda: "已通知工作人员" in page.title.text(), timeout=15000)
    assert page.cancel.isVisible() and any("稍候" in s for s in voice.said)
    # Window 3's clerk hears the call from the hall's feed, with the kiosk's place, and goes.
    clerk_dir = placed.data_dir.parent / "clerk"
    key = enrol_terminal(clerk_dir, portal, link.url, "XH-W03", placed.config.hall)
    store = open_store(clerk_dir / "tongban.db")
    client = PortalClient(link.url, key, trust_env=False)
    try:
        sync_once(store, client, terminal="XH-W03")
        from terminal.clock import now

        calls = hall_help.shown(store.conn, now())
        assert [(h.place, h.state) for h in calls] == [("大厅入口左侧", "open")]
        clerk = HallQueue(store, client, terminal="XH-W03", window=3, groups=load_groups())
        clerk.answer_help(calls[0].id, "coming")
    finally:
        client.close()
        store.close()
    # The page looks at the hall's feed every few seconds: no sync pass needed.
    page.watch.setInterval(200)
    qtbot.waitUntil(lambda: "3 号窗口" in page.words.text(), timeout=10000)
    assert any("3 号窗口" in s for s in voice.said)  # said aloud too
    # Starting over does not call a second time; the next press does.
    kiosk.start_over()
    assert page.help is None and not page.words.text()


def test_offline_the_citizen_is_sent_to_the_help_desk_and_this_panel_shows_the_call(
    ctx: AppContext, qtbot: QtBot
) -> None:
    ctx.config = replace(ctx.config, kiosk_place="二楼自助机")
    queue_link = QueueLink(ctx)  # a window of the same terminal: the same store
    queue_link.start()
    panel = QueuePanel(queue_link, load_groups(ctx.data_dir), ctx.config.window)
    qtbot.addWidget(panel)
    panel.show()
    kiosk = open_kiosk(ctx, qtbot)
    try:
        kiosk.call_help.click()
        kiosk.call_help.click()  # pressed again while the first is on its way: one call
        page = kiosk.help
        qtbot.waitUntil(lambda: "网络暂时不通" in page.title.text(), timeout=15000)
        kiosk.call_help.click()  # and again once it is raised: the page says it again
        kiosk.link.wait_idle()
        store = open_store(ctx.data_dir / "tongban.db")
        try:
            assert store.conn.execute("SELECT count(*) FROM queue_help").fetchone()[0] == 1
        finally:
            store.close()
        assert "咨询台" in page.words.text() and not page.cancel.isVisible()
        calls = panel.help_calls
        qtbot.waitUntil(calls.isVisible, timeout=10000)
        said = calls.words.toolTip()  # the whole; the panel shows it shortened to its width
        assert "二楼自助机" in said and "仅本机" in said
        assert calls.button.text() == "我去处理"
        calls.button.click()
        qtbot.waitUntil(lambda: "3 号窗口已去" in calls.words.toolTip(), timeout=10000)
        assert calls.button.text() == "已处理"
        calls.button.click()
        qtbot.waitUntil(lambda: not calls.isVisible(), timeout=10000)
    finally:
        kiosk.may_close = True
