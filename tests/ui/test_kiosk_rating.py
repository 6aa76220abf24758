"""好差评 at the kiosk for a case accepted at a counter: the real reference portal on loopback
(behind a proxy the tests cut), a counter terminal with its own data folder, the kiosk's own
store. The kiosk never holds the counter's case; the portal's status answer names it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from sync.engine import sync_once
from sync.link.client import PortalClient
from sync.link.keys import load_key
from sync.portal import admin
from sync.portal.server import RunningPortal
from terminal import casebook
from terminal.catalogue import load_default
from terminal.importer import import_file
from terminal.store import Store, open_store
from terminal.workdays import default_calendar
from ui.app import shutdown
from ui.context import AppContext
from ui.kiosk.rate_page import RatePage
from ui.kiosk.window import KioskWindow

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal

ROOT = Path(__file__).resolve().parents[2]
COUNTER = "XH-W01"
# docs/examples/case-import.json: its first case is accepted, the applicant's ID ends 0030;
# the fourth is accepted too and ends 0038.
FIRST, FOURTH = ("0", "0030"), ("3", "0038")


@dataclass(frozen=True)
class Counter:
    receipts: list[str]
    case_ids: list[str]


def accept_at_counter(data_dir: Path, portal: RunningPortal, hall: str) -> Counter:
    """A clerk's terminal (its own data folder) that accepted the example cases and pushed
    them; the portal then finished the first and the fourth (办结)."""
    key = enrol_terminal(data_dir, portal, portal.url, COUNTER, hall)
    store = open_store(data_dir / "tongban.db")
    receipts = import_file(
        store,
        ROOT / "docs" / "examples" / "case-import.json",
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id=COUNTER,
        actor="sup.test",
    ).receipt_nos
    client = PortalClient(portal.url, key, trust_env=False)
    for _ in range(5):
        if sync_once(store, client, terminal=COUNTER).status.waiting == 0:
            break
    client.close()
    case_ids = [casebook.find(store, r).id for r in receipts]
    store.close()
    for i in (int(FIRST[0]), int(FOURTH[0])):
        with portal.portal.db.write() as conn:
            admin.set_case_state(conn, case_ids[i], {"state": "completed"}, portal.portal.clock())
    return Counter(receipts, case_ids)


@pytest.fixture
def counter(tmp_path: Path, portal: RunningPortal, ctx: AppContext) -> Counter:
    """A counter of the kiosk's own hall."""
    return accept_at_counter(tmp_path / "counter", portal, ctx.config.hall)


@pytest.fixture
def kiosk(
    ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot
) -> Iterator[KioskWindow]:
    """The hall's kiosk, enrolled through the proxy; its store holds none of the cases."""
    ctx.config = replace(ctx.config, window=90, terminal_id="XH-K90")
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    window = KioskWindow(ctx, idle_seconds=90)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.may_close = True
    shutdown(ctx)  # the queue's thread stops before the portal goes


def rate_page(kiosk: KioskWindow) -> RatePage:
    kiosk.open_page("rate")
    page = kiosk.pages["rate"]
    assert isinstance(page, RatePage)
    return page


def ask(page: RatePage, qtbot: QtBot, receipt: str, last4: str) -> None:
    page.form.reference.setFocus()
    qtbot.keyClicks(page.form.reference, receipt)
    qtbot.keyClicks(page.form.last4, last4)
    page.form.submit.click()
    qtbot.waitUntil(lambda: "正在查询" not in page.result.text(), timeout=15000)


def kiosk_sync(ctx: AppContext, link: FaultProxy) -> None:
    """One pass of the kiosk's sync worker."""
    store = open_store(ctx.data_dir / "tongban.db")
    client = PortalClient(link.url, load_key(ctx.data_dir), trust_env=False)
    sync_once(store, client, terminal=ctx.config.terminal_id)
    client.close()
    store.close()


