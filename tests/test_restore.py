"""A restore never destroys the store it replaces, never takes it back in time unasked, and a
backup never vouches for itself: over a store nobody can sign in to, only IT restores."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest

from terminal import authority, journal
from terminal.store import open_store

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    imported = run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(d), stdin=AS_ADMIN)
    assert imported[0] == 0
    return d


@pytest.fixture
def as_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test's own primary group stands in for tongban-it.
    monkeypatch.setattr(authority, "IT_GROUP", grp.getgrgid(os.getgid()).gr_name)


@pytest.fixture
def bare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store with nothing waiting for the portal (as after a sync): no unsent rows."""
    d = tmp_path / "bare"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    return d


def head_and_cases(db: Path) -> tuple[int, int]:
    with open_store(db) as store:
        head = journal.head(store.conn)[0]
        return head, store.conn.execute("SELECT count(*) FROM cases").fetchone()[0]


def test_an_older_backup_needs_force_and_the_newer_store_is_kept(
    bare: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bare
    monday = tmp_path / "monday.db"
    assert run(capsys, "backup", str(monday), "--data-dir", str(data))[0] == 0
    # After the backup the terminal goes on working: another user, a sync.
    added = run(
        capsys,
        "clerk",
        "add",
        "li.clerk",
        "--role",
        "clerk",
        "--data-dir",
        str(data),
        stdin=AS_ADMIN + "long-enough-1\n",
    )
    assert added[0] == 0
    db = data / "tongban.db"
    newer = head_and_cases(db)
    argv = ("restore", str(monday), "--data-dir", str(data), "--lang", "en")
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN)
    assert code == 1 and "older than the current store" in err and "--force" in err
    assert head_and_cases(db)[0] > newer[0]  # untouched (the refused try is on record)

    code, out, err = run(capsys, *argv, "--force", stdin=AS_ADMIN)
    assert code == 0, err
    kept = [p for p in data.iterdir() if p.name.startswith("tongban.db.replaced-")]
    assert len(kept) == 1 and str(kept[0]) in out
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    # The store it replaced is whole: the user added after the backup is in it.
    kept_head, _ = head_and_cases(kept[0])
    assert kept_head > newer[0]
    with open_store(kept[0]) as store:
        assert store.conn.execute("SELECT 1 FROM clerks WHERE username = 'li.clerk'").fetchone()
    with open_store(db) as store:
        assert not store.conn.execute("SELECT 1 FROM clerks WHERE username = 'li.clerk'").fetchone()
        last = journal.recent(store.conn, 1)[0]
        assert last.action == "store.restored" and last.details["replaced"] == kept[0].name


def test_a_backup_does_not_vouch_for_itself_over_an_emptied_store(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(authority, "IT_GROUP", "tongban-no-such-group")
    backup = tmp_path / "monday.db"  # made by whoever controls its accounts
    assert run(capsys, "backup", str(backup), "--data-dir", str(data))[0] == 0
    db = data / "tongban.db"
    db.write_bytes(b"")
    argv = ("restore", str(backup), "--data-dir", str(data), "--lang", "en")
    code, _, err = run(capsys, *argv, stdin=AS_ADMIN)  # the backup's own admin
    assert code == 1 and "tongban-no-such-group" in err and "run by IT" in err
    assert db.stat().st_size == 0
    assert not [p for p in data.iterdir() if ".unusable-" in p.name]


def test_it_restores_over_an_emptied_store_and_the_journal_names_them(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_it: None
) -> None:
    backup = tmp_path / "monday.db"
    assert run(capsys, "backup", str(backup), "--data-dir", str(data))[0] == 0
    db = data / "tongban.db"
    db.write_bytes(b"")
    code, out, err = run(capsys, "restore", str(backup), "--data-dir", str(data))
    assert code == 0, err
    aside = [p for p in data.iterdir() if p.name.startswith("tongban.db.unusable-")]
    assert len(aside) == 1 and str(aside[0]) in out
    assert stat.S_IMODE(aside[0].stat().st_mode) == 0o600
    with open_store(db) as store:
        last = journal.recent(store.conn, 1)[0]
        assert (last.action, last.actor) == ("store.restored", f"it:{authority.os_account()}")


def test_a_backup_of_another_terminal_is_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_it: None
) -> None:
    other = tmp_path / "other"
    assert run(capsys, "init", "--data-dir", str(other), "--terminal-id", "XH-W99")[0] == 0
    foreign = tmp_path / "w99.db"
    code, out, _ = run(capsys, "backup", str(foreign), "--data-dir", str(other), "--lang", "en")
    assert code == 0 and "XH-W99" in out  # a backup says whose it is
    db = data / "tongban.db"
    db.write_bytes(b"")
    code, _, err = run(
        capsys, "restore", str(foreign), "--force", "--data-dir", str(data), "--lang", "en"
    )
    assert code == 1 and "XH-W99" in err and "XH-W01" in err
    assert db.stat().st_size == 0
