"""A kiosk's call for help reaches the other windows' panels, and the kiosk learns who comes."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime
from typing import Any

import pytest

from sync.engine import sync_once
from sync.portal import RunningPortal, queue_help
from sync.portal.auth import Terminal
from sync.portal.db import SCHEMA
from sync.portal.problems import Problem
from sync.portal.queue import bind_window
from terminal.clock import CHINA, now
from terminal.hall import help as hall_help
from terminal.hall.help import HELP_FORMAT
from terminal.hall.model import day_of
from terminal.store import Store

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


# --- review 2: spoofed windows and piled-up calls, fed straight to the portal's logic -------

NOW = 1_796_000_000.0  # a weekday morning, any will do


def _portal_db() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.row_factory = sqlite3.Row
    c.executescript(SCHEMA)
    return c


def _raise(c: sqlite3.Connection, who: Terminal, place: str = "入口自助机") -> dict[str, Any]:
    key = str(uuid.uuid4())
    body = {"format": HELP_FORMAT, "help_id": key, "place": place}
    status, answer, _ = queue_help.raise_help(c, who, key, body, NOW)
    assert status in (200, 201)
    found: dict[str, Any] = answer["help"]
    return found


def test_a_terminal_cannot_answer_for_a_window_another_terminal_holds() -> None:
    c = _portal_db()
    kiosk = Terminal("k1", "XH-K90", "XH")
    bind_window(c, "XH", day_of(datetime.fromtimestamp(NOW, CHINA)), 3, "XH-W03")
    h = _raise(c, kiosk)
    body = {"help_id": h["help_id"], "window": 3}  # window 3 is XH-W03's today
    with pytest.raises(Problem) as taken:
        queue_help.answer_help(
            c, Terminal("k3", "XH-W07", "XH"), str(uuid.uuid4()), h["help_id"], "coming", body, NOW
        )
    assert taken.value.name == "window-taken"
    # Window 3's own terminal may; and a "done" from another window keeps who went.
    status, answer, _ = queue_help.answer_help(
        c, Terminal("k2", "XH-W03", "XH"), str(uuid.uuid4()), h["help_id"], "coming", body, NOW
    )
    assert (status, answer["help"]["window"]) == (200, 3)
    done = {"help_id": h["help_id"], "window": 7}
    _, answer, _ = queue_help.answer_help(
        c, Terminal("k3", "XH-W07", "XH"), str(uuid.uuid4()), h["help_id"], "done", done, NOW
    )
    assert (answer["help"]["state"], answer["help"]["window"]) == ("done", 3)


def test_a_kiosk_pressed_again_and_again_is_one_call() -> None:
    c = _portal_db()
    kiosk = Terminal("k1", "XH-K90", "XH")
    first = _raise(c, kiosk)
    for _ in range(20):  # 呼叫 → 返回 → 呼叫 … (a start over leaves the call open)
        assert _raise(c, kiosk)["help_id"] == first["help_id"]
    assert c.execute("SELECT count(*) FROM queue_help").fetchone()[0] == 1
    # Another kiosk's call is its own.
    assert _raise(c, Terminal("k2", "XH-K91", "XH"))["help_id"] != first["help_id"]


def test_offline_a_kiosk_pressed_again_is_one_call(store: Store, at: datetime) -> None:
    first = hall_help.raise_local(store, str(uuid.uuid4()), place="入口", terminal="XH-K90", at=at)
    again = hall_help.raise_local(store, str(uuid.uuid4()), place="入口", terminal="XH-K90", at=at)
    assert again.id == first.id and len(hall_help.shown(store.conn, at)) == 1
