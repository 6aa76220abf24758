"""A file the portal completed and then lost from its disk is said as gone, not a crash."""

from __future__ import annotations

import pytest

from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.portal import RunningPortal
from sync.portal.uploads import stored_path
from terminal.catalogue import Catalogue

from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import TERMINAL, client_for
from .test_attachments import _http


def test_a_completed_file_missing_from_the_portal_s_disk_is_410_gone(
    terminal: Terminal,
    portal: RunningPortal,
    mini_catalogue: Catalogue,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Deleted, or a restore that missed it: the back office is told the file is gone and
    to restore it (410 attachment-gone), and the portal's log names it; not a 500."""
    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [5_000])
    ((sha, _),) = stored.items()
    client = client_for(terminal.key)
    sync_once(terminal.store, client, terminal=TERMINAL, attachments=UploadSettings(folder))
    stored_path(portal.portal, sha).unlink()
    answer = _http().get(f"{portal.url}/admin/attachments/{sha}", timeout=10)
    assert answer.status_code == 410, answer.text
    assert answer.json()["type"].endswith(":attachment-gone")
    assert any(sha in r.getMessage() for r in caplog.records)
