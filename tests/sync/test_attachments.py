"""Captured materials reach the portal whole, once, behind their cases."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from sync.attachments.upload import UploadSettings
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal import journal
from terminal.catalogue import Catalogue

from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import client_for, drain


def _admin_file(url: str, sha: str) -> requests.Response:
    http = requests.Session()
    http.trust_env = False
    return http.get(f"{url}/admin/attachments/{sha}", timeout=10)


def test_files_arrive_whole_and_the_back_office_opens_them(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = terminal.data_dir / "attachments"
    ids, stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 3, [700_000, 90_000]
    )
    client = client_for(terminal.key)
    settings = UploadSettings(folder, chunk_bytes=128 * 1024)
    drain(terminal.store, client, attachments=settings)
    held = taken(portal.portal)
    assert set(held) == set(stored)
    for sha, data in stored.items():
        assert held[sha]["complete"] and held[sha]["taken"] == len(data)  # each byte once
        answer = _admin_file(portal.url, sha)
        assert answer.status_code == 200 and answer.content == data
    states = terminal.store.conn.execute(
        "SELECT state, count(*) FROM attachment_uploads GROUP BY state"
    ).fetchall()
    assert [tuple(r) for r in states] == [("confirmed", 6)]
    # The journal says who captured each file, and that the portal confirmed it.
    decided = [e for e in journal.recent(terminal.store.conn, 500) if e.action == "case.decided"]
    hashes = {a["sha256"]: a["captured_by"] for e in decided for a in e.details["attachments"]}
    assert hashes == dict.fromkeys(stored, "test.clerk")
    confirmed = [e.subject for e in journal.recent(terminal.store.conn, 500)]
    assert (
        sum(
            1
            for e in journal.recent(terminal.store.conn, 500)
            if e.action == "attachment.confirmed"
        )
        == 6
    )
    assert set(stored) <= set(confirmed)
    # Nothing is sent again: another pass sends no byte.
    drain(terminal.store, client, attachments=settings)
    assert taken(portal.portal) == held
    # The back office lists a case's files.
    http = requests.Session()
    http.trust_env = False
    listed = http.get(f"{portal.url}/admin/cases/{ids[0]}/attachments", timeout=10).json()
    assert [a["exists"] for a in listed["attachments"]] == [True, True]
    assert json.dumps(listed)
