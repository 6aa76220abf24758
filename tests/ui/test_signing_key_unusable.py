"""Review 8, finding 7: an enrolled counter whose portal key cannot be used (mode 0644 after a
restore from a backup, a corrupt secret) must not quietly make signature envelopes without
their tie, nor fall over with a traceback: the clerk reads what is wrong and what to do, the
pad does not open, and nothing that needed the signature is done."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from sync.link.keys import TerminalKey, key_path, save_key
from sync.portal import RunningPortal
from sync.worker import Backoff
from terminal.catalogue import Catalogue
from terminal.store import Store
from ui.bridge import Bridge
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.handover_dialog import HandoverDialog

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_counter_flow import start_residence_permit
from .test_full_flow import LIN, lins_notice
from .test_handover_flow import _ready

KEY = TerminalKey("k_local", base64.urlsafe_b64encode(b"s" * 32).decode(),
                  "https://portal.invalid", "XH-W01", "2026-12-01T09:00:00+08:00")  # fmt: skip


def _warned(window: MainWindow, qtbot: QtBot) -> str:
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None
    return str(window.last_warning.text())


def test_a_key_others_can_read_stops_the_notices_signature_with_a_sentence(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    ctx.config = replace(ctx.config, sign_decisions=("needs_correction",))
    save_key(ctx.data_dir, KEY).chmod(0o644)  # restored from a backup, too open
    pads: list[QDialog] = []
    monkeypatch.setattr(window, "run_dialog", lambda dialog: pads.append(dialog) or True)
    lins_notice(window)
    said = _warned(window, qtbot)
    assert "本次签名未进行" in said and "chmod 600" in said and not pads
    window.ctx.store_jobs.wait_idle()
    assert reader_store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_corrupt_key_stops_the_promise_with_a_sentence_not_a_traceback(
    window: MainWindow, qtbot: QtBot
) -> None:
    path = save_key(window.ctx.data_dir, KEY)
    path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), "secret_b64": "%%"}))
    start_residence_permit(window, qtbot)
    row = window.editor.materials.rows["CL-ZLHT"]
    row.pledge.setChecked(True)
    said = _warned(window, qtbot)
    assert "本次签名未进行" in said and str(key_path(window.ctx.data_dir)) in said
    assert window.signing is None and not row.pledge.isChecked()
    assert "CL-ZLHT" not in window.editor.materials.pledges


def test_a_key_made_too_open_stops_the_handover_before_the_pad(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    window.place_card(LIN)
    window.actions_by_name["handover"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, HandoverDialog))
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    key_path(ctx.data_dir).chmod(0o644)  # restored from a backup while the counter runs
    dialog.items[0].setChecked(True)
    dialog.confirm_button.click()
    assert "本次签名未进行" in dialog.message.text() and window.signing is None
    with portal.portal.db.read() as conn:
        assert conn.execute("SELECT state FROM results").fetchone()[0] == "ready"
    dialog.reject()
