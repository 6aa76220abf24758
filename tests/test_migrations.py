"""Upgrades are atomic and harmless twice; the new steps do what they promise.

Files written by the code of every earlier version: tests/test_store_files.py.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from terminal import migrations
from terminal.ratings import record_hall_rating
from terminal.store import open_store


def test_each_step_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.db"
    open_store(path, target=1, create=True).close()

    def broken(db: migrations.Script) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("power cut in the middle of an upgrade")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(RuntimeError):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert (
        conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    )


def test_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path, create=True).close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST


def test_v6_adds_hall_ratings_to_a_v5_store_with_its_data(tmp_path: Path, at: datetime) -> None:
    path = tmp_path / "v5.db"
    old = open_store(path, target=5, create=True)
    with old.write():
        old.conn.execute("INSERT INTO sync_state (key, value) VALUES ('online', 'true')")
    old.close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 6
    assert store.conn.execute("SELECT value FROM sync_state").fetchone()[0] == "true"
    record_hall_rating(
        store,
        "6d3f0c1e-8f0a-4b7e-9a51-3c2d1e0f9a8b",
        "XH-W01-20261126-0001",
        "0030",
        5,
        "",
        terminal="XH-K90",
        actor="kiosk",
        at=at,
    )
    assert store.conn.execute("SELECT count(*) FROM hall_ratings").fetchone()[0] == 1
    store.close()


def test_v7_keeps_the_catalogue_versions_a_v6_store_heard_of_as_still_to_fetch(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v6.db"
    old = open_store(path, target=6, create=True)
    with old.write():
        old.conn.execute(
            "INSERT INTO portal_catalogues (version, published_at, sha256, portal_seq)"
            " VALUES ('2026.12', '2026-11-26T10:00:00+08:00', ?, 7)",
            ("0" * 64,),
        )
    old.close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 7
    row = store.conn.execute("SELECT version, state, document FROM portal_catalogues").fetchone()
    assert tuple(row) == ("2026.12", "announced", None)  # the next sync fetches and checks it
    store.close()


def test_v8_sends_again_the_rows_a_v7_store_marked_sent_without_proof(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    old = open_store(path, create=True, target=7)
    with old.write():
        for key, state in (("k-sent", "sent"), ("k-pending", "pending")):
            old.conn.execute(
                "INSERT INTO outbox (kind, idempotency_key, body, created_at, state, sent_at)"
                " VALUES ('case.push', ?, '{}', '2026-11-26T10:00:00+08:00', ?, NULL)",
                (key, state),
            )
    old.close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 8
    rows = dict(store.conn.execute("SELECT idempotency_key, state FROM outbox").fetchall())
    # Sent on a word nobody can prove: confirmed with the portal again, under the same key.
    assert rows == {"k-sent": "pending", "k-pending": "pending"}
    reason = store.conn.execute(
        "SELECT last_error FROM outbox WHERE idempotency_key = 'k-sent'"
    ).fetchone()[0]
    assert "sync.reason.reconfirm" in reason
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.conn.execute("UPDATE outbox SET state = 'sent'")
    store.close()


def test_v14_starts_the_events_empty_and_a_case_decided_after_counts(
    tmp_path: Path, at: datetime
) -> None:
    """A case recorded before v14 has no ``received``: the portal's 办结 of it is kept and
    counted, closing no duration (there is no start to measure from)."""
    from terminal import case_state
    from terminal.case_machine import CaseState
    from terminal.supervision import figures

    path = tmp_path / "t.db"
    old = open_store(path, create=True, target=13)
    conn = old.conn
    with old.write():
        conn.execute(
            "INSERT INTO cases (id, receipt_no, terminal_id, intake_code, services,"
            " catalogue_version, applicant_kind, applicant_name, id_number, answers, form,"
            " materials, missing, decision, state, received_at, clerk, created_at, updated_at)"
            " VALUES ('c1', 'R1', 'XH-W01', 'T-GA-JZZ', '[]', 'v', 'resident_id', '测试甲',"
            " '11010519491231002X', '{}', '{}', '{}', '[]', 'accepted', 'in_progress', ?, 'wang',"
            " ?, ?)",
            (at.isoformat(), at.isoformat(), at.isoformat()),
        )
    old.close()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 14
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    with store.write():
        case_state.change(store.conn, "c1", CaseState.COMPLETED, actor="portal", at=at)
    total = figures.period(store.conn, at.date(), at.date()).total
    assert total["decided"] == 1 and total["received"] == 0
    row = store.conn.execute("SELECT clerk, service, seconds FROM events").fetchone()
    assert tuple(row) == ("wang", "T-GA-JZZ", None)
    store.close()


def test_v15_keeps_a_v14_stores_uploads_with_their_guards_and_takes_a_case_held_elsewhere(
    tmp_path: Path,
) -> None:
    """The upload rows are rebuilt without their reference to a held case: every row kept,
    the guards still refuse a confirmation without the portal's answer, and a file whose case
    is another counter's (a handover's 委托书) may be queued."""
    import shutil

    from .conftest import DATA

    path = tmp_path / "v14.db"
    shutil.copy(DATA / "stores" / "v14.db", path)
    before = sqlite3.connect(path).execute("SELECT * FROM attachment_uploads").fetchall()
    store = open_store(path)
    assert store.schema_version() == migrations.LATEST >= 15
    conn = store.conn
    after = [tuple(r) for r in conn.execute("SELECT * FROM attachment_uploads")]
    assert before and after == before
    with pytest.raises(sqlite3.IntegrityError), store.write():
        conn.execute("UPDATE attachment_uploads SET state = 'confirmed'")  # no signed answer
    with store.write():
        conn.execute(
            "INSERT INTO attachment_uploads (sha256, size, first_case) VALUES (?, 1, 'not-here')",
            ("cd" * 32,),
        )
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()
