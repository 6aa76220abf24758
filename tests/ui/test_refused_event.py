"""A void the portal refused is said in the window (review 4, finding 2): the clerk, who may
have handed the citizen a void record, reads what the case is now, once."""

from __future__ import annotations

from dataclasses import replace

from sync.state import RefusedEvent, SyncStatus
from sync.worker import SyncEvent
from ui.main_window import MainWindow

STATUS = SyncStatus(
    enrolled=True, portal_url="https://portal", key_id="k", online=True, offline_since=None,
    last_success=None, last_attempt=None, problem=None, problem_needs_it=False, waiting=0,
)  # fmt: skip
REFUSED = RefusedEvent(7, "c", "XH-W01-20261126-0001", "voided", "completed", "2026-11-26")


def test_the_clerk_reads_that_the_void_did_not_take(window: MainWindow) -> None:
    window.links.on_sync_event(SyncEvent("status", status=STATUS))
    assert window.statusBar().currentMessage() == ""
    window.links.on_sync_event(
        SyncEvent("status", status=replace(STATUS, refused_events=[REFUSED]))
    )
    said = window.statusBar().currentMessage()
    assert "XH-W01-20261126-0001" in said and "作废" in said and "已办结" in said
    window.statusBar().clearMessage()
    window.links.on_sync_event(
        SyncEvent("status", status=replace(STATUS, refused_events=[REFUSED]))
    )
    assert window.statusBar().currentMessage() == ""  # said once, not at every pass
