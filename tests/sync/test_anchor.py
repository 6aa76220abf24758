"""The journal anchored at the portal: a store started afresh, restored from an old copy or
cut short is caught even though its own chain is consistent; a lost answer is not a fork."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sync import journal_anchor as anchor
from sync import state
from sync.engine import sync_once
from sync.report import status_lines
from sync.state import read_status
from terminal import journal
from terminal.catalogue import Catalogue
from terminal.i18n import set_language
from terminal.store import Store, open_store

from .conftest import Terminal
from .helpers import TERMINAL, Admin, client_for, drain, record_cases

ROOT = Path(__file__).resolve().parents[2]


def _verify(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "terminal.cli",
            "--data-dir",
            str(data_dir),
            "--lang",
            "en",
            "journal",
            "verify",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_each_pass_anchors_the_head_and_verify_compares_with_the_portal(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    record_cases(terminal.store, mini_catalogue, 2)
    client = client_for(terminal.key)
    drain(terminal.store, client)
    seq, digest = journal.head(terminal.store.conn)
    # The portal tells the number it keeps, and whether a hash is the kept one; never the hash.
    assert anchor.kept_head(client) == {"kept_seq": seq, "holds": None}
    assert anchor.kept_head(client, seq, digest)["holds"] is True
    assert anchor.kept_head(client, seq, "0" * 64)["holds"] is False
    assert read_status(terminal.store.conn).journal_fork is None
    done = _verify(terminal.data_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "anchored at the portal" in done.stdout


def test_a_store_started_afresh_is_caught_and_cases_still_flow(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    record_cases(terminal.store, mini_catalogue, 2)
    client = client_for(terminal.key)
    drain(terminal.store, client)
    # Someone removes the store and makes a new one beside the kept key file (a clerk
    # erasing the trail, or a careless reinstall): its chain is consistent, and shorter.
    fresh = _afresh(terminal)
    (new_case,) = record_cases(fresh, mini_catalogue, 1, start=10)
    summary = sync_once(fresh, client, terminal=TERMINAL)
    assert summary.online  # a fork is not a lost link: the new case went to the portal
    assert new_case in [c["case_id"] for c in admin.cases()]
    fork = read_status(fresh.conn).journal_fork
    assert fork is not None and fork["local"] in ("missing", "other")
    # Someone holding the terminal's key cannot talk the portal round either: it does not
    # say the hash it keeps, and a made-up one does not continue its record.
    kept_seq = fork["portal_seq"]
    seq, digest = journal.head(fresh.conn)
    forged_since = {"seq": kept_seq, "hash": "f" * 64}
    assert anchor.report_head(client, seq + kept_seq, digest, forged_since) == (False, kept_seq)
    set_language("en")
    assert any(
        "does not match the portal's record" in line for line in status_lines(summary.status)
    )
    fresh.close()
    done = _verify(terminal.data_dir)
    assert done.returncode == 1
    assert "rebuilt, rolled back" in done.stdout


def test_a_store_rolled_back_to_an_old_copy_is_caught(
    terminal: Terminal, mini_catalogue: Catalogue, tmp_path: Path
) -> None:
    client = client_for(terminal.key)
    record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client)
    copy = tmp_path / "old.db"
    terminal.store.conn.execute("VACUUM INTO ?", (str(copy),))
    record_cases(terminal.store, mini_catalogue, 2, start=5)
    drain(terminal.store, client)
    path = terminal.store.path
    terminal.store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copy(copy, path)
    old = open_store(path)
    try:
        sync_once(old, client, terminal=TERMINAL)
        fork = read_status(old.conn).journal_fork
        assert fork is not None and fork["local"] == "missing"
        # Journaled once, however many passes see it.
        sync_once(old, client, terminal=TERMINAL)
        noted = old.conn.execute(
            "SELECT count(*) FROM journal WHERE action = 'journal.anchor_fork'"
        ).fetchone()[0]
        assert noted == 1
    finally:
        old.close()


def test_a_lost_acknowledgement_is_not_a_fork(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    client = client_for(terminal.key)
    record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client)
    before = state.get(terminal.store.conn, anchor.STATE_KEY)
    record_cases(terminal.store, mini_catalogue, 1, start=3)
    drain(terminal.store, client)
    # The portal moved its record, but its answer never came back: ours is one step behind.
    with terminal.store.write():
        state.put(terminal.store.conn, anchor.STATE_KEY, before)
    record_cases(terminal.store, mini_catalogue, 1, start=6)
    drain(terminal.store, client)
    assert read_status(terminal.store.conn).journal_fork is None
    assert state.get(terminal.store.conn, anchor.STATE_KEY)["state"] == "ok"


def test_after_the_portal_resets_its_record_the_journal_anchors_afresh(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    client = client_for(terminal.key)
    record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client)
    fresh = _afresh(terminal)
    try:
        sync_once(fresh, client, terminal=TERMINAL)
        assert read_status(fresh.conn).journal_fork is not None
        # The portal's operators looked (a machine replaced, the old disk lost) and reset.
        admin.post(f"/admin/journal-heads/{TERMINAL}/reset")
        sync_once(fresh, client, terminal=TERMINAL)
        assert read_status(fresh.conn).journal_fork is None
        seq, digest = journal.head(fresh.conn)
        assert anchor.kept_head(client, seq, digest) == {"kept_seq": seq, "holds": True}
    finally:
        fresh.close()


def _afresh(terminal: Terminal) -> Store:
    """The store removed and made anew beside the kept key file."""
    path = terminal.store.path
    terminal.store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return open_store(path, create=True)
