"""Fixtures for the hall queue: a reference portal, two enrolled terminals (two data folders)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sync.hall.operations import HallQueue
from sync.link.client import PortalClient, Timeouts
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import RunningPortal
from terminal.clock import now
from terminal.hall import Groups, load_groups
from terminal.store import Store, open_store

from ..sync import conftest as sync_fixtures
from ..sync.helpers import HALL

# The sync tests' fixtures, shared: a reference portal on loopback, a fault proxy before it.
portal = sync_fixtures.portal
proxy = sync_fixtures.proxy

# Short enough that an outage costs the test little, long enough for a loaded machine.
QUICK = Timeouts(connect=2.0, read=3.0, total=6.0)


@dataclass
class Desk:
    """One terminal of the hall: its data folder, store, key and window."""

    terminal_id: str
    window: int
    data_dir: Path
    store: Store
    key: TerminalKey
    opened: list[Any] = field(default_factory=list)

    def client(self, url: str | None = None, timeouts: Timeouts = QUICK) -> PortalClient:
        client = PortalClient(
            url or self.key.portal_url, self.key, timeouts=timeouts, trust_env=False
        )
        self.opened.append(client)
        return client

    def hall(self, url: str | None = None, *, groups: Groups | None = None, **kw: Any) -> HallQueue:
        """A HallQueue on a store connection of its own (one per thread, as in the window)."""
        store = open_store(self.data_dir / "tongban.db")
        self.opened.append(store)
        kw.setdefault("retry_after", 0.2)
        return HallQueue(
            store,
            self.client(url),
            terminal=self.terminal_id,
            window=self.window,
            groups=groups or load_groups(),
            **kw,
        )

    def job(self, work: Callable[[HallQueue], Any], url: str | None = None) -> Callable[[], Any]:
        """``work`` on a HallQueue opened and closed on the calling thread (SQLite wants that)."""

        def run() -> Any:
            store = open_store(self.data_dir / "tongban.db")
            client = PortalClient(
                url or self.key.portal_url, self.key, timeouts=QUICK, trust_env=False
            )
            hall = HallQueue(
                store,
                client,
                terminal=self.terminal_id,
                window=self.window,
                groups=load_groups(),
                retry_after=0.2,
            )
            try:
                return work(hall)
            finally:
                client.close()
                store.close()

        return run

    def close(self) -> None:
        for thing in self.opened:
            thing.close()
        self.store.close()


def make_desk(tmp_path: Path, portal: RunningPortal, terminal_id: str, window: int) -> Desk:
    code = f"QUEUE-{terminal_id}"
    portal.portal.admit_enrol_code(code, terminal_id, HALL)
    data_dir = tmp_path / terminal_id
    store = open_store(data_dir / "tongban.db", create=True)
    key = enrol(
        data_dir,
        store,
        portal_url=portal.url,
        code=code,
        terminal_id=terminal_id,
        hall=HALL,
        at=now(),
        timeouts=QUICK,
    )
    return Desk(terminal_id, window, data_dir, store, key)


@pytest.fixture
def desks(tmp_path: Path, portal: RunningPortal) -> Iterator[list[Desk]]:
    pair = [make_desk(tmp_path, portal, "XH-W01", 1), make_desk(tmp_path, portal, "XH-W02", 2)]
    yield pair
    for desk in pair:
        desk.close()


def portal_rows(portal: RunningPortal, sql: str, *params: Any) -> list[dict[str, Any]]:
    with portal.portal.db.read() as conn:
        return [dict(r) for r in conn.execute(sql, params)]
