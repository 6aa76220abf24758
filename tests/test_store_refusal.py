"""Only `tongban init` (and `restore`) make a store: a missing, emptied, foreign or unreadable
file is refused by every other command and by the windows, with its path and what to do, and
is left exactly as it was."""

from __future__ import annotations

import grp
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from terminal import authority, journal
from terminal.store import StoreError, open_store

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run

COMMANDS = [
    ("case", "list"),
    ("journal", "verify"),
    ("clerk", "list"),
    ("backup", "BACKUP"),
    ("sync", "status"),
    ("print", "jobs"),
    ("queue", "status"),
    ("window",),
    ("kiosk",),
    ("display",),
]


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    imported = run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(d), stdin=AS_ADMIN)
    assert imported[0] == 0
    return d


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


def refused_everywhere(capsys: pytest.CaptureFixture[str], data: Path, words: str) -> None:
    db = data / "tongban.db"
    before = fingerprint(db)
    for argv in COMMANDS:
        argv = tuple(str(data.parent / "b.db") if a == "BACKUP" else a for a in argv)
        code, _, err = run(capsys, *argv, "--data-dir", str(data), "--lang", "en")
        assert code == 3, (argv, err)
        assert str(db) in err and words in err, (argv, err)
        assert "Traceback" not in err
        assert fingerprint(db) == before, argv  # nothing was written to it
    assert not (data.parent / "b.db").exists()


def test_an_emptied_store_is_refused_not_rebuilt(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data / "tongban.db").write_bytes(b"")  # `> tongban.db`, or a power cut
    for side in ("-wal", "-shm"):
        Path(str(data / "tongban.db") + side).unlink(missing_ok=True)
    refused_everywhere(capsys, data, "tongban restore")
    # init, too, refuses to paper over it
    code, _, err = run(capsys, "init", "--data-dir", str(data), "--lang", "en")
    assert code == 3 and "empty" in err and (data / "tongban.db").stat().st_size == 0


def test_a_missing_store_is_refused_not_created(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for side in ("", "-wal", "-shm"):
        Path(str(data / "tongban.db") + side).unlink(missing_ok=True)
    refused_everywhere(capsys, data, "tongban init")
    assert not (data / "tongban.db").exists()


@pytest.mark.parametrize("kind", ["other program's database", "not sqlite"])
def test_a_foreign_file_is_refused_and_kept(
    data: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = data / "tongban.db"
    for side in ("", "-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    if kind == "not sqlite":
        db.write_bytes(b"%PDF-1.4 not a database" * 200)
    else:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.commit()
        conn.close()
    refused_everywhere(capsys, data, "not a Tongban store")


def test_a_store_this_user_cannot_open_is_refused(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = data / "tongban.db"
    for side in ("", "-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    db.mkdir()  # root reads every file, so the unopenable thing here is a folder in its place
    code, _, err = run(capsys, "case", "list", "--data-dir", str(data), "--lang", "en")
    assert code == 3 and str(db) in err and "Traceback" not in err


def test_doctor_fails_an_emptied_store(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "tongban.db").write_bytes(b"")
    code, out, _ = run(capsys, "doctor", "--json", "--data-dir", str(data), "--lang", "en")
    store = next(c for c in json.loads(out)["checks"] if c["id"] == "store")
    assert code == 1 and store["status"] == "failure" and "empty" in store["summary"]
    assert (data / "tongban.db").stat().st_size == 0


def test_doctor_names_a_cut_short_store_and_the_way_out(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = data / "tongban.db"
    with open_store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.open("r+b") as f:  # a copy cut short: the header is fine, the pages are not
        f.truncate(db.stat().st_size // 3)
    code, out, _ = run(capsys, "doctor", "--json", "--data-dir", str(data), "--lang", "en")
    store = next(c for c in json.loads(out)["checks"] if c["id"] == "store")
    assert code == 1 and store["status"] == "failure"
    assert str(db) in store["summary"] and "tongban restore" in store["fix"]


def test_restore_brings_back_an_emptied_store_and_names_who_did_it(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "monday.db"
    assert run(capsys, "backup", str(backup), "--data-dir", str(data))[0] == 0
    db = data / "tongban.db"
    db.write_bytes(b"")
    # The store cannot vouch for anyone now (nor may the backup's own accounts): IT restores.
    monkeypatch.setattr(authority, "IT_GROUP", grp.getgrgid(os.getgid()).gr_name)
    code, _, err = run(capsys, "restore", str(backup), "--data-dir", str(data))
    assert code == 0, err
    aside = [p for p in data.iterdir() if p.name.startswith("tongban.db.unusable-")]
    assert len(aside) == 1 and aside[0].stat().st_size == 0  # kept, not overwritten
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 5
        last = journal.recent(store.conn, 1)[0]
        assert (last.action, last.actor) == ("store.restored", f"it:{authority.os_account()}")
        assert journal.verify(store.conn).ok


def test_a_restore_needs_someone_to_sign_in(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "monday.db"
    run(capsys, "backup", str(backup), "--data-dir", str(data))
    code, _, err = run(
        capsys,
        "restore",
        str(backup),
        "--data-dir",
        str(data),
        "--force",
        "--lang",
        "en",
        stdin="zhang.admin\nwrong-password\n",
    )
    assert code == 1 and "Wrong user name or password" in err
    with open_store(data / "tongban.db") as store:
        actions = [e.action for e in journal.recent(store.conn, 50)]
    # Not restored; the failed try is on record.
    assert "store.restored" not in actions and actions[0] == "clerk.login_failed"


def test_opening_code_cannot_create_a_store_by_accident(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path / "tongban.db")
    assert caught.value.msg_id == "store.not_initialised"
    assert not (tmp_path / "tongban.db").exists()
