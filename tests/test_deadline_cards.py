"""Deadline cards (黄牌/红牌): each clock at its thresholds' edges, counted in working days by
the calendar in use (National Day 2026: 1–7 October off, Saturday 10 October worked), and no
card for a case that is finished, voided or withdrawn."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from terminal import casebook, config, deadline_cards
from terminal.case_events import return_by
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.config import ConfigError
from terminal.deadline_cards import RED, YELLOW, Thresholds, colour_of
from terminal.identity import DocumentKind
from terminal.store import Store
from terminal.workdays import Calendar, default_calendar

from .sync.helpers import invented_id

CAL = default_calendar()
WEEKENDS_ONLY = Calendar(frozenset(), frozenset(), frozenset())
DAY = date(2026, 10, 9)  # a Friday after the National Day week


@pytest.mark.parametrize(
    ("today", "yellow", "expected"),
    [
        (date(2026, 9, 28), 3, None),  # Sep 29, 30, Oct 8, 9: four working days left
        (date(2026, 9, 29), 3, YELLOW),  # three left: the threshold itself is yellow
        (date(2026, 9, 30), 3, YELLOW),  # nine calendar days, but two working days
        (DAY, 0, YELLOW),  # 0: yellow on the day only
        (date(2026, 10, 8), 0, None),
        (date(2026, 10, 10), 0, RED),  # the day after: a worked Saturday
        (date(2026, 10, 10), 20, RED),
    ],
)
def test_a_clock_turns_yellow_and_red_by_working_days(
    today: date, yellow: int, expected: str | None
) -> None:
    assert colour_of(DAY, today, CAL, yellow) == expected


def test_holidays_count_as_days_off_only_with_the_calendar() -> None:
    # Without the holidays Sep 30 → Oct 9 is seven working days: no card yet.
    assert colour_of(DAY, date(2026, 9, 30), WEEKENDS_ONLY, 3) is None
    # Due the last working day before the holiday: red on the first day of it.
    assert colour_of(date(2026, 9, 30), date(2026, 10, 1), CAL, 3) == RED


def _case(
    store: Store,
    cat: Catalogue,
    received: datetime,
    *,
    decision: Decision = Decision.ACCEPTED,
    clerk: str = "wang.li",
    promise: date | None = None,
    paper: bool = False,
) -> str:
    handed = {c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")}
    promises = {}
    if decision is Decision.NEEDS_CORRECTION:
        del handed["CL-ZLHT"]
    elif promise is not None:
        del handed["CL-ZLHT"]
        promises = {"CL-ZLHT": promise}
    cap = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "张三丰", invented_id(7)),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"},
        MaterialsGiven(handed=handed, promises=promises),
    )
    decided = decide(cat, cap, decision, received_at=received, calendar=CAL)
    with store.write():
        return casebook.record_decision(
            store.conn, decided, terminal_id="XH-W03", clerk=clerk, at=received,
            paper_fallback=paper, paper_receipt_no="P-0001" if paper else None,
        )  # fmt: skip


RECEIVED = datetime(2026, 9, 14, 9, 30, tzinfo=CHINA)  # a Monday
T = Thresholds(due=3, short=1)


def _due(store: Store, receipt: str) -> date:
    row = store.conn.execute("SELECT due_date FROM cases WHERE receipt_no = ?", (receipt,))
    return date.fromisoformat(row.fetchone()[0])


def test_an_accepted_case_is_yellow_then_red_and_finished_ones_show_none(
    store: Store, mini_catalogue: Catalogue
) -> None:
    receipt = _case(store, mini_catalogue, RECEIVED)
    due = _due(store, receipt)
    assert due == CAL.add_working_days(RECEIVED.date(), 15)  # 15 working days, holidays skipped
    before = CAL.add_working_days(RECEIVED.date(), 11)  # four working days left: nothing
    assert deadline_cards.cards(store.conn, CAL, T, before) == []
    (card,) = deadline_cards.cards(store.conn, CAL, T, due)
    assert (card.colour, card.kind, card.receipt_no, card.left) == (YELLOW, "due", receipt, 0)
    assert card.applicant == "张**" and card.clerk == "wang.li"
    (card,) = deadline_cards.cards(store.conn, CAL, T, due + timedelta(days=3))
    assert (card.colour, card.days_over) == (RED, 3)
    for state in ("completed", "not_approved", "voided", "withdrawn"):
        store.conn.execute("UPDATE cases SET state = ?", (state,))
        assert deadline_cards.cards(store.conn, CAL, T, due + timedelta(days=3)) == [], state
    store.conn.execute("UPDATE cases SET state = 'in_progress'")
    assert len(deadline_cards.cards(store.conn, CAL, T, due + timedelta(days=3))) == 1


def test_a_clerk_sees_their_own_and_the_order_is_worst_first(
    store: Store, mini_catalogue: Catalogue
) -> None:
    older = _case(store, mini_catalogue, RECEIVED - timedelta(days=7), clerk="li.na")
    mine = _case(store, mini_catalogue, RECEIVED)
    today = _due(store, mine) + timedelta(days=1)
    every = deadline_cards.cards(store.conn, CAL, T, today)
    assert [c.receipt_no for c in every] == [older, mine]  # the longest over first
    assert deadline_cards.counts(every) == (0, 2)
    own = deadline_cards.cards(store.conn, CAL, T, today, clerk="wang.li")
    assert [c.receipt_no for c in own] == [mine]


def test_a_notice_not_issued_within_five_working_days(
    store: Store, mini_catalogue: Catalogue
) -> None:
    receipt = _case(store, mini_catalogue, RECEIVED, decision=Decision.NEEDS_CORRECTION)
    fifth = CAL.add_working_days(RECEIVED.date(), 5)
    kinds = {c.kind: c for c in deadline_cards.cards(store.conn, CAL, T, fifth)}
    assert kinds["notice"].colour == YELLOW  # its last day
    assert CAL.add_working_days(RECEIVED.date(), 4) < fifth
    day_before_edge = CAL.add_working_days(RECEIVED.date(), 3)
    assert deadline_cards.cards(store.conn, CAL, T, day_before_edge) == []  # two left > 1
    late = {c.kind: c for c in deadline_cards.cards(store.conn, CAL, T, fifth + timedelta(1))}
    assert late["notice"].colour == RED
    # Printed: the notice was issued, no card.
    case_id = store.conn.execute("SELECT id FROM cases WHERE receipt_no = ?", (receipt,))
    with store.write():
        store.conn.execute(
            "INSERT INTO print_jobs (id, case_id, document, format, printer, state, clerk,"
            " created_at, updated_at) VALUES ('j1', ?, 'notice', 'a4', 'folder', 'done', 'w',"
            " 'x', 'x')",
            (case_id.fetchone()[0],),
        )
    assert "notice" not in {
        c.kind for c in deadline_cards.cards(store.conn, CAL, T, fifth + timedelta(1))
    }


def test_a_paper_notice_was_issued_at_the_counter(store: Store, mini_catalogue: Catalogue) -> None:
    _case(store, mini_catalogue, RECEIVED, decision=Decision.NEEDS_CORRECTION, paper=True)
    late = CAL.add_working_days(RECEIVED.date(), 6)
    assert [c.kind for c in deadline_cards.cards(store.conn, CAL, T, late)] == []


def test_a_correction_case_past_its_return_deadline(
    store: Store, mini_catalogue: Catalogue
) -> None:
    _case(store, mini_catalogue, RECEIVED, decision=Decision.NEEDS_CORRECTION, paper=True)
    last = return_by(RECEIVED.date(), CAL)
    (card,) = deadline_cards.cards(store.conn, CAL, T, last)
    assert (card.kind, card.colour, card.deadline) == ("return", YELLOW, last)
    (card,) = deadline_cards.cards(store.conn, CAL, T, last + timedelta(days=1))
    assert card.colour == RED
    store.conn.execute("UPDATE cases SET state = 'in_progress'")  # the portal took it on
    assert deadline_cards.cards(store.conn, CAL, T, last + timedelta(days=1)) == []


def test_a_rong_que_promise_past_its_deadline(store: Store, mini_catalogue: Catalogue) -> None:
    promised = date(2026, 9, 18)  # the Friday of the same week
    _case(store, mini_catalogue, RECEIVED, promise=promised)
    (card,) = deadline_cards.cards(store.conn, CAL, T, date(2026, 9, 17))
    assert (card.kind, card.colour, card.material, card.left) == ("promise", YELLOW, "CL-ZLHT", 1)
    (card,) = deadline_cards.cards(store.conn, CAL, T, date(2026, 9, 21))
    assert (card.kind, card.colour, card.days_over) == ("promise", RED, 3)
    assert deadline_cards.cards(store.conn, CAL, Thresholds(3, 0), date(2026, 9, 17)) == []


def test_the_thresholds_come_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("card_yellow_working_days = 5\ncard_yellow_working_days_short = 0\n")
    assert deadline_cards.thresholds_of(config.load(path)) == Thresholds(5, 0)
    path.write_text("card_yellow_working_days = -1\n")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert "card_yellow_working_days" in caught.value.text("zh_CN")
    assert "0–20" in caught.value.text("en")
    path.write_text("card_yellow_working_days_short = 9\n")
    with pytest.raises(ConfigError):
        config.load(path)


@pytest.mark.parametrize("yellow", [0, 1, 3])
def test_the_store_s_cards_agree_with_the_rule_day_by_day(
    store: Store, mini_catalogue: Catalogue, yellow: int
) -> None:
    """Across National Day, every day from three weeks before to a week after the case's day:
    the card the store gives is the one ``colour_of`` says (the store counts a cut-off once)."""
    receipt = _case(store, mini_catalogue, RECEIVED)
    due = _due(store, receipt)
    thresholds = Thresholds(due=yellow, short=yellow)
    for offset in range(-21, 8):
        today = due + timedelta(days=offset)
        found = deadline_cards.cards(store.conn, CAL, thresholds, today)
        expected = colour_of(due, today, CAL, yellow)
        assert [c.colour for c in found] == ([expected] if expected else []), today
