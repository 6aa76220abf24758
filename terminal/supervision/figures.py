"""A period's figures from the daily roll-ups (``figures_daily``), and the hall now.

A month is about a thousand roll-up rows (day × window × clerk × service; the hours from
their own day × hour table), so today,
the week and the month each cost a few milliseconds whatever the number of events
(bench/supervision_year.py measures it on a year of them). Averages are sums over counts;
the longest wait is the largest of the rows' maxima.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from terminal.clock import CHINA
from terminal.supervision.events import COUNTS, MAXIMA

# The department is summed from the services' rows (a code's second segment), not a column.
DIMENSIONS = ("window", "clerk", "service", "department", "hour", "day")
_COLUMN = {"window": "window_no", "clerk": "clerk", "service": "service", "hour": "hour"}
_COLUMN["day"] = "day"
_SUMS = (
    ", ".join(f"sum({c}) AS {c}" for c in COUNTS)
    + ", "
    + ", ".join(f"max({c}) AS {c}" for c in MAXIMA)
)
# What each row of figures shows, in order: counts, then the derived seconds.
SHOWN = (
    "taken",
    "called",
    "served",
    "skipped",
    "transferred",
    "no_show",
    "avg_wait",
    "wait_max",
    "wait_over",
    "avg_handle",
    "handle_max",
    "received",
    "accepted",
    "corrections",
    "rejected",
    "decided",
)


@dataclass(frozen=True)
class Figures:
    start: str  # first day, inclusive (ISO)
    end: str  # last day, inclusive
    total: dict[str, Any]
    by: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def derived(row: dict[str, Any]) -> dict[str, Any]:
    """A row's counts and maxima as integers, with the averages they give (the portal's hall
    sums go through here too, so the view reads one shape whoever summed them)."""
    out = {c: int(row.get(c) or 0) for c in (*COUNTS, *MAXIMA)}
    out["avg_wait"] = round(out["wait_sum"] / out["waits"]) if out["waits"] else 0
    out["avg_handle"] = round(out["handle_sum"] / out["handled"]) if out["handled"] else 0
    return out


def period(
    conn: sqlite3.Connection, start: date, end: date, dims: tuple[str, ...] = DIMENSIONS
) -> Figures:
    """The figures of the days ``start`` … ``end`` (inclusive), in total and per dimension."""
    span = (start.isoformat(), end.isoformat())
    where = "FROM figures_daily WHERE day BETWEEN ? AND ?"
    total = derived(dict(conn.execute(f"SELECT {_SUMS} {where}", span).fetchone()))
    by: dict[str, list[dict[str, Any]]] = {}
    asked = (*dims, "service") if "department" in dims and "service" not in dims else dims
    for dim in asked:
        if dim == "department":
            continue  # summed from the services' rows below
        col = _COLUMN[dim]
        table = "figures_hourly" if dim == "hour" else "figures_daily"
        cut = where.replace("figures_daily", table)
        rows = conn.execute(f"SELECT {col} AS key, {_SUMS} {cut} GROUP BY 1 ORDER BY 1", span)
        by[dim] = [{"key": r["key"]} | derived(dict(r)) for r in rows]
    if "department" in dims:
        by["department"] = by_department(by["service"])
        if "service" not in dims:
            del by["service"]
    return Figures(span[0], span[1], total, by)


def department_of(service: str) -> str:
    """The department is a service code's second segment (``310104-GA-JZZ-0001`` → GA), as
    terminal/hall/groups.py reads it; a queue group (a ticket not yet a case) has none: ""."""
    parts = service.split("-")
    return parts[1] if len(parts) > 1 else ""


def by_department(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The services' rows summed per department: counts added, maxima the largest."""
    sums: dict[str, dict[str, int]] = {}
    for r in services:
        into = sums.setdefault(department_of(str(r["key"] or "")), {})
        for c in COUNTS:
            into[c] = into.get(c, 0) + r[c]
        for c in MAXIMA:
            into[c] = max(into.get(c, 0), r[c])
    return [{"key": k} | derived(v) for k, v in sorted(sums.items())]


def week_of(day: date) -> tuple[date, date]:
    """Monday … the day itself: the week so far."""
    return day - timedelta(days=day.weekday()), day


def month_of(day: date) -> tuple[date, date]:
    return day.replace(day=1), day


def hall_now(conn: sqlite3.Connection, at: datetime) -> dict[str, int]:
    """Waiting now, and how long the longest of them has waited (seconds), from the queue."""
    from terminal.hall.model import day_of

    row = conn.execute(
        "SELECT count(*), min(issued_at) FROM queue_tickets"
        " WHERE day = ? AND state IN ('waiting', 'transferred')",
        (day_of(at),),
    ).fetchone()
    longest = 0
    if row[1]:
        longest = max(0, int((at - datetime.fromisoformat(row[1])).total_seconds()))
    return {"waiting": int(row[0]), "longest": longest}


@dataclass(frozen=True)
class ViewFigures:
    """What the supervisor's view shows in 大厅概况: the hall now, today and the week so far,
    in total and per window."""

    now: dict[str, int]
    today: Figures
    week: Figures


def for_view(conn: sqlite3.Connection, at: datetime) -> ViewFigures:
    day = at.astimezone(CHINA).date()
    today = period(conn, day, day, ("window", "hour"))
    return ViewFigures(hall_now(conn, at), today, period(conn, *week_of(day), ("window",)))
