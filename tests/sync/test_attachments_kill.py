"""Syncing processes killed with SIGKILL in the middle of a file: each next one resumes from
the portal's offset, and every byte of the file is written at the portal exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sync.attachments.upload import UploadSettings
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal import journal
from terminal.catalogue import Catalogue

from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import client_for
from .test_attachments import assert_arrived_once, drain_files

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
from pathlib import Path
from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.link.client import PortalClient, Timeouts
from sync.link.keys import load_key
from terminal.store import open_store

data = Path(sys.argv[1])
store = open_store(data / "tongban.db")
key = load_key(data)
client = PortalClient(key.portal_url, key, trust_env=False, timeouts=Timeouts(2.0, 5.0, 10.0))
settings = UploadSettings(data / "attachments", cap_bytes_per_second=int(sys.argv[2]),
                          chunk_bytes=32 * 1024)
while True:
    sync_once(store, client, terminal=sys.argv[3], attachments=settings)
    time.sleep(0.05)
"""
SIZE = 1_000_000


def _child(data_dir: Path, cap: int, terminal_id: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(cap), terminal_id], cwd=ROOT, env=env
    )


def test_sigkill_mid_file_resumes_from_the_offset(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [SIZE])
    ((sha, _),) = stored.items()
    kills = []
    for quarter in (1, 2, 3):  # three processes, each killed further into the same file
        child = _child(terminal.data_dir, 400_000, terminal.key.terminal_id)
        try:
            deadline = time.monotonic() + 30
            while taken(portal.portal).get(sha, {}).get("taken", 0) < SIZE * quarter // 4:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(10)
        kills.append(taken(portal.portal)[sha])
    assert [k["complete"] for k in kills] == [0, 0, 0]
    assert kills[0]["taken"] < kills[1]["taken"] < kills[2]["taken"] < SIZE
    # A fourth process (here: this one) takes over from where the portal stands.
    drain_files(
        terminal.store,
        client_for(terminal.key),
        attachments=UploadSettings(folder, chunk_bytes=32 * 1024),
    )
    assert_arrived_once(portal, stored)  # each byte written once: nothing sent from 0 again
    confirmed = [
        e for e in journal.recent(terminal.store.conn, 100) if e.action == "attachment.confirmed"
    ]
    assert [e.subject for e in confirmed] == [sha]
    assert journal.verify(terminal.store.conn).ok
