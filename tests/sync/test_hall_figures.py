"""The hall's figures: every terminal's roll-ups reach the portal once, and a counter reads
the hall's sums back (sync/figures.py, sync/portal/hall_figures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync import figures
from sync.engine import sync_once
from sync.heartbeat.facts import Source
from sync.link import protocol
from sync.portal import RunningPortal
from sync.state import read_status
from terminal.config import Config
from terminal.heartbeat import OUTBOX_FIGURES

from .conftest import Terminal
from .figuring import enrolled, serve
from .helpers import AT, HALL, TERMINAL, client_for


def served_by_window(f: figures.Figures) -> dict[int, int]:
    return {r["key"]: r["served"] for r in f.by["window"]}


def test_the_hall_s_figures_are_every_terminal_s_of_the_hall_and_no_other_hall_s(
    terminal: Terminal, portal: RunningPortal, tmp_path: Path
) -> None:
    client = client_for(terminal.key)
    w2, w2_client = enrolled(portal, tmp_path / "w2", "XH-W02", HALL)
    elsewhere, elsewhere_client = enrolled(portal, tmp_path / "far", "PD-W09", "浦东大厅")
    serve(terminal.store, TERMINAL, 1, 3)
    serve(w2, "XH-W02", 2, 2, wait=900)
    serve(elsewhere, "PD-W09", 9, 5)
    for store, c in ((terminal.store, client), (w2, w2_client), (elsewhere, elsewhere_client)):
        assert figures.owe(store, AT) is True
        assert figures.send(store, c, AT) is True
    hall = figures.hall_view(w2, w2_client, AT)
    assert served_by_window(hall.today) == {1: 3, 2: 2}
    assert served_by_window(hall.week) == {1: 3, 2: 2}
    assert hall.terminals == 2
    # Averages over the whole hall: 3 waits of 5 minutes and 2 of 15 → 9 minutes.
    assert hall.today.total["served"] == 5 and hall.today.total["avg_wait"] == 540
    assert hall.today.total["wait_max"] == 900
    assert [r["key"] for r in hall.today.by["hour"]] == [10]
    w2.close()
    elsewhere.close()


def test_figures_sent_again_replace_the_day_and_are_never_counted_twice(
    terminal: Terminal, portal: RunningPortal
) -> None:
    client = client_for(terminal.key)
    serve(terminal.store, TERMINAL, 1, 3)
    figures.owe(terminal.store, AT)
    [(key, _)] = terminal.store.conn.execute(
        "SELECT idempotency_key, body FROM outbox WHERE kind = ?", (OUTBOX_FIGURES,)
    ).fetchall()
    assert figures.send(terminal.store, client, AT) is True
    first = figures.days_of(terminal.store, AT.date(), AT.date())
    assert figures.owe(terminal.store, AT) is False  # nothing new: nothing owed
    serve(terminal.store, TERMINAL, 1, 1, at=AT.replace(hour=11))
    assert figures.owe(terminal.store, AT) is True
    assert figures.send(terminal.store, client, AT) is True
    assert served_by_window(figures.hall_period(client, AT.date(), AT.date())[0]) == {1: 4}
    # The first document again, late, under its own key: older, so nothing changes.
    late = {"format": protocol.FIGURES_FORMAT, "seq": 1, "made_at": "x", "days": first}
    reply = client.send("POST", protocol.PATH_FIGURES, protocol.canonical_json(late),
                        idempotency_key=key)  # fmt: skip
    assert reply.status == 200 and reply.json()["days"] == 0
    assert served_by_window(figures.hall_period(client, AT.date(), AT.date())[0]) == {1: 4}
    # One row kept, settled on the portal's signed answer.
    rows = terminal.store.conn.execute(
        "SELECT state, answer_id FROM outbox WHERE kind = ?", (OUTBOX_FIGURES,)
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] == "sent" and rows[0][1] is not None


def test_offline_one_figures_row_waits_and_is_not_counted_as_unsent(
    terminal: Terminal, portal: RunningPortal
) -> None:
    down = client_for(terminal.key, url="http://127.0.0.1:9")
    serve(terminal.store, TERMINAL, 1, 2)
    assert figures.owe(terminal.store, AT) is True
    assert figures.send(terminal.store, down, AT) is False
    serve(terminal.store, TERMINAL, 1, 1, at=AT.replace(hour=11))
    assert figures.owe(terminal.store, AT) is False  # the one waiting goes with the latest
    states = terminal.store.conn.execute(
        "SELECT state FROM outbox WHERE kind = ?", (OUTBOX_FIGURES,)
    ).fetchall()
    assert [s[0] for s in states] == ["pending"]
    assert read_status(terminal.store.conn).waiting == 0  # no citizen's case waits
    client = client_for(terminal.key)
    assert figures.hall_view(terminal.store, client, AT).today.total["served"] == 3


def test_a_kiosk_sends_its_figures_but_cannot_read_the_hall_s(
    portal: RunningPortal, tmp_path: Path
) -> None:
    kiosk, kiosk_client = enrolled(portal, tmp_path / "k", "XH-K01", HALL, kind="kiosk")
    serve(kiosk, "XH-K01", 0, 1)
    figures.owe(kiosk, AT)
    assert figures.send(kiosk, kiosk_client, AT) is True
    asked = kiosk_client.send("GET", f"{protocol.PATH_FIGURES}?from=2026-11-26&to=2026-11-26")
    assert asked.status == 403
    kiosk.close()


def test_a_terminal_installed_afresh_replaces_its_old_figures(
    terminal: Terminal, portal: RunningPortal
) -> None:
    """Its count of documents is lost with its store; the clock keeps its figures newer."""
    client = client_for(terminal.key)
    serve(terminal.store, TERMINAL, 1, 3)
    figures.owe(terminal.store, AT)
    assert figures.send(terminal.store, client, AT) is True
    with terminal.store.write():  # a new store: no events, no count; 1 ticket served since
        for table in ("events", "figures_daily", "figures_hourly"):
            terminal.store.conn.execute(f"DELETE FROM {table}")
        terminal.store.conn.execute("DELETE FROM sync_state WHERE key = ?", (figures.STATE_KEY,))
    serve(terminal.store, TERMINAL, 1, 1, at=AT.replace(hour=11))
    later = AT.replace(hour=11, minute=30)
    assert figures.owe(terminal.store, later) is True
    assert figures.send(terminal.store, client, later) is True
    assert served_by_window(figures.hall_period(client, AT.date(), AT.date())[0]) == {1: 1}


def test_a_sync_pass_sends_the_figures_after_the_heartbeat(
    terminal: Terminal, portal: RunningPortal
) -> None:
    serve(terminal.store, TERMINAL, 4, 2)
    source = Source(Config(terminal_id=TERMINAL, hall=HALL), terminal.data_dir,
                    terminal.data_dir / "config.toml")  # fmt: skip
    summary = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL,
                        now=lambda: AT, heartbeat_from=source)  # fmt: skip
    assert summary.online
    asked = figures.hall_period(client_for(terminal.key), AT.date(), AT.date())[0]
    assert served_by_window(asked) == {4: 2}


def test_figures_the_portal_refuses_are_settled_with_the_reason_and_not_sent_again(
    terminal: Terminal, portal: RunningPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signed refusal (422: figures it finds wrong) ends the row, as a heartbeat's does: the
    same figures would be refused again. The next events owe new ones."""
    serve(terminal.store, TERMINAL, 1, 2)
    assert figures.owe(terminal.store, AT) is True
    monkeypatch.setattr(figures, "days_of", lambda store, first, last: [{"day": "not a day"}])
    assert figures.send(terminal.store, client_for(terminal.key), AT) is True
    rows = terminal.store.conn.execute(
        "SELECT state, reason FROM outbox WHERE kind = ?", (OUTBOX_FIGURES,)
    ).fetchall()
    assert [(r[0], json.loads(r[1])) for r in rows] == [
        ("sent", {"id": "sync.reason.figures_refused", "params": {"status": 422}})
    ]
    assert figures.owe(terminal.store, AT) is False  # settled: nothing owed until new events
