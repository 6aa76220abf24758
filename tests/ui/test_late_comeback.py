"""A citizen back after the notice's deadline (review 5, finding 14): the window says so
before the clerk accepts; accepted anyway (the hall decides), the return is recorded late."""

from __future__ import annotations

import json
from typing import Any

from pytestqt.qtbot import QtBot

from terminal import casebook, journal
from terminal.store import Store
from ui.context import AppContext
from ui.main_window import MainWindow

from .test_comeback_by_receipt import notice_at_the_window, scanning
from .test_counter_flow import fill


def test_a_late_return_is_said_before_accepting_and_recorded_late(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    notice = notice_at_the_window(window, qtbot)
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    window.ctx.store_jobs.wait_idle()
    # The notice's last day was long ago (recorded with the case, as the notice printed it).
    case_id = casebook.find(reader_store, notice).id

    def backdate(store: Store) -> None:
        row = store.conn.execute("SELECT materials FROM cases WHERE id = ?", (case_id,))
        materials = json.loads(row.fetchone()[0])
        materials["return_by"] = "2020-01-10"
        with store.write():
            store.conn.execute(
                "UPDATE cases SET materials = ? WHERE id = ?", (json.dumps(materials), case_id)
            )

    window.ctx.store_jobs.submit(backdate)
    window.ctx.store_jobs.wait_idle()
    monkeypatch.setattr(window, "run_dialog", scanning(notice))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    editor = window.editor
    assert "已超过补正期限（2020-01-10）" in editor.comeback.text()
    editor.materials.take_all()
    fill(window, "residence_address", "北京市朝阳区样本街1号院", qtbot)
    fill(window, "residence_start_date", "2026-05-01", qtbot)
    fill(window, "applicant_phone", "13900000001", qtbot)
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, notice).decision == "accepted", timeout=5000
    )
    entry = next(
        e for e in journal.recent(reader_store.conn, 50) if e.action == "case.materials_complete"
    )
    assert entry.details["late"]["return_by"] == "2020-01-10"
    assert entry.details["late"]["days_late"] > 0
