"""差评整改 in the core: a low rating opens a follow-up in its own transaction; a supervisor
rectifies, revisits and closes it, each step journaled under their name and queued once."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import pytest

from terminal import followups, journal
from terminal.clerks import Clerk, Role
from terminal.followups import FollowupRefused
from terminal.ratings import record_hall_rating
from terminal.store import Store
from terminal.workdays import default_calendar

RULE = followups.rule_for((1, 2), 5, default_calendar())
SUPERVISOR = Clerk("li.zhuguan", "李主管", Role.SUPERVISOR)
CLERK = Clerk("wang.fang", "王芳", Role.CLERK)
RECEIPT = "XH-W01-20261126-0007"


def _rate(store: Store, at: datetime, level: int, reason: str | None = None) -> str:
    return record_hall_rating(
        store, str(uuid.uuid4()), RECEIPT, "002x", level, "等了一个小时", terminal="XH-K90",
        actor="kiosk", at=at, reason=reason, followup=RULE, service="居住证签注",
    )  # fmt: skip


def _steps(store: Store) -> list[dict[str, object]]:
    rows = store.conn.execute(
        "SELECT body FROM outbox WHERE kind = ? ORDER BY id", (followups.OUTBOX_FOLLOWUP_STEP,)
    )
    return [json.loads(r[0]) for r in rows]


def test_a_low_rating_opens_a_follow_up_with_a_working_day_deadline(
    store: Store, at: datetime
) -> None:
    _rate(store, at, 1, "wait")  # Thursday 26 November 2026
    (f,) = followups.listed(store.conn)
    assert (f.receipt_no, f.service, f.level, f.state) == (RECEIPT, "居住证签注", 1, "open")
    assert f.reason == "等候时间长" and "等了一个小时" in f.comment
    assert f.due_date == "2026-12-03"  # five working days: Fri, Mon, Tue, Wed, Thu
    (opened,) = _steps(store)
    assert opened["step"] == "open" and opened["owner"] == followups.OWNER
    assert "id_last4" not in json.dumps(opened) and "002X" not in json.dumps(opened).upper()
    assert [e.action for e in journal.recent(store.conn, 2)] == [
        "followup.opened",
        "rating.recorded",
    ]


@pytest.mark.parametrize("level", [3, 4, 5])
def test_other_levels_open_nothing(store: Store, at: datetime, level: int) -> None:
    _rate(store, at, level)
    assert followups.listed(store.conn) == [] and _steps(store) == []


def test_the_rating_and_its_follow_up_are_one_commit(
    store: Store, at: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*_a: object, **_k: object) -> str:
        raise OSError("disk gone")  # the follow-up's outbox row cannot be written

    monkeypatch.setattr(followups, "_queue", fails)
    with pytest.raises(OSError):
        _rate(store, at, 2, "wait")
    # No 差评 without its follow-up: the rating went with it.
    assert store.conn.execute("SELECT count(*) FROM hall_ratings").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_a_supervisor_sees_it_through_and_the_journal_names_them(
    store: Store, at: datetime
) -> None:
    _rate(store, at, 2, "attitude")
    (f,) = followups.listed(store.conn)
    later = at + timedelta(days=1)
    followups.rectify(store, f.id, "窗口人员已批评教育", by=SUPERVISOR, terminal="XH-W05", at=later)
    followups.revisit(
        store, f.id, reached=True, satisfied=True, how="phone", by=SUPERVISOR,
        terminal="XH-W05", at=later,
    )  # fmt: skip
    followups.close(store, f.id, by=SUPERVISOR, terminal="XH-W05", at=later)
    assert followups.listed(store.conn) == []
    (done,) = followups.listed(store.conn, closed=True)
    assert (done.state, done.closed_by, done.revisit_how) == ("closed", "li.zhuguan", "phone")
    assert [s["step"] for s in _steps(store)] == ["open", "rectify", "revisit", "close"]
    assert len({s["step_id"] for s in _steps(store)}) == 4  # each its own idempotency key
    entries = [e for e in journal.recent(store.conn, 10) if e.subject == f.id]
    steps = [(e.action, e.actor) for e in entries if e.action != "followup.opened"]
    assert steps == [
        ("followup.close", "li.zhuguan"),
        ("followup.revisit", "li.zhuguan"),
        ("followup.rectify", "li.zhuguan"),
    ]
    assert journal.verify(store.conn).ok


def test_a_clerk_is_refused_and_the_refusal_is_kept(store: Store, at: datetime) -> None:
    _rate(store, at, 1, "wait")
    (f,) = followups.listed(store.conn)
    with pytest.raises(FollowupRefused) as refused:
        followups.rectify(store, f.id, "我自己处理了", by=CLERK, terminal="XH-W01", at=at)
    assert refused.value.msg_id == "followup.not_supervisor"
    assert followups.listed(store.conn)[0].state == "open"
    assert [s["step"] for s in _steps(store)] == ["open"]
    assert journal.recent(store.conn, 1)[0].action == "followup.refused"


def test_steps_go_in_order(store: Store, at: datetime) -> None:
    _rate(store, at, 1, "wait")
    (f,) = followups.listed(store.conn)
    with pytest.raises(FollowupRefused) as early_close:
        followups.close(store, f.id, by=SUPERVISOR, terminal="XH-W05", at=at)
    assert early_close.value.msg_id == "followup.not_after.close"
    assert "待整改" in early_close.value.text()
    with pytest.raises(FollowupRefused) as early_visit:
        followups.revisit(
            store, f.id, reached=False, satisfied=None, how="phone", by=SUPERVISOR,
            terminal="XH-W05", at=at,
        )  # fmt: skip
    assert early_visit.value.msg_id == "followup.not_after.revisit"
    with pytest.raises(FollowupRefused) as empty:
        followups.rectify(store, f.id, "  ", by=SUPERVISOR, terminal="XH-W05", at=at)
    assert empty.value.msg_id == "followup.note_needed"
    assert [s["step"] for s in _steps(store)] == ["open"]


def test_overdue_is_the_day_after_the_deadline_until_closed(store: Store, at: datetime) -> None:
    _rate(store, at, 1, "wait")
    (f,) = followups.listed(store.conn)
    assert not f.overdue(date(2026, 12, 3))
    assert f.overdue(date(2026, 12, 4))
    assert not followups.Followup(**{**f.__dict__, "state": "closed"}).overdue(date(2027, 1, 1))


def test_the_levels_and_the_deadline_come_from_the_config() -> None:
    from terminal import config

    parsed = config.parse({"followup_levels": [2, 1, 3], "followup_working_days": 15}, "t")
    rule = followups.rule_of(parsed, default_calendar())
    assert rule.levels == {1, 2, 3} and rule.due(date(2026, 11, 26)) == date(2026, 12, 17)
    for bad in (
        {"followup_levels": [4]},
        {"followup_levels": [1, 1]},
        {"followup_working_days": 0},
    ):
        with pytest.raises(config.ConfigError):
            config.parse(bad, "t")
    assert config.parse({"followup_levels": []}, "t").followup_levels == ()
