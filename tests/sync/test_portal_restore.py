"""A portal restored from a backup: the terminal says so, stops pulling, and confirms again
every case the portal acknowledged after the backup, so nothing a citizen handed over is
missing at the portal and nothing is there twice."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sync.cases import reconfirm
from sync.engine import sync_once
from sync.feed.pull import FEED
from sync.portal import Portal, RunningPortal, make_server
from terminal.casebook import OUTBOX_CASE_PUSH
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .helpers import AT, TERMINAL, Admin, client_for, record_cases


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file, as `sqlite3 .backup` makes it."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _portal_cases(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT case_id FROM cases"))
    finally:
        conn.close()


def _case_rows(terminal: Terminal) -> dict[str, tuple[str, str | None]]:
    rows = terminal.store.conn.execute(
        "SELECT case_id, state, last_error FROM outbox WHERE kind = ?", (OUTBOX_CASE_PUSH,)
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def _local_state(terminal: Terminal, case_id: str) -> str:
    row = terminal.store.conn.execute("SELECT state FROM cases WHERE id = ?", (case_id,))
    return str(row.fetchone()[0])


def test_a_restored_portal_is_named_and_what_it_lost_is_confirmed_again(
    tmp_path: Path, portal: RunningPortal, terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    db = tmp_path / "portal.db"
    first = record_cases(terminal.store, mini_catalogue, 1)
    assert sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL).online
    _copy(db, tmp_path / "backup.db")  # IT's nightly backup
    later = record_cases(terminal.store, mini_catalogue, 2, start=1)
    done = sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    assert done.online and done.pushed == 2
    cursor = done.cursor

    # The portal's disk dies; IT restores last night's backup and starts it again.
    portal.stop()
    for leftover in (db, db.with_name("portal.db-wal"), db.with_name("portal.db-shm")):
        leftover.unlink(missing_ok=True)
    _copy(tmp_path / "backup.db", db)
    assert _portal_cases(db) == sorted(first)
    restored = RunningPortal(make_server(Portal(db), "127.0.0.1", 0))
    try:
        client = client_for(terminal.key, restored.url)
        seen = sync_once(terminal.store, client, terminal=TERMINAL)
        # Not "online, 0 waiting": the terminal names what happened and stops pulling...
        assert not seen.online and seen.problem is not None
        assert seen.problem["id"] == "sync.link.cursor_back"
        assert seen.problem["params"]["have"] == cursor
        assert seen.problem["params"]["offered"] < cursor
        assert seen.problem["params"]["again"] == 2
        # ...and the two cases the portal lost wait to be confirmed again, with the reason.
        rows = _case_rows(terminal)
        assert {c: rows[c][0] for c in later} == {c: "pending" for c in later}
        assert all(
            json.loads(rows[c][1] or "{}")["id"] == "sync.reason.reconfirm_restored" for c in later
        )
        assert rows[first[0]][0] == "sent"  # the one in the backup is not sent again
        journal = terminal.store.conn.execute(
            "SELECT subject FROM journal WHERE action = 'sync.reconfirm'"
        ).fetchall()
        assert sorted(r[0] for r in journal) == sorted(later)

        # The portal moves on: a change numbered below the terminal's cursor, which a
        # terminal trusting its cursor would never read.
        Admin(restored.url).set_state(first[0], "in_progress")
        # The next pass hands them over: the portal has every case again, each once.
        again = sync_once(terminal.store, client, terminal=TERMINAL)
        assert again.pushed == 2
        assert _portal_cases(db) == sorted(first + later)
        assert {c: s for c, (s, _) in _case_rows(terminal).items()} == dict.fromkeys(
            first + later, "sent"
        )
        # Pulling stays paused until IT has looked (the cursor is not moved back silently).
        assert again.problem is not None and again.problem["id"] == "sync.link.cursor_back"
        assert again.problem["params"]["again"] == 0
        assert _local_state(terminal, first[0]) != "in_progress"

        # IT has checked the portal and resumes: the feed is read again from where the
        # portal's numbers went back to, and the change made meanwhile arrives.
        assert reconfirm.resume(terminal.store, FEED, actor="it:test", terminal=TERMINAL, at=AT)
        resumed = sync_once(terminal.store, client, terminal=TERMINAL)
        assert resumed.online and resumed.problem is None
        assert _local_state(terminal, first[0]) == "in_progress"
    finally:
        restored.stop()
