"""Writing events: one row in ``events`` and its share of ``figures_daily``, in the caller's
transaction (the queue action or the case write that caused it: both or neither).

A subject this store first sees in mid-life (a ticket a kiosk took, called here; a case
recorded before schema v14) has no history to check against: its first event is kept
for the counts, closing no duration, except a ticket's first call, which is preceded by
its ``taken`` at the ticket's own issue time so its wait counts (not counted as taken
here: the terminal that issued it counts that).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from terminal import logs
from terminal.clock import CHINA, stamp
from terminal.supervision.order import TICKET_KINDS, EventOrderRefused, step

log = logs.get("supervision")
LONG_WAIT = 30 * 60  # a wait over 30 minutes counts as long (the provinces' usual limit)
_FIRST = ("taken", "received")
# Each roll-up table and its key (terminal/schema/v14.py).
_ROLL_UPS = (
    ("figures_daily", ("day", "window_no", "clerk", "service")),
    ("figures_hourly", ("day", "hour")),
)
COUNTS = (
    "taken",
    "called",
    "served",
    "skipped",
    "transferred",
    "no_show",
    "waits",
    "wait_sum",
    "wait_over",
    "handled",
    "handle_sum",
    "received",
    "accepted",
    "corrections",
    "rejected",
    "decided",
    "collected",
)
MAXIMA = ("wait_max", "handle_max")
_OUTCOME = {"accepted": "accepted", "needs_correction": "corrections", "rejected": "rejected"}
_PLAIN = {
    "skipped": "skipped",
    "transferred": "transferred",
    "no_show": "no_show",
    "decided": "decided",
    "collected": "collected",
}


@dataclass(frozen=True)
class Event:
    subject: str  # a ticket's id or a case's id, never a person
    kind: str
    at: datetime
    terminal: str
    window: int = 0
    clerk: str = ""
    service: str = ""  # a service code or a queue group
    outcome: str | None = None  # a received case's decision
    due_date: str | None = None  # the date a due event names

    @property
    def subject_kind(self) -> str:
        return "ticket" if self.kind in TICKET_KINDS else "case"


def share(kind: str, seconds: int | None, outcome: str | None, counted: bool) -> dict[str, int]:
    """What one event adds to its roll-up row (maxima included): pure, for the tests too."""
    add: dict[str, int] = {}
    if kind == "taken" and counted:
        add["taken"] = 1
    elif kind == "called":
        add["called"] = 1
        if seconds is not None:
            add |= {"waits": 1, "wait_sum": seconds, "wait_max": seconds}
            add["wait_over"] = int(seconds > LONG_WAIT)
    elif kind == "served_to":
        add["served"] = 1
        if seconds is not None:
            add |= {"handled": 1, "handle_sum": seconds, "handle_max": seconds}
    elif kind == "received":
        add["received"] = 1
        if outcome in _OUTCOME:
            add[_OUTCOME[outcome]] = 1
    elif kind in _PLAIN:
        add[_PLAIN[kind]] = 1
    return add


def history(conn: sqlite3.Connection, subject: str) -> list[tuple[str, datetime]]:
    rows = conn.execute(
        "SELECT kind, at FROM events WHERE subject = ? ORDER BY id", (subject,)
    ).fetchall()
    return [(k, datetime.fromisoformat(a)) for k, a in rows]


def record(
    conn: sqlite3.Connection, ev: Event, *, strict: bool = True, counted: bool = True
) -> bool:
    """Write ``ev`` and its roll-up share; an impossible order raises ``EventOrderRefused``
    (``strict``) or is left out of the figures and logged (the portal's word, which must
    not be lost for a figure). Must run inside the caller's write transaction."""
    if not conn.in_transaction:
        raise RuntimeError("events.record must run inside a write transaction")
    past = history(conn, ev.subject)
    if not past and ev.kind not in _FIRST:
        seconds = None  # first seen in mid-life: no start to measure from
    else:
        try:
            seconds = step(past, ev.kind, ev.at)
        except EventOrderRefused:
            if strict:
                raise
            log.warning("event %s of %s left out: impossible order", ev.kind, ev.subject)
            return False
    local = ev.at.astimezone(CHINA)
    day, hour = local.date().isoformat(), local.hour
    conn.execute(
        "INSERT INTO events (subject_kind, subject, kind, at, day, hour, window_no, clerk,"
        " service, terminal, outcome, due_date, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        (
            *(ev.subject_kind, ev.subject, ev.kind, stamp(ev.at), day, hour, ev.window),
            *(ev.clerk, ev.service, ev.terminal, ev.outcome, ev.due_date, seconds),
        ),
    )
    add = share(ev.kind, seconds, ev.outcome, counted)
    if add:
        keys = {"day": day, "hour": hour, "window_no": ev.window, "clerk": ev.clerk}
        _roll_up(conn, keys | {"service": ev.service}, add)
    return True


def _roll_up(conn: sqlite3.Connection, keys: dict[str, Any], add: dict[str, int]) -> None:
    cols = list(add)
    sets = ", ".join(
        f"{c} = max({c}, excluded.{c})" if c in MAXIMA else f"{c} = {c} + excluded.{c}"
        for c in cols
    )
    for table, key in _ROLL_UPS:
        names = [*key, *cols]
        conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}",
            (*(keys[k] for k in key), *add.values()),
        )


def case_received(
    conn: sqlite3.Connection,
    case_id: str,
    *,
    service: str,
    outcome: str,
    dates: dict[str, list[str]],
    terminal: str,
    clerk: str,
    at: datetime,
) -> None:
    """A case recorded at the counter: ``received`` with its decision, then each date it
    promises (``dates``: due, notice_due, promise_due → ISO dates), all in this transaction."""
    record(conn, Event(case_id, "received", at, terminal, 0, clerk, service, outcome=outcome))
    for kind, days in dates.items():
        for day in days:
            record(conn, Event(case_id, kind, at, terminal, 0, clerk, service, due_date=day))


def case_decided(
    conn: sqlite3.Connection, case_id: str, outcome: str, *, terminal: str, at: datetime
) -> None:
    """The portal's 办结 (completed or not approved): the portal's word, never refused."""
    row = conn.execute("SELECT intake_code, clerk FROM cases WHERE id = ?", (case_id,)).fetchone()
    service, clerk = (row[0], row[1] or "") if row else ("", "")
    ev = Event(case_id, "decided", at, terminal, clerk=clerk, service=service, outcome=outcome)
    record(conn, ev, strict=False)
