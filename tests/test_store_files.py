"""A store written by the code of every schema version opens today with everything it held.

tests/data/stores/vN.db was written by the code of version N (tests/data/stores/make.py
says which commit and how), so a mistake in an old migration step, or a step that
quietly drops or rewrites data, shows here as a terminal's cases, journal, outbox
or ratings, counters, kept answers or any other table changed after an upgrade.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from terminal import casebook, clerks, drafts, journal, migrations, ratings
from terminal.store import Store, open_store

from .conftest import DATA

STORES = DATA / "stores"
VERSIONS = range(1, migrations.LATEST + 1)
# Every table an old store has keeps its rows through an upgrade, except these, which an
# upgrade may rightly change: SQLite's own counters, and the store's own bookkeeping.
CHANGED_BY_UPGRADE = {"sqlite_sequence", "meta"}
RECEIPT_A, RECEIPT_B, RECEIPT_C = (f"XH-W01-20261120-000{n}" for n in (1, 2, 3))
SIGNED_ANSWERS = 8  # from v8 a row is sent only on the portal's signed answer


def _rows(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    conn.row_factory = sqlite3.Row
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        table: [
            dict(r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY {_order(conn, table)}')
        ]
        for table in sorted(tables - CHANGED_BY_UPGRADE)
    }


def _order(conn: sqlite3.Connection, table: str) -> str:
    """rowid, or for a WITHOUT ROWID table (v14's figures_daily) its columns in turn."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    if "WITHOUT ROWID" not in sql.upper():
        return "rowid"
    width = len(conn.execute(f'PRAGMA table_info("{table}")').fetchall())
    return ", ".join(str(i) for i in range(1, width + 1))


def _upgraded(version: int, tmp_path: Path) -> tuple[dict[str, list[dict[str, Any]]], Store]:
    path = tmp_path / f"v{version}.db"
    shutil.copy(STORES / f"v{version}.db", path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    before = _rows(old)
    old.close()
    return before, open_store(path)


def _as_upgraded(version: int, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """What an upgrade may change in a row: before v8, a row sent on an unsigned word goes
    back to pending, to be confirmed with the portal under its own key (terminal/schema/v8.py)."""
    if table == "outbox" and version < SIGNED_ANSWERS and row["state"] == "sent":
        reconfirm = '{"id": "sync.reason.reconfirm", "params": {}}'
        return {**row, "state": "pending", "attempts": 0, "sent_at": None, "last_error": reconfirm}
    return row


def test_there_is_a_store_file_for_every_schema_version() -> None:
    found = sorted(int(p.stem[1:]) for p in STORES.glob("v*.db"))
    assert found == list(VERSIONS), "a new schema version needs its file: tests/data/stores/make.py"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_row_an_old_store_held_is_there_after_the_upgrade(
    version: int, tmp_path: Path
) -> None:
    before, store = _upgraded(version, tmp_path)
    assert store.schema_version() == migrations.LATEST
    after = _rows(store.conn)
    for table, rows in before.items():
        kept = [{k: row[k] for k in old} for row, old in zip(after[table], rows, strict=False)]
        assert kept == [_as_upgraded(version, table, r) for r in rows], table
        assert len(after[table]) == len(rows), table
    verdict = journal.verify(store.conn)
    assert verdict.ok and verdict.count == len(before["journal"]) >= 2
    store.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_an_upgraded_store_serves_its_clerk_and_its_cases(
    version: int, tmp_path: Path, at: datetime
) -> None:
    _, store = _upgraded(version, tmp_path)
    # The clerk the old code added signs in, and the sign-in extends the same chain.
    clerk = clerks.authenticate(store, "test.clerk", "correct horse", terminal="XH-W01", at=at)
    assert clerk.role is clerks.Role.CLERK and journal.verify(store.conn).ok
    if version < 2:
        assert store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
        return
    accepted = casebook.find(store, "SH-2026-000101")  # by the portal's number, bound back then
    assert (accepted.receipt_no, accepted.state) == (RECEIPT_A, "in_progress")
    assert accepted.applicant_name == "测试甲" and accepted.masked_id == "110105********002X"
    rejected = casebook.load_detail(store, RECEIPT_C)
    assert (rejected["state"], rejected["reason"]) == ("rejected", "不属于本窗口受理范围")
    assert [m["material"] for m in casebook.load_detail(store, RECEIPT_B)["missing"]] == [
        "CL-ZP",
        "CL-ZLHT",
    ]
    sync = {row.receipt_no: state for row, state in casebook.search_cases(store, "2026-11-20")}
    assert sync == {
        RECEIPT_A: "sent" if version >= SIGNED_ANSWERS else "pending",
        RECEIPT_B: "pending",
        RECEIPT_C: "quarantined",
    }
    [(_, _, draft)] = drafts.open_drafts(store, "XH-W01")
    assert draft["applicant"]["name"] == "测试丁"
    if version >= 4:
        level, comment = store.conn.execute("SELECT level, comment FROM ratings").fetchone()
        assert (level, comment) == (4, "办事很快，态度很好")
    else:  # rated now, in a table its version did not have
        ratings.record_rating(
            store, RECEIPT_A, 5, "", channel="counter", terminal="XH-W01", actor="t", at=at
        )
    assert ratings.is_rated(store, accepted.id)
    if version >= 6:
        hall = store.conn.execute("SELECT receipt_no, level FROM hall_ratings").fetchone()
        assert tuple(hall) == ("XH-W02-20261120-0007", 5)
    assert journal.verify(store.conn).ok
    store.close()


def test_the_quarantined_row_keeps_the_reason_a_clerk_reads(tmp_path: Path) -> None:
    for version in range(3, migrations.LATEST + 1):
        _, store = _upgraded(version, tmp_path)
        reason = store.conn.execute(
            "SELECT reason FROM outbox WHERE state = 'quarantined'"
        ).fetchone()[0]
        assert json.loads(reason)["id"] == "sync.reason.invalid", version
        store.close()
