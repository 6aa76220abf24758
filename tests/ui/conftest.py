"""The window under pytest-qt, offscreen, on a fresh store with a signed-in clerk."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import Portal, RunningPortal, make_server
from terminal import clerks
from terminal.clock import now
from terminal.config import Config
from terminal.store import Store, open_store
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.context import AppContext
from ui.main_window import MainWindow

from ..sync.faultproxy import FaultProxy


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "tongban.db", create=True)
    clerks.add_clerk(
        store,
        username="wang.li",
        display_name="王丽",
        role=clerks.Role.CLERK,
        password="long-enough-1",
        actor="test",
        terminal="XH-W03",
        at=now(),
    )
    store.close()
    return tmp_path


@pytest.fixture
def ctx(data_dir: Path, qapp: object) -> Iterator[AppContext]:
    config = replace(
        Config(),
        terminal_id="XH-W03",
        window=3,
        printer=f"folder:{data_dir / 'prints'}",
        print_timeout_seconds=5,
    )
    prepare(application(), config)
    context = build_context(config, data_dir)
    context.clerk = clerks.Clerk("wang.li", "王丽", clerks.Role.CLERK)
    yield context
    shutdown(context)


@pytest.fixture
def window(ctx: AppContext, qtbot: QtBot) -> MainWindow:
    w = open_window(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    return w


@pytest.fixture
def reader_store(data_dir: Path) -> Iterator[Store]:
    """A second connection for the test's own look at the store (as another program would)."""
    store = open_store(data_dir / "tongban.db")
    yield store
    store.close()


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[RunningPortal]:
    """The reference portal on loopback, with its own database (a test module may seed it)."""
    running = RunningPortal(make_server(Portal(tmp_path / "portal.db"), "127.0.0.1", 0))
    yield running
    running.stop()


@pytest.fixture
def link(portal: RunningPortal) -> Iterator[FaultProxy]:
    """The terminal's network to the portal: the tests cut it and bring it back."""
    proxy = FaultProxy(portal.server.server_address[1])
    yield proxy
    proxy.close()


def enrol_terminal(
    data_dir: Path, portal: RunningPortal, url: str, terminal_id: str, hall: str, **more: object
) -> TerminalKey:
    """Enrol this data folder with the portal reached at ``url`` (direct, or through the
    ``link``), with a one-time code the portal admits for it."""
    code = f"ENROL-{terminal_id}-{data_dir.name}"
    portal.portal.admit_enrol_code(code, terminal_id, hall)
    store = open_store(data_dir / "tongban.db", create=True)
    try:
        return enrol(
            data_dir,
            store,
            portal_url=url,
            code=code,
            terminal_id=terminal_id,
            hall=hall,
            at=now(),
            **more,  # type: ignore[arg-type]
        )
    finally:
        store.close()
