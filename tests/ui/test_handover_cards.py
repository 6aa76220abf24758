"""Cards read while 出件 is open, or while the window is locked (review 8, findings 3 and 4):
the collector's own card lifted and put back still leaves with them; another card, once the
collector has signed, changes nothing of the handover under way; a locked window takes none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sync.portal import RunningPortal
from sync.worker import Backoff
from terminal import handover
from terminal.catalogue import Catalogue
from terminal.store import Store
from ui.bridge import Bridge
from ui.context import AppContext
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow
from ui.widgets.agent_question import AgentQuestion
from ui.widgets.handover_dialog import HandoverDialog

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_full_flow import LIN
from .test_handover_flow import CHEN, _ready, _sign


@pytest.fixture(autouse=True)
def _no_dialog_left(qtbot: QtBot) -> Iterator[None]:
    """Deleted, not only closed: tests/ui/test_handover_flow.py looks among all windows."""
    yield
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, HandoverDialog):
            dialog.close()
            dialog.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _open(window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy,
          qtbot: QtBot, cat: Catalogue, tmp_path: Path) -> tuple[str, HandoverDialog]:  # fmt: skip
    case_id, _receipt = _ready(tmp_path, portal, cat, ctx.config.hall)
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=3600, backoff=Backoff(base=0.1, cap=0.5))
    window.place_card(LIN)  # the collector's card, on the case on screen
    window.actions_by_name["handover"].trigger()
    dialog = window.findChild(HandoverDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    dialog.items[0].setChecked(True)
    return case_id, dialog


def test_the_collectors_own_card_put_back_still_leaves_with_them(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    reader_store: Store, mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    case_id, dialog = _open(window, ctx, portal, link, qtbot, mini_catalogue, tmp_path)
    window.place_card(LIN)  # lifted and put back
    assert dialog.card_of_the_case
    dialog.confirm_button.click()
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: handover.handed(reader_store.conn, case_id) is not None, timeout=15000)
    qtbot.waitUntil(lambda: window.editor.applicant.applicant() is None, timeout=5000)


def test_after_the_signature_another_card_changes_nothing(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path, monkeypatch: Any,
) -> None:  # fmt: skip
    _case_id, dialog = _open(window, ctx, portal, link, qtbot, mini_catalogue, tmp_path)
    bridge = window.links.bridge
    assert bridge is not None
    held: list[Any] = []
    monkeypatch.setattr(bridge, "ask_portal", lambda q, done: held.append((q, done)) or True)
    dialog.confirm_button.click()
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: bool(held), timeout=5000)  # the handover, with the portal
    window.place_card(CHEN)
    assert dialog.card is not None and dialog.card.id_number == LIN.id_number
    assert "正在向平台确认" in dialog.message.text()
    assert CHEN.name[0] not in dialog.collector.text()


def test_a_locked_window_takes_no_card(window: MainWindow, qtbot: QtBot) -> None:
    window.place_card(LIN)
    editor = window.editor
    lock = IdleLock(window, 5)
    window.idle_lock = lock
    lock.lock()
    window.place_card(CHEN)  # a citizen at the reader while the clerk is away
    assert window.editor is editor
    assert not any(q.isVisible() for q in window.findChildren(AgentQuestion))
    applicant = editor.applicant.applicant()
    assert applicant is not None and applicant.name == LIN.name
