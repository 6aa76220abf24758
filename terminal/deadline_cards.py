"""Deadline cards (黄牌/红牌, issue 17): the promises a case carries, watched.

Four clocks, each counted in working days by the calendar in use (holidays and 调休 as they
should count):

- ``due``: an accepted case's promised completion date (``cases.due_date``, 加急 included:
  terminal/fees.py computed it at receipt).
- ``notice``: a 补正 case whose one-time notice (一次性告知) has not been issued, within five
  working days of receipt (《行政许可法》第三十二条, ``cases.notice_due``). It applies only
  where the notice was not handed over: a notice counts as issued once a print of it
  finished, and a paper case (paper_fallback) was noticed on paper at the counter.
- ``promise``: a 容缺 material promised by a date (the case's materials, terminal/cases.py).
  The terminal records no later arrival of a promised material (the back office takes it):
  the card stands until the case is finished, withdrawn or voided.
- ``return``: a 补正 case whose citizen has not come back by the last day the notice gave
  (terminal/case_events.return_by).
- ``verify``: a 告知承诺 (signed promise, terminal/pledges.py) to be checked (核查) by its day:
  the window lists the promises due for checking (issue 16). Like ``promise``, it stands
  while the case is open; the longer threshold applies (a 核查 takes days, not a visit).

A clock is yellow from ``yellow`` working days before its day up to and including that day
(0: yellow on the day itself only), red from the day after. The thresholds differ by
province: config ``card_yellow_working_days`` (the promised completion date) and
``card_yellow_working_days_short`` (the short clocks: notice, 容缺, 补正 return).

A finished, not approved, voided, withdrawn or rejected case shows no card. Nothing about
the citizen beyond a masked name: the receipt number finds the case.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from terminal.case_events import return_by
from terminal.case_machine import CaseState
from terminal.config import Config
from terminal.identity import mask_name
from terminal.workdays import Calendar

YELLOW, RED = "yellow", "red"
KINDS = ("due", "notice", "promise", "return", "verify")
# States in which a case still owes something; the others (completed, not approved, voided,
# withdrawn, rejected) show no card.
OPEN_STATES = (
    CaseState.ACCEPTED.value,
    CaseState.NEEDS_CORRECTION.value,
    CaseState.SYNCED.value,
    CaseState.IN_PROGRESS.value,
    CaseState.CONFLICT.value,
)
# A 补正 case waits for its citizen only until the portal starts work on it.
_WAITING_FOR_CITIZEN = (
    CaseState.NEEDS_CORRECTION.value,
    CaseState.SYNCED.value,
    CaseState.CONFLICT.value,
)


@dataclass(frozen=True)
class Thresholds:
    """Working days before its day that a clock turns yellow."""

    due: int
    short: int

    def of(self, kind: str) -> int:
        return self.due if kind in ("due", "verify") else self.short


def thresholds_of(config: Config) -> Thresholds:
    return Thresholds(config.card_yellow_working_days, config.card_yellow_working_days_short)


@dataclass(frozen=True)
class Card:
    colour: str  # YELLOW or RED
    kind: str  # one of KINDS
    case_id: str
    receipt_no: str
    intake_code: str
    clerk: str  # the user name
    clerk_name: str  # as the case's documents print it
    applicant: str  # masked: 张*
    deadline: date
    left: int  # working days left after today (yellow); 0 when red
    days_over: int  # calendar days past the deadline (red); 0 when yellow
    material: str = ""  # the 容缺 material's code


def colour_of(deadline: date, today: date, calendar: Calendar, yellow: int) -> str | None:
    """RED the day after ``deadline``; YELLOW from ``yellow`` working days before it."""
    if today > deadline:
        return RED
    if calendar.working_days_between(today, deadline) <= yellow:
        return YELLOW
    return None


_COLUMNS = (
    "id, receipt_no, intake_code, decision, state, applicant_name, received_at, due_date,"
    " notice_due, clerk, clerk_name, paper_fallback,"
    " json_extract(materials, '$.promises') AS promises,"
    " json_extract(materials, '$.pledges') AS pledges,"
    " EXISTS (SELECT 1 FROM print_jobs p WHERE p.case_id = cases.id AND p.document = 'notice'"
    " AND p.state = 'done') AS notice_printed"
)
# An accepted case far from its day and with no 容缺 promise is left in the database: a
# year's store holds thousands of open cases, a handful of which carry a card.
_NEAR = (
    " AND (decision != 'accepted' OR due_date < :due_cut"
    " OR json_extract(materials, '$.promises') != '{}'"
    " OR json_extract(materials, '$.pledges') IS NOT NULL)"
)


def _clocks(row: sqlite3.Row, calendar: Calendar) -> list[tuple[str, date, str]]:
    """(kind, day, material) of each clock this case still runs."""
    clocks: list[tuple[str, date, str]] = []
    if row["decision"] == "accepted":
        if row["due_date"]:
            clocks.append(("due", date.fromisoformat(row["due_date"]), ""))
        promises = json.loads(row["promises"] or "{}")
        for code, day in sorted(promises.items()):
            clocks.append(("promise", date.fromisoformat(day), code))
        pledges = json.loads(row["pledges"] or "{}")
        for code, pledge in sorted(pledges.items()):
            clocks.append(("verify", date.fromisoformat(pledge["verify_by"]), code))
    elif row["decision"] == "needs_correction" and row["state"] in _WAITING_FOR_CITIZEN:
        received = date.fromisoformat(str(row["received_at"])[:10])
        issued = bool(row["notice_printed"]) or bool(row["paper_fallback"])
        if row["notice_due"] and not issued:
            clocks.append(("notice", date.fromisoformat(row["notice_due"]), ""))
        clocks.append(("return", return_by(received, calendar), ""))
    return clocks


def cards(
    conn: sqlite3.Connection,
    calendar: Calendar,
    thresholds: Thresholds,
    today: date,
    *,
    clerk: str | None = None,
) -> list[Card]:
    """Every card of the store's open cases (one clerk's only, given ``clerk``): red first,
    the longest over first; then yellow, the nearest day first."""
    # A day carries a card when it comes before the (yellow + 1)th working day after today:
    # the same as colour_of, counted once rather than for every case.
    cut = {k: calendar.add_working_days(today, thresholds.of(k) + 1) for k in KINDS}
    marks = ", ".join(f":s{i}" for i in range(len(OPEN_STATES)))
    params: dict[str, Any] = {f"s{i}": s for i, s in enumerate(OPEN_STATES)}
    params["due_cut"] = cut["due"].isoformat()
    where = f"state IN ({marks}){_NEAR}"
    if clerk is not None:
        where += " AND clerk = :clerk"
        params["clerk"] = clerk
    found: list[Card] = []
    for row in conn.execute(f"SELECT {_COLUMNS} FROM cases WHERE {where}", params):
        for kind, day, material in _clocks(row, calendar):
            if day >= cut[kind]:
                continue
            red = today > day
            found.append(
                Card(
                    colour=RED if red else YELLOW,
                    kind=kind,
                    case_id=row["id"],
                    receipt_no=row["receipt_no"],
                    intake_code=row["intake_code"],
                    clerk=row["clerk"],
                    clerk_name=row["clerk_name"] or row["clerk"],
                    applicant=mask_name(row["applicant_name"]),
                    deadline=day,
                    left=0 if red else calendar.working_days_between(today, day),
                    days_over=(today - day).days if red else 0,
                    material=material,
                )
            )
    found.sort(key=lambda c: (c.colour != RED, -c.days_over, c.deadline, c.receipt_no))
    return found


def counts(found: list[Card]) -> tuple[int, int]:
    """(yellow, red)."""
    red = sum(1 for c in found if c.colour == RED)
    return len(found) - red, red
