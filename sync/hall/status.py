"""The queue as one window sees it, from the store alone: for ``tongban queue status`` and the UI."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from sync import state
from sync.hall import push as queue_push
from terminal import hall
from terminal.clock import now as clock_now
from terminal.i18n import current_language, tr


def status(
    conn: sqlite3.Connection, groups: hall.Groups, window: int, at: datetime | None = None
) -> dict[str, Any]:
    """Counts per group, the window's tickets in hand, waiting and recently called, the calls."""
    day = hall.day_of(at or clock_now())
    serves = groups.for_window(window)
    link = state.read_status(conn).online
    return {
        "day": day,
        "window": window,
        "groups": list(serves),
        "online": link,
        "counts": hall.counts(conn, day),
        "current": [t.to_json() for t in hall.current(conn, window)],
        "waiting": [t.to_json() for t in hall.waiting(conn, window=window, groups=serves, day=day)],
        "recently_called": [t.to_json() for t in hall.recently_called(conn, window, day)],
        "calls": [c.to_json() for c in hall.recent_calls(conn, limit=10)],
        "appointments": [
            a
            for a in hall.appointments(conn, day)
            if groups.for_code(a["intake_code"]).prefix in serves
        ],
        "unsent": len(queue_push.waiting_rows(conn, 10_000)),
        "own_offline": queue_push.own_unhanded(conn),
    }


def _numbers(tickets: list[dict[str, Any]]) -> str:
    marks = {"appointment": tr("queue.priority.appointment"), "green": tr("queue.priority.green")}
    shown = [
        t["ticket_no"] + (f"({marks[t['priority']]})" if t["priority"] in marks else "")
        for t in tickets[:30]
    ]
    return " ".join(shown) if shown else "-"


def status_lines(report: dict[str, Any], groups: hall.Groups) -> list[str]:
    online = {
        True: "queue.status.online",
        False: "queue.status.offline",
        None: "queue.status.never",
    }
    lines = [
        tr(
            "queue.status.head",
            day=report["day"],
            window=report["window"],
            groups=" ".join(report["groups"]),
            link=tr(online[report["online"]]),
        )
    ]
    for prefix, by_state in sorted(report["counts"].items()):
        counts = ", ".join(f"{tr('queue.state.' + s)} {n}" for s, n in sorted(by_state.items()))
        lines.append(
            tr("queue.status.group", prefix=prefix, name=_label(groups, prefix), counts=counts)
        )
    lines.append(tr("queue.status.current", tickets=_numbers(report["current"])))
    lines.append(tr("queue.status.waiting", tickets=_numbers(report["waiting"])))
    missed = [t for t in report["recently_called"] if t["state"] == "missed"]
    lines.append(
        tr(
            "queue.status.recent",
            tickets=_numbers(report["recently_called"]),
            missed=_numbers(missed),
        )
    )
    heard = [f"{c['ticket_no']}→{c['window']}" for c in report["calls"]]
    lines.append(tr("queue.status.calls", calls=" ".join(heard) or "-"))
    lines.append(tr("queue.status.unsent", unsent=report["unsent"], own=report["own_offline"]))
    return lines


def _label(groups: hall.Groups, prefix: str) -> str:
    try:
        return groups.get(prefix).label(current_language())
    except hall.QueueError:
        return prefix
