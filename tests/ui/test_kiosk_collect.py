"""出件 at the kiosk (issue 16): a citizen with no booking today places the ID card; the portal
has a result ready for them in this hall, so the kiosk says what is ready and gives a ticket of
the 出件 group; someone else's card is offered an ordinary ticket as before."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.simulated import SimulatedReader
from sync.engine import sync_once
from sync.link.client import PortalClient
from sync.link.keys import load_key
from sync.portal import results, throttle
from sync.portal.server import RunningPortal
from terminal.catalogue import Catalogue
from terminal.store import Store, open_store
from ui.context import AppContext
from ui.kiosk.checkin_page import CheckinPage
from ui.kiosk.window import KioskWindow

from ..sync.faultproxy import FaultProxy
from ..sync.helpers import record_cases
from .test_kiosk_queue import enrolled as enrolled  # the fixtures, shared
from .test_kiosk_queue import kiosk_ctx as kiosk_ctx
from .test_kiosk_queue import portal as portal
from .test_kiosk_queue import with_card as with_card

CHEN = SAMPLE_CITIZENS["chen"]  # nothing booked today


def _result_ready(ctx: AppContext, portal: RunningPortal, link: FaultProxy, cat: Catalogue) -> None:
    store = open_store(ctx.data_dir / "tongban.db")
    (case_id,) = record_cases(store, cat, 1, id_number=CHEN.id_number,
                              terminal=ctx.config.terminal_id)  # fmt: skip
    client = PortalClient(link.url, load_key(ctx.data_dir), trust_env=False)
    for _ in range(5):
        if sync_once(store, client, terminal=ctx.config.terminal_id).status.waiting == 0:
            break
    client.close()
    store.close()
    now = portal.portal.clock()
    with portal.portal.db.write() as conn:
        conn.execute("UPDATE cases SET state = 'completed' WHERE case_id = ?", (case_id,))
        results.publish(conn, case_id, {"items": [{"code": "JZZ", "name": "居住证"}]}, now)


def test_a_result_ready_gets_a_collect_ticket_at_the_kiosk(
    with_card: tuple[KioskWindow, SimulatedReader], enrolled: AppContext, portal: RunningPortal,
    link: FaultProxy, mini_catalogue: Catalogue, qtbot: QtBot, reader_store: Store,
) -> None:  # fmt: skip
    _result_ready(enrolled, portal, link, mini_catalogue)
    kiosk, reader = with_card
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    qtbot.waitUntil(lambda: page.reader_ready, timeout=5000)
    reader.place(CHEN)
    qtbot.waitUntil(lambda: "可以领取" in page.status.text(), timeout=15000)
    assert "居住证" in page.status.text() and page.collect.isVisible()
    assert CHEN.id_number not in page.status.text()
    page.collect.click()
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    number = page.view.number.text()
    assert number.startswith("R")
    group = reader_store.conn.execute(
        "SELECT group_code FROM queue_tickets WHERE ticket_no = ?", (number,)
    ).fetchone()
    assert group is not None and group[0] == "R"
    kiosk.start_over()  # the next citizen: nothing of this one's results is left
    assert kiosk.session.results == [] and not page.collect.isVisible()


def test_without_a_result_the_card_gets_an_ordinary_ticket_offer(
    with_card: tuple[KioskWindow, SimulatedReader], qtbot: QtBot
) -> None:
    kiosk, reader = with_card
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    qtbot.waitUntil(lambda: page.reader_ready, timeout=5000)
    reader.place(CHEN)
    qtbot.waitUntil(lambda: "没有找到您今天的预约" in page.status.text(), timeout=15000)
    assert page.ordinary.isVisible() and not page.collect.isVisible()
    # Nor is there an 出件 tile to take instead: R tickets come after the card's check only.
    assert "R" not in kiosk.ticket.buttons and "A" in kiosk.ticket.buttons


def test_a_kiosk_paused_by_the_portal_says_so_and_offers_an_ordinary_ticket(
    with_card: tuple[KioskWindow, SimulatedReader], enrolled: AppContext, portal: RunningPortal,
    link: FaultProxy, mini_catalogue: Catalogue, qtbot: QtBot,
) -> None:  # fmt: skip
    """Review 6: this kiosk's lookups found nothing too often (someone trying numbers); the
    portal pauses its results questions and the citizen reads why, with a way on."""
    _result_ready(enrolled, portal, link, mini_catalogue)
    buckets = [(throttle.RESULTS_PER_TERMINAL, enrolled.config.terminal_id)]
    with portal.portal.db.write() as conn:
        for _ in range(throttle.RESULTS_PER_TERMINAL.limit):
            throttle.record(conn, buckets, portal.portal.clock())
    kiosk, reader = with_card
    page = kiosk.pages["checkin"]
    assert isinstance(page, CheckinPage)
    qtbot.waitUntil(lambda: page.reader_ready, timeout=5000)
    reader.place(CHEN)
    qtbot.waitUntil(lambda: "查询办理结果的次数太多" in page.status.text(), timeout=15000)
    assert "分钟后再试" in page.status.text() and page.ordinary.isVisible()
    assert not page.collect.isVisible()
