"""Tickets a terminal numbered offline, taken back when its link returns: kept, never renumbered.

The citizen holds a paper with the number on it, so the number stays. It cannot clash:
an offline number names its window (``A3-012``), and a window number belongs to one
terminal a day (``bind_window``): a terminal offering numbers of a window another
terminal holds is refused (409 ``window-taken``) for a person to look at, never merged
over the other's tickets. Each ticket is taken once, by its id; a repeat gets the first
answer again. The portal ranks a waiting ticket by its own clock minus the wait the
terminal measured, so the citizen keeps the place in the queue.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from sync.link import protocol
from sync.portal import intake
from sync.portal.auth import Terminal
from sync.portal.problems import Problem, field_error
from sync.portal.queue import MAX_AGE_SECONDS, bind_window, emit_ticket, mark_arrived
from terminal import hall as q

SCOPE = "queue-merge"


def merge(
    conn: sqlite3.Connection, who: Terminal, items: list[Any], now: float
) -> list[dict[str, Any]]:
    """Each item answered on its own (201 with the ticket, or a problem), all in one transaction."""
    results: list[dict[str, Any]] = []
    for item in items:
        key = item.get("ticket_id") if isinstance(item, dict) else None
        conn.execute("SAVEPOINT item")
        try:
            status, answer, replayed = _merge_one(conn, who, item, now)
        except Problem as p:
            conn.execute("ROLLBACK TO item")
            conn.execute("RELEASE item")
            results.append({"ticket_id": str(key), "status": p.status, "problem": p})
            continue
        conn.execute("RELEASE item")
        results.append(
            {"ticket_id": key, "status": status, "replayed": replayed, "ticket": answer["ticket"]}
        )
    return results


def _errors(item: Any) -> list[dict[str, str]]:
    if not isinstance(item, dict):
        return [field_error("", "not_object")]
    checks = {
        "format": item.get("format") == q.TICKET_FORMAT,
        "ticket_id": isinstance(item.get("ticket_id"), str) and 1 <= len(item["ticket_id"]) <= 200,
        "day": isinstance(item.get("day"), str)
        and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["day"])),
        "state": item.get("state") in q.STATES,
        "priority": item.get("priority") in q.PRIORITIES,
        "calls": isinstance(item.get("calls"), int) and item["calls"] >= 0,
        "age_seconds": isinstance(item.get("age_seconds"), int) and item["age_seconds"] >= 0,
        "issued_at": isinstance(item.get("issued_at"), str),
    }
    for name in ("window", "target_window"):
        value = item.get(name)
        checks[name] = value is None or (isinstance(value, int) and 1 <= value <= 999)
    errors = [field_error(name, "not_allowed") for name, good in checks.items() if not good]
    number = item.get("ticket_no")
    found = q.offline_range_of(number) if isinstance(number, str) else None
    if found is None or found[0] != item.get("group"):
        errors.append(field_error("ticket_no", "not_an_offline_number_of_its_group"))
    return errors


def _merge_one(
    conn: sqlite3.Connection, who: Terminal, item: Any, now: float
) -> tuple[int, dict[str, Any], bool]:
    request_hash = protocol.body_sha256(protocol.canonical_json(item))
    key = item.get("ticket_id") if isinstance(item, dict) else None
    if isinstance(key, str):
        seen = intake._replay(conn, SCOPE, key, request_hash, who)
        if seen is not None:
            return seen[0], seen[1], True
    errors = _errors(item)
    if errors or not isinstance(key, str):
        raise Problem("invalid-request", {"errors": errors})
    _, window = q.offline_range_of(item["ticket_no"]) or ("", 0)
    bind_window(conn, who.hall, item["day"], window, who.terminal_id)
    rank = now - min(item["age_seconds"], MAX_AGE_SECONDS)
    try:
        conn.execute(
            "INSERT INTO queue_tickets (id, hall, day, ticket_no, group_code, priority, state,"
            " window_no, target_window, issued_by, origin, intake_code, appointment_id,"
            " issued_at, called_at, calls, rank) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'terminal', ?, ?, ?, ?, ?, ?)",
            (
                *(key, who.hall, item["day"], item["ticket_no"], item["group"]),
                *(item["priority"], item["state"], item.get("window"), item.get("target_window")),
                *(who.terminal_id, item.get("intake_code"), item.get("appointment_id")),
                *(item["issued_at"], item.get("called_at"), item["calls"], rank),
            ),
        )
    except sqlite3.IntegrityError:
        raise Problem("number-taken", ticket_no=item["ticket_no"]) from None
    mark_arrived(conn, who.hall, item.get("appointment_id"), now)  # checked in while offline
    answer = {"ticket": emit_ticket(conn, key, now)}
    intake._remember(conn, SCOPE, key, request_hash, 201, answer, now, who)
    return 201, answer, False
