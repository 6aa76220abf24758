"""``tongban demo``: the clerk's window with no hardware and no network set up.

A fresh data folder, a demo clerk already signed in, the folder printer, and a
visible simulated reader (menu 模拟读卡, keys Ctrl+1…) that places one of several
invented citizens' cards.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from terminal import clerks
from terminal.clock import now
from terminal.config import Config
from terminal.identity import DocumentKind, ResidentIdCard, Sex, check_character
from terminal.store import open_store
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.main_window import MainWindow

DEMO_CLERK, DEMO_PASSWORD = "demo", "demo-password"


def _number(first17: str) -> str:
    return first17 + check_character(first17)


def sample_cards() -> list[ResidentIdCard]:
    """Invented citizens: valid numbers, one card expired, one with a wrong check character."""
    rows = [
        ("陈示例", "31010419880516002", Sex.FEMALE, date(1988, 5, 16), date(2036, 3, 1), True),
        ("李样本", "31011519560312004", Sex.MALE, date(1956, 3, 12), None, True),
        ("王演示", "34010219920815003", Sex.MALE, date(1992, 8, 15), date(2025, 1, 1), True),
        ("赵校验", "31010419750101001", Sex.MALE, date(1975, 1, 1), date(2030, 1, 1), False),
    ]
    cards = []
    for name, first17, sex, birth, valid_to, good in rows:
        number = (
            _number(first17)
            if good
            else first17 + ("0" if check_character(first17) != "0" else "1")
        )
        cards.append(
            ResidentIdCard(
                DocumentKind.RESIDENT_ID,
                name,
                number,
                sex,
                birth,
                date(2016, 3, 1),
                valid_to,
                None,
                "01",
                "上海市徐汇区示例路1号",
                "上海市公安局徐汇分局",
            )
        )
    return cards


def add_card_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu(window.tr("模拟读卡"))
    for i, card in enumerate(sample_cards(), start=1):
        action = QAction(f"{card.name}  {card.masked_id()}", window)
        action.setShortcut(QKeySequence(f"Ctrl+{i}"))
        action.triggered.connect(lambda _=False, c=card: window.place_card(c))
        menu.addAction(action)
        window.addAction(action)


def prepare_data(data_dir: Path) -> Config:
    config = replace(
        Config(), terminal_id="XH-W03", window=3, printer=f"folder:{data_dir / 'prints'}"
    )
    store = open_store(data_dir / "tongban.db")
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


def run_demo(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="tongban-demo-") as folder:
        data_dir = Path(folder)
        config = prepare_data(data_dir)
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        try:
            ctx.clerk = clerks.Clerk(DEMO_CLERK, "演示员", clerks.Role.CLERK)
            window = open_window(ctx)
            add_card_menu(window)
            window.resize(1280, 820)
            window.show()
            window.statusBar().showMessage(
                window.tr("演示：菜单“模拟读卡”或 Ctrl+1…4 放置证件；打印输出到 %1").replace(
                    "%1", str(data_dir / "prints")
                )
            )
            if args.quit_after is not None:
                QTimer.singleShot(int(args.quit_after * 1000), app.quit)
            return int(app.exec())
        finally:
            shutdown(ctx)
