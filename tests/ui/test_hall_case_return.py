"""The citizen whose 补正 notice came from window 1 is called to window 3 (review 4, finding 1):
Ctrl+B with the notice's QR finds nothing here, so the clerk is asked for the applicant's last
four, the case comes from the portal, and the return is accepted in the same case; the
portal has it from window 3. Offline, the clerk reads where the citizen can be served."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from sync.engine import sync_once
from sync.link.client import PortalClient
from sync.portal import RunningPortal
from sync.worker import Backoff
from terminal import casebook, clerks, journal
from terminal.clock import now
from terminal.store import Store, open_store
from ui.app import build_context, open_window, shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.lookup_dialog import LookupDialog

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_comeback_by_receipt import notice_at_the_window
from .test_counter_flow import fill
from .test_full_flow import LIN


@pytest.fixture
def first_window(
    ctx: AppContext, portal: RunningPortal, tmp_path: Path, qtbot: QtBot
) -> Iterator[tuple[MainWindow, Path]]:
    """Window 1 of the same hall, with its own store: where the notice was given."""
    data_dir = tmp_path / "window1"
    data_dir.mkdir()
    store = open_store(data_dir / "tongban.db", create=True)
    clerks.add_clerk(store, username="zhang.min", display_name="张敏", role=clerks.Role.CLERK,
                     password="long-enough-1", actor="test", terminal="XH-W01", at=now())  # fmt: skip
    store.close()
    config = replace(ctx.config, terminal_id="XH-W01", window=1,
                     printer=f"folder:{data_dir / 'prints'}")  # fmt: skip
    other = build_context(config, data_dir)
    other.clerk = clerks.Clerk("zhang.min", "张敏", clerks.Role.CLERK)
    window = open_window(other)
    qtbot.addWidget(window)
    window.show()
    yield window, data_dir
    shutdown(other)


def _answers(receipt: str, last4: str = "") -> Any:
    """The lookup dialog (ui/widgets/lookup_dialog.py): the receipt scanned and the applicant's
    last four typed with it, as the citizen says them."""

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, LookupDialog)
        dialog.number.setText(receipt)
        dialog.last4.setText(last4)
        return True

    return run


def test_window_3_takes_the_return_of_window_1s_notice(
    first_window: tuple[MainWindow, Path], window: MainWindow, ctx: AppContext,
    portal: RunningPortal, link: FaultProxy, qtbot: QtBot, reader_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    window1, dir1 = first_window
    receipt = notice_at_the_window(window1, qtbot)
    key1 = enrol_terminal(dir1, portal, portal.url, "XH-W01", ctx.config.hall)
    store1 = open_store(dir1 / "tongban.db")
    try:
        client = PortalClient(portal.url, key1, trust_env=False)
        for _ in range(5):
            if sync_once(store1, client, terminal="XH-W01").status.waiting == 0:
                break
        case_id = casebook.find(store1, receipt).id
    finally:
        store1.close()
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    # The QR scanned at window 3, then the applicant's last four, told by the citizen.
    monkeypatch.setattr(window, "run_dialog", _answers(receipt, LIN.id_number[-4:]))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=15000)
    editor = window.editor
    assert editor.case_id == case_id and receipt in editor.comeback.text()
    fetched = [
        e for e in journal.recent(reader_store.conn, 20) if e.action == "case.fetched_from_hall"
    ]
    assert [(e.actor, e.details["recorded_by"]) for e in fetched] == [("wang.li", "XH-W01")]
    editor.materials.take_all()
    fill(window, "residence_address", "北京市朝阳区样本街1号院", qtbot)
    fill(window, "residence_start_date", "2026-05-01", qtbot)
    fill(window, "applicant_phone", "13900000001", qtbot)
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, receipt).decision == "accepted", timeout=5000
    )
    assert casebook.find(reader_store, receipt).id == case_id  # the same case, same receipt
    window.links.sync_now()

    def portal_events() -> list[tuple[str, str]]:
        with portal.portal.db.read() as conn:
            rows = conn.execute(
                "SELECT kind, json_extract(body, '$.terminal_id') FROM case_events WHERE case_id = ?",
                (case_id,),
            ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    qtbot.waitUntil(lambda: portal_events() == [("materials_complete", "XH-W03")], timeout=15000)


def test_offline_the_clerk_is_told_where_to_serve_the_citizen(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window, "run_dialog", _answers("XH-W01-20261126-0001"))
    window.actions_by_name["comeback"].trigger()  # not enrolled: no portal to ask
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None
    said = window.last_warning.text()
    assert "XH-W01-20261126-0001" in said and "原受理窗口" in said
    assert window.editor.returning is None


def test_with_the_portal_unreachable_the_clerk_is_told_so(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    link.refuse()  # the network is down, the terminal enrolled
    monkeypatch.setattr(window, "run_dialog", _answers("XH-W01-20261126-0001", "1234"))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=20000)
    assert window.last_warning is not None
    said = window.last_warning.text()
    assert "连不上平台" in said and "原受理窗口" in said
    assert window.editor.returning is None
