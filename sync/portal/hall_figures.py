"""The hall's figures at the reference portal (issue 17): every terminal's daily roll-ups,
kept per terminal and day, summed for the supervisors of the hall.

``POST /api/v1/figures``: a terminal's roll-up rows of some days (sync/figures.py), day,
hour, window, clerk login, service code, counts and sums, nothing about a citizen. Each
day sent replaces that terminal's rows of that day, only when its ``seq`` is newer than the
one kept: a repeat, or a copy held up in the network and delivered after a later one,
changes nothing, so nothing is counted twice. Any terminal of the hall (a kiosk counts the
tickets it issued). The answer names the key it settles (``figures``).

``GET /api/v1/figures?from=&to=``: the days' sums over every terminal of the caller's hall,
per window and per hour of the day, in the shape the supervisor's view reads
(terminal/supervision/figures.py): counts summed, maxima the largest, averages derived.
From a counter only (supervisors sign in there; which of its users may see them is the
terminal's business).
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from sync.link import protocol
from sync.portal.auth import Terminal, counter_only
from sync.portal.fleet import MAX_SEQ
from sync.portal.intake import owner
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal.clock import CHINA
from terminal.supervision.events import COUNTS, MAXIMA
from terminal.supervision.figures import derived

if TYPE_CHECKING:
    from sync.portal.app import Portal

SCHEMA = """
CREATE TABLE IF NOT EXISTS hall_figures (
    owner TEXT NOT NULL,  -- hall and terminal id (intake.owner)
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,  -- the terminal's count of figures documents: what "newer" means
    windows TEXT NOT NULL,  -- JSON: the day's rows per window, clerk and service
    hours TEXT NOT NULL,  -- JSON: the day's rows per hour
    received_at REAL NOT NULL,
    PRIMARY KEY (owner, day)
);
CREATE INDEX IF NOT EXISTS hall_figures_day ON hall_figures (hall, day);
"""
# A busy counter's 35 days are about 0.2 MB (120 tickets a day, 2 clerks, 10 services: measured
# for issue 17); past this it is not figures.
MAX_FIGURES_BYTES = 4 * 1024 * 1024
MAX_SPAN_DAYS = 366
_NUMBERS = (*COUNTS, *MAXIMA)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _sums(row: dict[str, Any]) -> dict[str, int]:
    return {c: int(row.get(c) or 0) for c in _NUMBERS}


def record(conn: sqlite3.Connection, terminal: Terminal, body: Any, now: float) -> dict[str, Any]:
    """Keep each day of ``body`` as this terminal's, where ``seq`` is newer than the kept."""
    if not isinstance(body, dict) or body.get("format") != protocol.FIGURES_FORMAT:
        raise Problem("invalid-request", {"errors": [field_error("format", "not_allowed")]})
    seq, days = body.get("seq"), body.get("days")
    errors = [field_error(f"days/{n}/day", "bad_format") for n, d in enumerate(days or [])
              if not isinstance(d, dict) or _day(d.get("day")) is None]  # fmt: skip
    if errors:
        raise Problem("invalid-request", {"errors": errors}, count=len(errors))
    # The spec's check (validate.py) takes 7.0 for an integer: the portal does not.
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
        raise Problem("invalid-request", {"errors": [field_error("seq", "out_of_range")]})
    if not isinstance(days, list):
        raise Problem("invalid-request", {"errors": [field_error("days", "not_allowed")]})
    kept = 0
    for d in days:
        windows = [{"window": int(r["window"]), "clerk": str(r.get("clerk") or ""),
                    "service": str(r.get("service") or ""), **_sums(r)} for r in d["windows"]]  # fmt: skip
        hours = [{"hour": int(r["hour"]), **_sums(r)} for r in d["hours"]]
        done = conn.execute(
            "INSERT INTO hall_figures (owner, hall, day, seq, windows, hours, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, day) DO UPDATE SET"
            " seq = excluded.seq, windows = excluded.windows, hours = excluded.hours,"
            " received_at = excluded.received_at WHERE excluded.seq > hall_figures.seq",
            (owner(terminal), terminal.hall, d["day"], seq,
             json.dumps(windows, ensure_ascii=False), json.dumps(hours), now),
        )  # fmt: skip
        kept += done.rowcount
    return {"seq": seq, "days": kept}


def _add(into: dict[Any, dict[str, int]], key: Any, row: dict[str, Any]) -> None:
    sums = into.setdefault(key, dict.fromkeys(_NUMBERS, 0))
    for c in COUNTS:
        sums[c] += int(row.get(c) or 0)
    for c in MAXIMA:
        sums[c] = max(sums[c], int(row.get(c) or 0))


def summed(conn: sqlite3.Connection, hall: str, start: date, end: date) -> dict[str, Any]:
    """The hall's sums of the days ``start`` … ``end``: in total, per window, per hour."""
    rows = conn.execute(
        "SELECT owner, windows, hours FROM hall_figures WHERE hall = ? AND day BETWEEN ? AND ?",
        (hall, start.isoformat(), end.isoformat()),
    ).fetchall()
    total: dict[Any, dict[str, int]] = {}
    windows: dict[Any, dict[str, int]] = {}
    hours: dict[Any, dict[str, int]] = {}
    for row in rows:
        for r in json.loads(row["windows"]):
            _add(total, None, r)
            _add(windows, r["window"], r)
        for r in json.loads(row["hours"]):
            _add(hours, r["hour"], r)
    return {
        "total": derived(total.get(None, {})),
        "by": {
            "window": [{"key": k} | derived(v) for k, v in sorted(windows.items())],
            "hour": [{"key": k} | derived(v) for k, v in sorted(hours.items())],
        },
        "terminals": len({r["owner"] for r in rows}),
    }


def _push(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    if len(request.body) > MAX_FIGURES_BYTES:
        raise Problem("payload-too-large")
    body = request.json()
    with portal.db.write() as conn:
        kept = record(conn, terminal, body, portal.clock())
    return Answer(200, {"figures": key, **kept})


def _hall(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    counter_only(terminal, None)
    query = parse_qs(urlsplit(request.target).query)
    start = _day(query.get("from", [""])[0])
    end = _day(query.get("to", [""])[0])
    if start is None or end is None or end < start or (end - start).days >= MAX_SPAN_DAYS:
        raise Problem("bad-request")
    now = portal.clock()
    with portal.db.read() as conn:
        sums = summed(conn, terminal.hall, start, end)
    as_of = datetime.fromtimestamp(now, CHINA).isoformat(timespec="seconds")
    return Answer(200, {"hall": terminal.hall, "from": start.isoformat(), "to": end.isoformat(),
                        "as_of": as_of, **sums})  # fmt: skip


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_FIGURES), _push),
    ("GET", re.compile(protocol.PATH_FIGURES), _hall),
]