def portal_ratings(portal: RunningPortal) -> list[tuple[str, int, str]]:
    with portal.portal.db.read() as conn:
        rows = conn.execute("SELECT case_id, level, body FROM ratings").fetchall()
    return [(r[0], r[1], json.loads(r[2])["channel"]) for r in rows]


def test_a_counters_case_is_rated_at_the_kiosk_and_reaches_the_portal(
    kiosk: KioskWindow,
    qtbot: QtBot,
    counter: Counter,
    link: FaultProxy,
    portal: RunningPortal,
    ctx: AppContext,
    reader_store: Store,
) -> None:
    page = rate_page(kiosk)
    ask(page, qtbot, counter.receipts[0], FIRST[1])
    assert page.levels.isEnabled(), page.result.text()
    assert counter.receipts[0] in page.result.text()
    page.levels.findChildren(QPushButton)[1].click()  # 满意
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    row = reader_store.conn.execute("SELECT case_id, level FROM hall_ratings").fetchone()
    assert tuple(row) == (counter.case_ids[0], 4)
    assert portal_ratings(portal) == []  # kept here; the sync worker takes it
    # Asked again, the kiosk says it is rated before the citizen picks a level.
    page.form.clear()
    ask(page, qtbot, counter.receipts[0], FIRST[1])
    assert "已经评价过" in page.result.text() and not page.levels.isEnabled()
    # The portal goes down between the question and the rating: nothing is lost.
    page.form.clear()
    ask(page, qtbot, counter.receipts[int(FOURTH[0])], FOURTH[1])
    assert page.levels.isEnabled(), page.result.text()
    link.refuse()
    page.levels.findChildren(QPushButton)[0].click()  # 非常满意
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    link.accept()
    kiosk_sync(ctx, link)
    assert sorted(portal_ratings(portal)) == sorted(
        [(counter.case_ids[0], 4, "kiosk"), (counter.case_ids[int(FOURTH[0])], 5, "kiosk")]
    )
    sent = reader_store.conn.execute("SELECT state FROM outbox WHERE kind = 'rating.push'")
    assert [r[0] for r in sent] == ["sent", "sent"]


def test_unfinished_wrong_or_offline_cannot_be_rated(
    kiosk: KioskWindow, qtbot: QtBot, counter: Counter, link: FaultProxy, reader_store: Store
) -> None:
    page = rate_page(kiosk)
    ask(page, qtbot, counter.receipts[1], "0041")  # a correction notice, not finished
    assert "办结后才能" in page.result.text() and not page.levels.isEnabled()
    page.form.clear()
    ask(page, qtbot, counter.receipts[0], "9999")  # a wrong last four: nothing said
    assert "没有找到" in page.result.text() and not page.levels.isEnabled()
    link.refuse()
    page.form.clear()
    ask(page, qtbot, counter.receipts[int(FOURTH[0])], FOURTH[1])
    assert page.result.text() == "暂时无法连接政务服务平台，请稍后再评价，或到窗口评价。"
    assert not page.levels.isEnabled()
    assert reader_store.conn.execute("SELECT count(*) FROM hall_ratings").fetchone()[0] == 0


def test_a_case_of_another_hall_is_not_offered_for_rating_and_the_citizen_is_told_where(
    kiosk: KioskWindow, qtbot: QtBot, portal: RunningPortal, tmp_path: Path, reader_store: Store
) -> None:
    elsewhere = accept_at_counter(tmp_path / "other-counter", portal, "长宁区行政服务中心")
    page = rate_page(kiosk)
    ask(page, qtbot, elsewhere.receipts[0], FIRST[1])  # finished, and the last four are right
    # Told before picking a level, rather than a rating the portal would refuse later.
    assert not page.levels.isEnabled()
    assert "长宁区行政服务中心" in page.result.text(), page.result.text()
    assert reader_store.conn.execute("SELECT COUNT(*) FROM hall_ratings").fetchone()[0] == 0
