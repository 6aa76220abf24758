"""``tongban demo``: the clerk's window with no hardware and no network set up.

A fresh data folder, a demo clerk already signed in, the folder printer, a
visible simulated reader (menu 模拟读卡, keys Ctrl+1…) that places one of several
invented citizens' cards on the real device thread, and the reference portal on
loopback (seeded with appointments, tickets and e-certificates) that the
terminal enrols with and syncs to, so a case can be watched reaching it.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from terminal import clerks
from terminal.clock import now
from terminal.config import Config
from terminal.identity import IdentityDocument
from terminal.store import open_store
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.bridge import Bridge
from ui.main_window import MainWindow
from ui.queue_link import QueueLink

if TYPE_CHECKING:
    from sync.portal.server import RunningPortal

DEMO_CLERK, DEMO_PASSWORD = "demo", "demo-password"
DEMO_ENROL_CODE = "DEMO-ENROL-0001"


def sample_cards() -> list[IdentityDocument]:
    """The simulated reader's invented citizens (devices/cards/samples.py)."""
    from devices.cards.samples import SAMPLE_CITIZENS

    return list(SAMPLE_CITIZENS.values())


def add_card_menu(
    window: MainWindow, place: Callable[[IdentityDocument], None] | None = None
) -> None:
    """A visible way to put a card on the simulated reader: menu 模拟读卡, Ctrl+1…"""
    menu = window.menuBar().addMenu(window.tr("模拟读卡"))
    for i, card in enumerate(sample_cards()[:9], start=1):
        action = QAction(f"{card.name}  {card.masked_id()}", window)
        action.setShortcut(QKeySequence(f"Ctrl+{i}"))
        action.triggered.connect(lambda _=False, c=card: (place or window.place_card)(c))
        menu.addAction(action)
        window.addAction(action)


def prepare_data(data_dir: Path) -> Config:
    config = replace(
        Config(), terminal_id="XH-W03", window=3, printer=f"folder:{data_dir / 'prints'}"
    )
    store = open_store(data_dir / "tongban.db", create=True)
    try:
        clerks.add_clerk(
            store,
            username=DEMO_CLERK,
            display_name="演示员",
            role=clerks.Role.CLERK,
            password=DEMO_PASSWORD,
            actor="demo",
            terminal=config.terminal_id,
            at=now(),
        )
        return config
    finally:
        store.close()


def start_portal(data_dir: Path, config: Config) -> RunningPortal:
    """The reference portal on loopback, seeded with appointments, tickets and e-certificates,
    and this terminal enrolled with it."""
    from sync.link.enrol import enrol
    from sync.portal import Portal, make_server
    from sync.portal.seed import seed_demo
    from sync.portal.server import RunningPortal

    portal = Portal(data_dir / "reference-portal.db")
    portal.admit_enrol_code(DEMO_ENROL_CODE, config.terminal_id, config.hall)
    seed_demo(portal, config.hall)
    running = RunningPortal(make_server(portal, "127.0.0.1", 0))
    store = open_store(data_dir / "tongban.db")
    try:
        enrol(
            data_dir,
            store,
            portal_url=running.url,
            code=DEMO_ENROL_CODE,
            terminal_id=config.terminal_id,
            hall=config.hall,
            at=now(),
        )
    finally:
        store.close()
    return running


def run_demo(args: argparse.Namespace) -> int:
    from devices.cards.simulated import SimulatedReader

    with tempfile.TemporaryDirectory(prefix="tongban-demo-") as folder:
        data_dir = Path(folder)
        config = prepare_data(data_dir)
        portal = start_portal(data_dir, config)
        config = replace(config, portal_url=portal.url)
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        bridge = Bridge(ctx)
        queue_link = QueueLink(ctx)
        try:
            ctx.clerk = clerks.Clerk(DEMO_CLERK, "演示员", clerks.Role.CLERK)
            window = open_window(ctx)
            reader = SimulatedReader()
            window.links.attach(bridge)
            bridge.start_reader(reader)
            bridge.start_sync(poll_seconds=3.0)
            queue_link.start()
            window.links.attach_queue(queue_link)
            add_card_menu(window, reader.place)
            window.resize(1280, 820)
            window.show()
            hint = window.tr("演示：菜单“模拟读卡”或 Ctrl+1…9 放置证件；平台 %1；打印输出到 %2")
            window.statusBar().showMessage(
                hint.replace("%1", portal.url).replace("%2", str(data_dir / "prints"))
            )
            if args.quit_after is not None:
                QTimer.singleShot(int(args.quit_after * 1000), app.quit)
            return int(app.exec())
        finally:
            shutdown(ctx)
            portal.stop()
