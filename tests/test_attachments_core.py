"""Captured materials in the core: files by hash, private and whole; the case lists them and
the journal says who captured each, in the transaction that records the case."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from terminal import casebook, journal
from terminal.attachments import files, records
from terminal.attachments.model import MAX_SIZE, Attachment
from terminal.cases import CaseInvalid, Decision, decide
from terminal.catalogue import Catalogue
from terminal.store import Store
from terminal.workdays import default_calendar

from .test_cases import capture, everything

SCAN = b"%PDF-1.7\n" + bytes(range(256)) * 40


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_put_file_stores_private_content_addressed_files_once(tmp_path: Path) -> None:
    folder = files.attachments_folder(tmp_path)
    digest = files.put_file(folder, SCAN)
    assert digest == hashlib.sha256(SCAN).hexdigest()
    path = files.path_of(folder, digest)
    assert path.read_bytes() == SCAN
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700 and _mode(folder) == 0o700
    assert files.put_file(folder, SCAN) == digest  # the same page twice: one file
    assert list(files.stored(folder)) == [(digest, len(SCAN))]
    assert not [p for p in path.parent.iterdir() if p.name != digest]  # no temporary left


def test_a_fresh_capture_replaces_a_spoiled_copy_of_the_same_size(tmp_path: Path) -> None:
    """A copy of the same name and size is there but spoiled in place (a bad sector, a
    half-restored backup): the clerk's fresh capture of the page is what stays, not the
    spoiled copy the uploader would then find does not hash to its name ('lost')."""
    folder = files.attachments_folder(tmp_path)
    sha = files.put_file(folder, SCAN)
    files.path_of(folder, sha).write_bytes(b"\0" * len(SCAN))
    assert files.put_file(folder, SCAN) == sha
    assert files.read_file(folder, sha) == SCAN


def test_a_write_that_fails_leaves_no_file_under_the_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "attachments"

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        files.put_file(folder, SCAN)
    assert list(files.stored(folder)) == []
    assert not any(p.is_file() for p in folder.rglob("*"))


def _scan(material: str = "CL-SFZ") -> Attachment:
    digest = hashlib.sha256(SCAN).hexdigest()
    return Attachment(material, digest, 2, len(SCAN), "wang.li", "2026-11-26T09:30:00+08:00")


def test_the_case_lists_its_scans_and_the_journal_who_captured_them(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    cap = replace(capture(given=everything()), attachments=(_scan(),))
    decided = decide(
        mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
    )
    with store.write():
        casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)
    body = json.loads(
        store.conn.execute("SELECT body FROM outbox WHERE case_id = ?", (cap.case_id,)).fetchone()[
            0
        ]
    )
    assert body["attachments"] == [_scan().to_json()]
    assert records.of_case(store.conn, cap.case_id) == [_scan()]
    entry = journal.recent(store.conn, 1)[0]
    assert entry.details["attachments"] == [
        {
            "sha256": _scan().sha256,
            "material": "CL-SFZ",
            "captured_by": "wang.li",
            "captured_at": "2026-11-26T09:30:00+08:00",
        }
    ]
    waiting = store.conn.execute("SELECT state FROM attachment_uploads").fetchall()
    assert [r[0] for r in waiting] == ["pending"]


def test_a_case_without_scans_keeps_the_body_it_always_had(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    cap = capture(given=everything())
    decided = decide(
        mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
    )
    with store.write():
        casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)
    body = store.conn.execute("SELECT body FROM outbox").fetchone()[0]
    assert "attachments" not in json.loads(body)
    assert "attachments" not in journal.recent(store.conn, 1)[0].details


def test_the_case_and_its_scans_are_one_transaction(
    store: Store, mini_catalogue: Catalogue, at: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = replace(capture(given=everything()), attachments=(_scan(),))
    decided = decide(
        mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
    )

    def power_cut(*args: object, **kwargs: object) -> None:  # after the scans were written
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(journal, "append", power_cut)
    with pytest.raises(sqlite3.OperationalError), store.write():
        casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)
    for table in ("cases", "outbox", "case_attachments", "attachment_uploads"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_a_scan_of_a_material_the_service_does_not_ask_for_is_refused(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    for bad in (
        (_scan("CL-NONE"),),
        (replace(_scan(), sha256="x"),),
        (replace(_scan(), captured_by=""),),
        (_scan(), _scan("CL-ZP")),  # one file listed twice
    ):
        cap = replace(capture(given=everything()), attachments=bad)
        with pytest.raises(CaseInvalid):
            decide(
                mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
            )


def test_old_scans_no_case_lists_go_and_named_ones_stay(
    store: Store, mini_catalogue: Catalogue, at: datetime, tmp_path: Path
) -> None:
    """A discarded draft's scans are a citizen's papers: not kept for ever, but never swept
    while a decided case or an open draft names them, nor while freshly captured."""
    from terminal.attachments.unlisted import sweep_unlisted

    folder, week = tmp_path / "attachments", 7

    def aged(data: bytes, days: int) -> str:
        sha256 = files.put_file(folder, data)
        then = (at - timedelta(days=days)).timestamp()
        os.utime(files.path_of(folder, sha256), (then, then))
        return sha256

    orphan = aged(b"%PDF- a discarded draft's scan", week + 1)
    fresh = aged(b"%PDF- captured an hour ago", 0)
    in_draft = aged(b"%PDF- a draft still open", week + 1)
    listed = aged(SCAN, week + 1)  # _scan()'s bytes: the decided case below lists them
    cap = replace(capture(given=everything()), attachments=(_scan(),))
    decided = decide(
        mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
    )
    with store.write():
        casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)
        store.conn.execute(
            "INSERT INTO drafts (id, terminal_id, clerk, intake_code, payload, updated_at)"
            " VALUES ('d1', 'XH-W01', 'w', NULL, ?, ?)",
            (json.dumps({"attachments": [{"sha256": in_draft}]}), at.isoformat()),
        )
    assert sweep_unlisted(store, folder, keep_days=week, terminal_id="XH-W01", at=at) == 1
    left = {sha for sha, _ in files.stored(folder)}
    assert orphan not in left and left == {fresh, in_draft, listed}
    assert journal.recent(store.conn, 1)[0].details["count"] == 1


def test_a_scan_over_the_largest_the_portal_takes_is_refused_at_the_decision(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    """Refused while the clerk can still rescan it, not at the portal where it would wait
    for ever; a large colour scan up to the limit is a case like any other."""
    for size, refused in ((MAX_SIZE, False), (MAX_SIZE + 1, True)):
        cap = replace(capture(given=everything()), attachments=(replace(_scan(), size=size),))
        try:
            decide(
                mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar()
            )
        except CaseInvalid as invalid:
            assert refused and "256 MiB" in invalid.text("zh_CN"), invalid.text("zh_CN")
        else:
            assert not refused
