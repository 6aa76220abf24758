"""The kiosk's status page tells the citizen who gave a 差评 that it was followed up: a low
rating at the kiosk opens a follow-up there; a supervisor at a counter of the hall records
the 整改 and the 回访; the portal's status answer carries it to the kiosk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sync.engine import sync_once
from sync.link.client import PortalClient
from sync.link.keys import load_key
from sync.portal.server import RunningPortal
from terminal import clerks, followups
from terminal.clock import now
from terminal.ratings import LOW_REASONS
from terminal.store import Store, open_store
from ui.context import AppContext
from ui.kiosk.window import KioskWindow

from ..sync.faultproxy import FaultProxy
from .kiosk_steps import ask as ask_status
from .kiosk_steps import status_page
from .test_kiosk_rating import (  # noqa: F401  (fixtures)
    COUNTER,
    FIRST,
    Counter,
    ask,
    counter,
    kiosk,
    kiosk_sync,
    rate_page,
)

SUPERVISOR = clerks.Clerk("li.zhuguan", "李主管", clerks.Role.SUPERVISOR)


def _touch(qtbot: QtBot, page: QWidget, text: str) -> None:
    (button,) = [b for b in page.findChildren(QPushButton) if b.isVisible() and b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _at_the_counter(tmp_path: Path, portal: RunningPortal, step: str) -> None:
    """The hall's supervisor, at the counter terminal: the feed brings the follow-up; one step."""
    data_dir = tmp_path / "counter"
    store = open_store(data_dir / "tongban.db")
    client = PortalClient(portal.url, load_key(data_dir), trust_env=False)
    sync_once(store, client, terminal=COUNTER)
    (f,) = followups.listed(store.conn)
    if step == "rectify":
        followups.rectify(store, f.id, "已整改", by=SUPERVISOR, terminal=COUNTER, at=now())
    else:
        followups.revisit(
            store, f.id, reached=True, satisfied=True, how="phone", by=SUPERVISOR,
            terminal=COUNTER, at=now(),
        )  # fmt: skip
    sync_once(store, client, terminal=COUNTER)
    client.close()
    store.close()


def test_the_status_page_says_the_rating_was_followed_up(
    kiosk: KioskWindow,  # noqa: F811
    qtbot: QtBot,
    counter: Counter,  # noqa: F811
    link: FaultProxy,
    portal: RunningPortal,
    ctx: AppContext,
    tmp_path: Path,
    reader_store: Store,
) -> None:
    receipt, last4 = counter.receipts[0], FIRST[1]
    page = rate_page(kiosk)
    ask(page, qtbot, receipt, last4)
    _touch(qtbot, page, "非常不满意")
    _touch(qtbot, page, LOW_REASONS["wait"])
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    assert [f.state for f in followups.listed(reader_store.conn)] == ["open"]
    kiosk_sync(ctx, link)
    status = status_page(kiosk)
    answer = ask_status(status, qtbot, receipt, last4, receipt)
    assert "已整改" not in answer  # open: nothing to say yet
    _at_the_counter(tmp_path, portal, "rectify")
    status.form.clear()
    answer = ask_status(status, qtbot, receipt, last4, "已整改")
    assert "您对本办件的评价已处理：已整改。" in answer
    _at_the_counter(tmp_path, portal, "revisit")
    status.form.clear()
    answer = ask_status(status, qtbot, receipt, last4, "已回访")
    assert "已整改、已回访" in answer
