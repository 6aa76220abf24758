"""Facts from events (issue 17): a ticket's and a case's life as events, an impossible order
refused, and roll-ups whose sums are the events' sums."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal import case_state, casebook, hall
from terminal.case_machine import CaseState
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.store import Store, open_store
from terminal.supervision import events, figures
from terminal.supervision.order import EventOrderRefused, step

from ..test_store import decided_case

T = "XH-W03"
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=CHINA)


def kinds(store: Store, subject: str) -> list[str]:
    rows = store.conn.execute("SELECT kind FROM events WHERE subject = ? ORDER BY id", (subject,))
    return [r[0] for r in rows]


def test_a_ticket_served_at_a_window_gives_its_wait_and_handling(store: Store) -> None:
    t, _ = hall.issue_local(store, group="A", window=3, terminal=T, at=T0, clerk="li")
    found = hall.call_next_local(
        store, window=3, groups=["A"], terminal=T, at=T0 + timedelta(minutes=12), clerk="li"
    )
    assert found is not None
    hall.act_local(
        store, t.id, "serve", window=3, terminal=T, at=T0 + timedelta(minutes=13), clerk="li"
    )
    hall.act_local(
        store, t.id, "finish", window=3, terminal=T, at=T0 + timedelta(minutes=20), clerk="li"
    )
    assert kinds(store, t.id) == ["taken", "called", "served_from", "served_to"]
    f = figures.period(store.conn, T0.date(), T0.date())
    assert f.total["served"] == 1 and f.total["taken"] == 1
    assert f.total["avg_wait"] == 12 * 60 and f.total["avg_handle"] == 7 * 60
    # Taken before any window had it (window 0); waited and served at window 3, by li.
    at_3 = {"key": 3} | f.total | {"taken": 0}
    assert [r["key"] for r in f.by["window"]] == [0, 3] and f.by["window"][1] == at_3
    assert [(r["key"], r["served"]) for r in f.by["clerk"]] == [("li", 1)]
    assert [r["key"] for r in f.by["hour"]] == [9]


def test_a_ticket_taken_elsewhere_still_has_its_wait_but_is_not_taken_here(store: Store) -> None:
    portal_ticket = {
        "ticket_id": "7c0e0000-0000-4000-8000-000000000001",
        "ticket_no": "A001",
        "day": T0.date().isoformat(),
        "group": "A",
        "priority": "normal",
        "state": "called",
        "window": 3,
        "called_at": (T0 + timedelta(minutes=5)).isoformat(),
        "calls": 1,
        "order": T0.timestamp(),
        "issued_at": T0.isoformat(),
        "seq": 1,
    }
    call = {"ticket": portal_ticket}
    hall.apply_answer(store, call, "call", window=3, terminal=T, at=T0 + timedelta(minutes=5))
    total = figures.period(store.conn, T0.date(), T0.date()).total
    assert total["taken"] == 0 and total["called"] == 1 and total["avg_wait"] == 300


def test_an_impossible_order_is_refused_and_counts_nothing(store: Store) -> None:
    with store.write():
        events.record(store.conn, events.Event("tk-1", "taken", T0, T))
    for kind in ("served_to", "served_from", "skipped", "taken"):
        with pytest.raises(EventOrderRefused) as caught, store.write():
            events.record(store.conn, events.Event("tk-1", kind, T0, T, window=3))
        assert "不能记录" in caught.value.text("zh_CN")
    assert kinds(store, "tk-1") == ["taken"]
    assert figures.period(store.conn, T0.date(), T0.date()).total["served"] == 0
    # The portal's word is kept out of the figures, not lost: the action itself stands.
    with store.write():
        assert not events.record(store.conn, events.Event("tk-1", "served_to", T0, T), strict=False)
    with pytest.raises(EventOrderRefused):
        step([("received", T0)], "collected", T0)  # collected before it was decided


def test_a_case_is_received_with_its_dates_and_decided_by_the_portal(
    store: Store, mini_catalogue: Catalogue
) -> None:
    d = decided_case(mini_catalogue, T0)
    case_id = d.capture.case_id
    with store.write():
        casebook.record_decision(store.conn, d, terminal_id=T, clerk="li", at=T0)
        for s in (CaseState.SYNCED, CaseState.IN_PROGRESS, CaseState.COMPLETED):
            case_state.change(store.conn, case_id, s, actor="portal", at=T0 + timedelta(days=3))
    assert kinds(store, case_id) == ["received", "due", "decided"]
    due = store.conn.execute("SELECT due_date FROM events WHERE kind = 'due'").fetchone()[0]
    assert due == d.due_date.isoformat() if d.due_date else False
    first = figures.period(store.conn, T0.date(), T0.date()).total
    assert first["received"] == 1 and first["accepted"] == 1 and first["decided"] == 0
    later = T0.date() + timedelta(days=3)
    assert figures.period(store.conn, later, later).total["decided"] == 1
    # Nothing about the citizen: no name, no ID number in any event.
    dump = "\n".join(str(tuple(r)) for r in store.conn.execute("SELECT * FROM events"))
    assert "测试甲" not in dump and d.capture.applicant.id_number not in dump


# --- property tests: any possible life of a ticket; the roll-ups' sums are the events' ---

# One step of a ticket's life after it is waiting or at a window: (what, minutes later).
_AT_WINDOW = st.sampled_from(["serve_finish", "finish", "skip_recall", "skip_gone", "transfer"])


@st.composite
def lives(draw: st.DrawFn) -> list[tuple[str, int]]:
    """A possible life: taken, then calls with what followed each, each step minutes apart."""
    life = [("taken", 0)]
    while True:
        life.append(("called", draw(st.integers(0, 90))))
        what = draw(_AT_WINDOW)
        if what == "serve_finish":
            life += [
                ("served_from", draw(st.integers(0, 3))),
                ("served_to", draw(st.integers(1, 40))),
            ]
            return life
        if what == "finish":
            return [*life, ("served_to", draw(st.integers(1, 40)))]
        if what == "skip_gone":
            return [*life, ("skipped", 1), ("no_show", draw(st.integers(1, 30)))]
        if what == "skip_recall":
            life += [("skipped", 1), ("called", draw(st.integers(1, 10))), ("served_to", 5)]
            return life
        life.append(("transferred", draw(st.integers(0, 20))))
        if len(life) > 12:
            return [*life, ("no_show", 1)]


def expected(life: list[tuple[str, int]]) -> tuple[int, int, int, int]:
    """(waits, wait seconds, handlings, handling seconds) by hand, as a supervisor would count."""
    waits = wait_s = handled = handle_s = 0
    minute, since, begun, waiting = 0, 0, 0, False
    for kind, gap in life:
        minute += gap
        if kind in ("taken", "transferred"):
            since, waiting = minute, True
        elif kind == "called":
            if waiting:
                waits, wait_s, waiting = waits + 1, wait_s + (minute - since) * 60, False
            begun = minute
        elif kind == "served_from":
            begun = minute
        elif kind == "served_to":
            handled, handle_s = handled + 1, handle_s + (minute - begun) * 60
    return waits, wait_s, handled, handle_s


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(lives(), st.integers(0, 8 * 60), st.integers(1, 4)), min_size=1, max_size=8)
)
def test_sums_of_the_roll_ups_are_the_sums_of_any_possible_lives(
    tmp_path_factory: pytest.TempPathFactory, many: list[tuple[list[tuple[str, int]], int, int]]
) -> None:
    store = open_store(tmp_path_factory.mktemp("p") / "t.db", create=True)
    want = [0, 0, 0, 0]
    try:
        with store.write():
            for n, (life, start, window) in enumerate(many):
                at = T0 + timedelta(minutes=start)
                for kind, gap in life:
                    at += timedelta(minutes=gap)
                    ev = events.Event(f"t{n}", kind, at, T, window, f"c{window}", "A")
                    events.record(store.conn, ev)
                want = [a + b for a, b in zip(want, expected(life), strict=True)]
        last = (T0 + timedelta(days=2)).date()
        f = figures.period(store.conn, T0.date(), last)
        got = f.total
        assert [got["waits"], got["wait_sum"], got["handled"], got["handle_sum"]] == want
        assert got["taken"] == len(many)
        for dim in ("window", "clerk", "hour", "day"):  # every cut adds up to the whole
            assert sum(r["served"] for r in f.by[dim]) == got["served"]
            assert sum(r["wait_sum"] for r in f.by[dim]) == got["wait_sum"]
        raw = _raw(store.conn)
        assert raw == (got["called"], got["wait_sum"], got["handle_sum"])
    finally:
        store.close()


def _raw(conn: sqlite3.Connection) -> tuple[int, int, int]:
    row = conn.execute(
        "SELECT sum(kind = 'called'), coalesce(sum(CASE kind WHEN 'called' THEN seconds END), 0),"
        " coalesce(sum(CASE kind WHEN 'served_to' THEN seconds END), 0) FROM events"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


@given(
    st.lists(
        st.sampled_from(
            ["taken", "called", "served_from", "served_to", "skipped", "transferred", "no_show"]
        ),
        max_size=8,
    )
)
def test_every_accepted_order_starts_with_taken_and_nothing_follows_the_end(
    order: list[str],
) -> None:
    past: list[tuple[str, datetime]] = []
    for kind in order:
        try:
            step(past, kind, T0)
        except EventOrderRefused:
            continue
        past.append((kind, T0))
    accepted = [k for k, _ in past]
    assert not accepted or accepted[0] == "taken"
    assert accepted.count("taken") <= 1
    for end in ("served_to", "no_show"):
        if end in accepted:
            assert accepted[-1] == end
    for i, k in enumerate(accepted):
        if k in ("served_from", "skipped"):
            assert accepted[i - 1] == "called"


def test_week_and_month_begin_where_a_supervisor_expects() -> None:
    assert figures.week_of(date(2026, 11, 26)) == (date(2026, 11, 23), date(2026, 11, 26))
    assert figures.month_of(date(2026, 11, 26)) == (date(2026, 11, 1), date(2026, 11, 26))


def test_the_hall_now_counts_who_waits_and_the_longest_wait(store: Store) -> None:
    for minute in (0, 10, 20):
        hall.issue_local(store, group="A", window=3, terminal=T, at=T0 + timedelta(minutes=minute))
    hall.call_next_local(store, window=3, groups=["A"], terminal=T, at=T0 + timedelta(minutes=30))
    now = figures.hall_now(store.conn, T0 + timedelta(minutes=40))
    assert now == {"waiting": 2, "longest": 30 * 60}  # the 09:10 ticket, the first one called
