"""A kiosk's rating of a case it does not hold: rating, outbox row and journal entry at once."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from typing import Any

import pytest

from terminal import journal, ratings
from terminal.ratings import RatingRefused, record_hall_rating
from terminal.store import Store

CASE = str(uuid.uuid4())  # the portal's case id, from its status answer
RECEIPT = "XH-W01-20261126-0007"


def _rate(
    store: Store, at: datetime, level: int = 4, case_id: str = CASE, last4: str = "002x"
) -> str:
    return record_hall_rating(
        store, case_id, RECEIPT, last4, level, " 很快 ", terminal="XH-K90", actor="kiosk", at=at
    )


def _counts(store: Store) -> tuple[int, int, int]:
    conn = store.conn
    return (
        conn.execute("SELECT count(*) FROM hall_ratings").fetchone()[0],
        conn.execute("SELECT count(*) FROM outbox").fetchone()[0],
        conn.execute("SELECT count(*) FROM journal").fetchone()[0],
    )


def test_a_hall_rating_is_kept_queued_and_journaled_together(store: Store, at: datetime) -> None:
    rating_id = _rate(store, at)
    row = store.conn.execute(
        "SELECT id, case_id, receipt_no, level, comment, channel FROM hall_ratings"
    ).fetchone()
    assert tuple(row) == (rating_id, CASE, RECEIPT, 4, "很快", "kiosk")
    case_id, kind, key, body, state = store.conn.execute(
        "SELECT case_id, kind, idempotency_key, body, state FROM outbox"
    ).fetchone()
    # No local case to reference; the rating's own id is the key, sent as the portal wants it.
    assert (case_id, kind, key, state) == (None, ratings.OUTBOX_RATING_PUSH, rating_id, "pending")
    sent = json.loads(body)
    assert sent["case_id"] == CASE and sent["rating_id"] == rating_id
    assert sent["channel"] == "kiosk" and sent["id_last4"] == "002X"  # normalised
    assert sent["format"] == "tongban.rating/1" and sent["rated_at"].endswith("+08:00")
    (entry,) = [e for e in journal.recent(store.conn, 5) if e.action == "rating.recorded"]
    assert entry.subject == CASE and entry.details["rating"] == rating_id
    # The last four are in the outbox body only: not in the table, not in the journal.
    # (Upper-cased: "002X" cannot occur by chance in the ids, which are lower-case hex.)
    journaled = json.dumps(entry.details)
    assert "002X" not in journaled.upper() and "id_last4" not in journaled
    assert journal.verify(store.conn).ok


def test_one_rating_per_case(store: Store, at: datetime) -> None:
    _rate(store, at)
    before = _counts(store)
    with pytest.raises(RatingRefused) as refused:
        _rate(store, at, level=1)
    assert refused.value.msg_id == "rating.already" and RECEIPT in str(refused.value)
    assert _counts(store) == before
    assert ratings.is_rated(store, CASE)


def test_nothing_is_written_when_any_part_fails(
    store: Store, at: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("disk full while journaling")

    before = _counts(store)
    monkeypatch.setattr(journal, "append", broken)
    with pytest.raises(RuntimeError):
        _rate(store, at)
    assert _counts(store) == before


@pytest.mark.parametrize(
    ("kwargs", "msg_id"),
    [
        ({"level": 6}, "rating.bad_level"),
        ({"last4": "12"}, "status.last4"),
        ({"last4": "X123"}, "status.last4"),
        ({"case_id": "SH20261126000001"}, "rating.bad_case"),
    ],
)
def test_bad_values_are_refused(
    store: Store, at: datetime, kwargs: dict[str, Any], msg_id: str
) -> None:
    with pytest.raises(RatingRefused) as refused:
        _rate(store, at, **kwargs)
    assert refused.value.msg_id == msg_id
    assert _counts(store)[:2] == (0, 0)


def test_hall_ratings_are_kept_and_never_changed(store: Store, at: datetime) -> None:
    _rate(store, at)
    for sql in ("UPDATE hall_ratings SET level = 1", "DELETE FROM hall_ratings"):
        with pytest.raises(sqlite3.IntegrityError), store.write():
            store.conn.execute(sql)
    assert store.conn.execute("SELECT level FROM hall_ratings").fetchone()[0] == 4


@pytest.mark.parametrize(("level", "reason"), [(2, "no-such-reason"), (5, "wait")])
def test_a_reason_is_one_of_the_preset_and_only_for_a_low_level(
    store: Store, at: datetime, level: int, reason: str
) -> None:
    with pytest.raises(RatingRefused) as refused:
        ratings.record_rating(
            store,
            CASE,
            level,
            "",
            channel="counter",
            terminal="XH-W01",
            actor="wang.li",
            at=at,
            reason=reason,
        )
    assert refused.value.msg_id == "rating.bad_reason"


def test_a_low_hall_rating_keeps_its_reason_as_the_counters_does(
    store: Store, at: datetime
) -> None:
    record_hall_rating(
        store, CASE, RECEIPT, "002x", 1, " 排了很久 ", terminal="XH-K90", actor="kiosk", at=at,
        reason="wait",
    )  # fmt: skip
    comment = store.conn.execute("SELECT comment FROM hall_ratings").fetchone()[0]
    assert comment == f"【{ratings.LOW_REASONS['wait']}】排了很久"
    sent = json.loads(store.conn.execute("SELECT body FROM outbox").fetchone()[0])
    assert sent["comment"] == comment  # what the portal's staff read
    (entry,) = [e for e in journal.recent(store.conn, 5) if e.action == "rating.recorded"]
    assert entry.details["reason"] == "wait"
    with pytest.raises(RatingRefused) as refused:
        record_hall_rating(
            store, str(uuid.uuid4()), RECEIPT, "002x", 4, "", terminal="XH-K90", actor="kiosk",
            at=at, reason="wait",
        )  # fmt: skip
    assert refused.value.msg_id == "rating.bad_reason"
