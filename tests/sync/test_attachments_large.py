"""A scan larger than one request (16 MiB) still reaches the portal, in chunks."""

from __future__ import annotations

from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal.catalogue import Catalogue

from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import TERMINAL, client_for


def test_a_scan_bigger_than_one_request_still_reaches_the_portal(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    """A 40-page colour scan is easily over 16 MiB: the portal takes it chunk by chunk."""
    folder = terminal.data_dir / "attachments"
    size = 16 * 1024 * 1024 + 4096
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [size])
    ((sha, _),) = stored.items()
    settings = UploadSettings(folder, chunk_bytes=4 * 1024 * 1024)
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL, attachments=settings)
    state = terminal.store.conn.execute(
        "SELECT state FROM attachment_uploads WHERE sha256 = ?", (sha,)
    ).fetchone()[0]
    assert state == "confirmed"
    assert taken(portal.portal)[sha] == {
        "length": size,
        "taken": size,
        "restarts": 0,
        "complete": 1,
    }
