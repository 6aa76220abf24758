"""The status bar tells the clerk how many scans still wait for the portal, and how the one
in flight is going, from the sync worker's events (never from a query on the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from sync.attachments.upload import UploadProgress
from sync.worker import SyncEvent
from ui.main_window import MainWindow


def test_scans_waiting_and_the_one_in_flight_show_in_the_status_bar(
    window: MainWindow, tmp_path: Path
) -> None:
    status = window.status
    assert not status.files.isVisibleTo(window)  # nothing captured, nothing said
    progress = UploadProgress(3, 2_500_000, "ab" * 32, 150_000, 600_000)
    window.links.on_sync_event(SyncEvent("upload", upload=progress))
    assert status.files.isVisibleTo(window)
    text = status.files.text()
    assert "3" in text and "2.5 MB" in text and "25%" in text
    shots = Path("/work/helpers/shots-upload")
    if shots.is_dir():
        window.grab().save(str(shots / "status_bar_upload.png"))
    # The pass ends with everything confirmed: the figure goes.
    status.set_attachments(0, 0)
    assert not status.files.isVisibleTo(window)
