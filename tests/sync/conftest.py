"""Fixtures for sync: a reference portal on loopback, an enrolled terminal, a fault proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import Portal, RunningPortal, make_server
from terminal.store import Store, open_store

from .faultproxy import FaultProxy
from .helpers import AT, CODE, FAST, HALL, TERMINAL, Admin


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[RunningPortal]:
    running = RunningPortal(make_server(Portal(tmp_path / "portal.db"), "127.0.0.1", 0))
    running.portal.admit_enrol_code(CODE, TERMINAL, HALL)
    yield running
    running.stop()


@pytest.fixture
def admin(portal: RunningPortal) -> Admin:
    return Admin(portal.url)


@dataclass
class Terminal:
    data_dir: Path
    store: Store
    key: TerminalKey


@pytest.fixture
def terminal(tmp_path: Path, portal: RunningPortal) -> Iterator[Terminal]:
    data_dir = tmp_path / "terminal"
    store = open_store(data_dir / "tongban.db", create=True)
    key = enrol(
        data_dir,
        store,
        portal_url=portal.url,
        code=CODE,
        terminal_id=TERMINAL,
        hall=HALL,
        at=AT,
        timeouts=FAST,
    )
    yield Terminal(data_dir, store, key)
    store.close()


@pytest.fixture
def proxy(portal: RunningPortal) -> Iterator[FaultProxy]:
    p = FaultProxy(portal.server.server_address[1])
    yield p
    p.close()
