"""Tickets served at a window, as supervision events, and terminals of a hall enrolled on the
reference portal: for the hall's figures (sync/figures.py) here, in the contract test and in
the supervisor's view's test."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.portal import RunningPortal
from terminal.store import Store, open_store
from terminal.supervision import events
from terminal.supervision.events import Event

from .helpers import AT, FAST, client_for


def serve(
    store: Store, terminal: str, window: int, tickets: int, *, at: datetime = AT, wait: int = 300
) -> None:
    """``tickets`` tickets taken at ``at``, called after ``wait`` seconds, served 10 minutes."""
    with store.write():
        for n in range(tickets):
            ticket = f"{terminal}-{window}-{at:%H%M}-{n}"
            steps = (
                ("taken", 0),
                ("called", wait),
                ("served_from", wait),
                ("served_to", wait + 600),
            )
            for kind, after in steps:
                ev = Event(ticket, kind, at + timedelta(seconds=after), terminal, window, "zhao",
                           "A")  # fmt: skip
                events.record(store.conn, ev)


def enrolled(
    running: RunningPortal, folder: Path, terminal: str, hall: str, kind: str = "counter"
) -> tuple[Store, PortalClient]:
    """Another terminal of ``hall``, with its own store and signed client."""
    code = f"CODE-{terminal}"
    running.portal.admit_enrol_code(code, terminal, hall, kind=kind)
    store = open_store(folder / "tongban.db", create=True)
    key = enrol(folder, store, portal_url=running.url, code=code, terminal_id=terminal,
                hall=hall, at=AT, timeouts=FAST)  # fmt: skip
    return store, client_for(key)


def exercise_figures(store: Store, client: PortalClient, terminal: str) -> None:
    """For the contract test: figures taken, the hall's read back, a span out of order (400)."""
    from sync import figures
    from sync.link import protocol

    serve(store, terminal, 1, 2)
    assert figures.owe(store, AT) and figures.send(store, client, AT) is True
    assert figures.hall_view(store, client, AT).today.total["served"] == 2
    assert (
        client.send("GET", f"{protocol.PATH_FIGURES}?from=2026-11-27&to=2026-11-26").status == 400
    )
