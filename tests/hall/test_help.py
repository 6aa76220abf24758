"""A kiosk's call for help reaches the other windows' panels, and the kiosk learns who comes."""

from __future__ import annotations

from sync.engine import sync_once
from sync.portal import RunningPortal
from terminal.clock import now
from terminal.hall import help as hall_help

from ..sync.faultproxy import FaultProxy
from .conftest import Desk


def test_a_call_for_help_is_seen_by_every_window_answered_by_one_and_closed(
    desks: list[Desk], portal: RunningPortal
) -> None:
    kiosk, clerk = desks
    raised = kiosk.hall().call_help("大厅入口左侧自助机")
    assert raised.online and raised.help.state == "open"
    sync_once(clerk.store, clerk.client(), terminal=clerk.terminal_id)
    seen = hall_help.shown(clerk.store.conn, now())
    assert [(h.place, h.state) for h in seen] == [("大厅入口左侧自助机", "open")]
    coming = clerk.hall().answer_help(seen[0].id, "coming")
    assert (coming.help.state, coming.help.window_no) == ("coming", clerk.window)
    # The kiosk hears which window is coming (its sync worker pulls the hall's feed).
    sync_once(kiosk.store, kiosk.client(), terminal=kiosk.terminal_id)
    heard = hall_help.get(kiosk.store.conn, raised.help.id)
    assert heard is not None and (heard.state, heard.window_no) == ("coming", clerk.window)
    # A second window saying "coming" later does not take the call over.
    late = kiosk.hall().answer_help(raised.help.id, "coming")
    assert late.help.window_no == clerk.window
    clerk.hall().answer_help(raised.help.id, "done")
    sync_once(clerk.store, clerk.client(), terminal=clerk.terminal_id)
    assert hall_help.shown(clerk.store.conn, now()) == []


def test_offline_the_call_stays_on_this_terminal_and_is_never_sent_late(
    desks: list[Desk], portal: RunningPortal, proxy: FaultProxy
) -> None:
    kiosk, clerk = desks
    proxy.refuse()
    raised = kiosk.hall(proxy.url).call_help("二楼自助机")
    assert not raised.online and raised.help.origin == "local"
    # A panel reading this store shows it, and can answer it here.
    assert [h.id for h in hall_help.shown(kiosk.store.conn, now())] == [raised.help.id]
    proxy.accept()
    queue = kiosk.hall(proxy.url)
    assert queue.sync()
    sync_once(clerk.store, clerk.client(), terminal=clerk.terminal_id)
    assert hall_help.shown(clerk.store.conn, now()) == []  # not sent after the outage
    done = queue.answer_help(raised.help.id, "done")
    assert not done.online and done.help.state == "done"
    assert hall_help.shown(kiosk.store.conn, now()) == []
