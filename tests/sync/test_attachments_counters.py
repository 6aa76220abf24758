"""Two counters of one hall hold the same file (the same e-document PDF): either can send
it, whoever began it; neither learns anything of a file its own cases do not list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sync.attachments import wire
from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.link import protocol
from sync.link.answers import Taken
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal.catalogue import Catalogue
from terminal.store import Store, open_store

from . import attaching
from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import AT, FAST, HALL, TERMINAL, client_for

OTHER = "XH-W02"


@dataclass
class Other:
    store: Store
    key: TerminalKey
    folder: Path


@pytest.fixture
def other(tmp_path: Path, portal: RunningPortal) -> Any:
    """A second counter of the same hall."""
    portal.portal.admit_enrol_code("CODE-FOR-W02", OTHER, HALL)
    data_dir = tmp_path / "other"
    store = open_store(data_dir / "tongban.db", create=True)
    key = enrol(
        data_dir,
        store,
        portal_url=portal.url,
        code="CODE-FOR-W02",
        terminal_id=OTHER,
        hall=HALL,
        at=AT,
        timeouts=FAST,
    )
    yield Other(store, key, data_dir / "attachments")
    store.close()


def _push(store: Store, client: PortalClient, case_id: str) -> None:
    body = store.conn.execute("SELECT body FROM outbox WHERE case_id = ?", (case_id,)).fetchone()
    assert isinstance(client.push_one(protocol.PATH_CASES, case_id, body[0]), Taken)


def _state(store: Store, sha: str) -> str:
    row = store.conn.execute("SELECT state FROM attachment_uploads WHERE sha256 = ?", (sha,))
    return str(row.fetchone()[0])


def test_a_file_another_counter_began_and_left_is_sent_by_this_one_online(
    terminal: Terminal,
    other: Other,
    portal: RunningPortal,
    mini_catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counter 1 began the upload and went quiet (switched off, its file lost); counter 2,
    holding the same bytes, stays online and its file reaches the portal (it was offline,
    'ask IT', every pass: a 404 on another's upload read as a wrong address)."""
    folder1 = terminal.data_dir / "attachments"
    (case1,), stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder1, 1, [300_000]
    )
    ((sha, data),) = stored.items()
    c1 = client_for(terminal.key)
    _push(terminal.store, c1, case1)
    wire.create(c1, sha, len(data), case1)
    part = data[:100_000]
    wire.send_chunk(c1, sha, len(data), 0, part, protocol.chunk_checksum(part))

    monkeypatch.setattr(attaching, "TERMINAL", OTHER)  # counter 2's cases name counter 2
    record_cases_with_files(other.store, mini_catalogue, other.folder, 1, [300_000], start=5)
    c2 = client_for(other.key)
    settings = UploadSettings(other.folder, chunk_bytes=64 * 1024)
    summaries = [sync_once(other.store, c2, terminal=OTHER, attachments=settings) for _ in range(3)]
    assert all(s.online for s in summaries), summaries[-1].problem
    assert _state(other.store, sha) == "confirmed", _error(other.store, sha)
    assert taken(portal.portal)[sha]["complete"]


def test_a_counter_learns_nothing_of_a_file_its_cases_do_not_list(
    terminal: Terminal, other: Other, mini_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counter 2 knows (or guesses) the hash of a document, e.g. a citizen's ID scan: asking
    for that upload under its own case, which does not list it, is refused (422) before
    anything is said of it (it was answered with counter 1's length, offset, complete)."""
    folder1 = terminal.data_dir / "attachments"
    (case1,), stored = record_cases_with_files(terminal.store, mini_catalogue, folder1, 1, [40_000])
    ((sha, data),) = stored.items()
    c1 = client_for(terminal.key)
    _push(terminal.store, c1, case1)
    wire.create(c1, sha, len(data), case1)
    wire.send_chunk(c1, sha, len(data), 0, data, protocol.chunk_checksum(data))

    monkeypatch.setattr(attaching, "TERMINAL", OTHER)
    (case2,), _ = record_cases_with_files(
        other.store, mini_catalogue, other.folder, 1, [1000], seed=9, start=3
    )
    c2 = client_for(other.key)
    _push(other.store, c2, case2)
    with pytest.raises(wire.UploadRefused):
        wire.create(c2, sha, len(data), case2)
    assert wire.state_of(c2, sha, len(data)) is None  # no upload it may see
    with pytest.raises(wire.UploadRefused):  # nor write into (the file's refusal, not the link's)
        wire.send_chunk(c2, sha, len(data), len(data), b"x", protocol.chunk_checksum(b"x"))


def _error(store: Store, sha: str) -> str:
    row = store.conn.execute(
        "SELECT attempts, last_error FROM attachment_uploads WHERE sha256 = ?", (sha,)
    ).fetchone()
    return f"attempts={row[0]} last_error={row[1]}"


def test_an_upload_begun_at_a_wrong_length_does_not_keep_the_file_out(
    terminal: Terminal,
    other: Other,
    portal: RunningPortal,
    mini_catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counter 2 (a bug, a modified build) lists counter 1's hash at a wrong size and begins
    its upload at that length: counter 1 still sends its file, online, whole."""
    folder1 = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder1, 1, [30_000])
    ((sha, data),) = stored.items()

    monkeypatch.setattr(attaching, "TERMINAL", OTHER)
    (case2,), _ = record_cases_with_files(
        other.store, mini_catalogue, other.folder, 1, [1000], seed=9, start=3
    )
    c2 = client_for(other.key)
    _push(other.store, c2, case2)
    with portal.portal.db.write() as conn:
        conn.execute(
            "UPDATE cases SET body = json_set(body, '$.attachments[0].sha256', ?) WHERE case_id = ?",
            (sha, case2),
        )
    assert wire.create(c2, sha, 1000, case2).length == 1000

    settings = UploadSettings(folder1)
    c1 = client_for(terminal.key)
    summaries = [
        sync_once(terminal.store, c1, terminal=TERMINAL, attachments=settings) for _ in range(2)
    ]
    assert all(s.online for s in summaries), summaries[-1].problem
    assert _state(terminal.store, sha) == "confirmed", _error(terminal.store, sha)
    assert taken(portal.portal)[sha] == {
        "length": len(data),
        "taken": len(data),
        "restarts": 1,
        "complete": 1,
    }
