"""Queue changes waiting in the outbox: offline tickets handed over, changes to the portal's tickets.

Rows go strictly in outbox order, so a ticket's snapshot reaches the portal before any
later change to it; the first failure ends the pass (the rest wait behind it). Runs of
snapshots go as one batch. A refused change to a ticket is settled for good (the
portal's state wins and comes back with the refusal); a refused snapshot is
quarantined for a person, because the portal then lacks a citizen's ticket.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sync.cases import outbox
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.answers import BatchNotTaken, Outcome, Refused, Taken, Unanswered
from sync.link.client import PortalClient
from terminal import hall, journal
from terminal.store import Store

KINDS = (hall.OUTBOX_MERGE, hall.OUTBOX_ACTION)


def waiting_rows(conn: sqlite3.Connection, limit: int = 200) -> list[outbox.Row]:
    return outbox.pending(conn, KINDS, limit)


def own_unhanded(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) FROM queue_tickets WHERE origin = 'local' AND handed_over = 0"
    ).fetchone()
    return int(row[0])


def push(
    store: Store,
    client: PortalClient,
    *,
    terminal: str,
    now: Callable[[], datetime],
    deadline: float | None = None,
) -> int:
    """Send what waits, in order, until nothing does; a LinkDown ends the pass (and is raised)."""
    sent = 0
    while deadline is None or time.monotonic() < deadline:
        rows = waiting_rows(store.conn)
        if not rows:
            break
        run = rows[:1]
        if rows[0].kind == hall.OUTBOX_MERGE:
            run = [r for r in rows[: protocol.MAX_BATCH]]
            stop = next((i for i, r in enumerate(run) if r.kind != hall.OUTBOX_MERGE), len(run))
            run = run[:stop]
        try:
            outcomes = _exchange(client, run)
        except LinkDown as e:
            outbox.note_failure(store, run, e)
            raise
        sent += settle(store, run, outcomes, terminal, now())
        if any(isinstance(o, Unanswered) for o in outcomes):
            break  # the portal did not answer for a row: its turn comes again next pass
    return sent


def _exchange(client: PortalClient, run: list[outbox.Row]) -> list[Outcome]:
    if run[0].kind == hall.OUTBOX_ACTION:
        body = json.loads(run[0].body)
        path = protocol.path_ticket_action(str(body["ticket_id"]), str(body["action"]))
        return [client.push_one(path, run[0].key, run[0].body)]
    try:
        return client.queue_merge([(r.key, r.body) for r in run])
    except BatchNotTaken as e:
        if len(run) == 1:
            problem = {"type": protocol.problem_type("bad-request"), "status": e.status}
            return [Refused(run[0].key, e.status, problem, e.proof)]
        return [o for r in run for o in _exchange(client, [r])]


def settle(
    store: Store, rows: list[outbox.Row], outcomes: list[Outcome], terminal: str, at: datetime
) -> int:
    """The portal's answers for one exchange, applied in one transaction; how many were taken."""
    taken = 0
    with store.write():
        conn = store.conn
        answers = outbox.Answers(conn, at)
        for row, outcome in zip(rows, outcomes, strict=True):
            ticket_id = str(json.loads(row.body)["ticket_id"])
            if isinstance(outcome, Taken) and outcome.proof is not None:
                outbox.mark_sent(conn, row, at, answers.keep(outcome.proof))
                hall.delivered(conn, ticket_id)
                _apply(conn, row, outcome.answer)
                taken += 1
            elif isinstance(outcome, Refused) and outcome.proof is not None:
                _refused(conn, row, ticket_id, outcome, answers.keep(outcome.proof), terminal, at)
            else:
                outbox.count_attempt(conn, [row], {"id": "sync.link.unanswered", "params": {}})
    return taken


def _apply(conn: sqlite3.Connection, row: outbox.Row, answer: dict[str, Any]) -> None:
    # A snapshot's answer is the ticket itself; an action's carries the ticket and any call.
    ticket = answer if row.kind == hall.OUTBOX_MERGE else answer.get("ticket")
    if isinstance(ticket, dict) and "seq" in ticket:
        hall.mirror(conn, ticket, force=True)
    if row.kind == hall.OUTBOX_ACTION and isinstance(answer.get("call"), dict):
        hall.record_call(conn, answer["call"], "portal")


def _refused(
    conn: sqlite3.Connection,
    row: outbox.Row,
    ticket_id: str,
    refused: Refused,
    answer_id: int,
    terminal: str,
    at: datetime,
) -> None:
    name = protocol.problem_name(str(refused.problem.get("type", "")))
    number = conn.execute("SELECT ticket_no FROM queue_tickets WHERE id = ?", (ticket_id,))
    found = number.fetchone()
    ticket_no = found[0] if found else ticket_id
    if row.kind == hall.OUTBOX_ACTION:
        # The change came too late (another window, or the portal, moved the ticket first):
        # the portal's state stands, and came back with the refusal.
        reason = {"id": "queue.reason.action_refused", "params": {"ticket_no": ticket_no}}
        outbox.mark_sent(conn, row, at, answer_id, reason=reason, problem=refused.problem)
        hall.delivered(conn, ticket_id)
        if isinstance(refused.problem.get("ticket"), dict):
            hall.mirror(conn, refused.problem["ticket"], force=True)
        journal.append(
            conn,
            at=at,
            actor="system",
            terminal=terminal,
            action="queue.action_refused",
            subject=ticket_no,
            details={"outbox": row.id, "kind": row.kind, "status": refused.status, "why": name},
        )
        return
    # The portal lacks a citizen's ticket: a person must look (sync status lists it).
    why = {"window-taken": "queue.reason.window_taken", "number-taken": "queue.reason.number_taken"}
    reason = {"id": why.get(name, "queue.reason.merge_refused"), "params": {"ticket_no": ticket_no}}
    outbox.quarantine(
        conn,
        row,
        refused,
        reason,
        answer_id=answer_id,
        subject=ticket_no,
        terminal=terminal,
        at=at,
    )


def hand_over_and_push(
    store: Store,
    client: PortalClient,
    *,
    terminal: str,
    now: Callable[[], datetime],
    deadline: float | None = None,
) -> int:
    """What waits goes first; then, the portal having just answered, the own offline tickets.

    Call it only right after the portal answered: a handed-over ticket is out of this
    terminal's hands for good, even if the link fails again before it arrives.
    """
    sent = push(store, client, terminal=terminal, now=now, deadline=deadline)
    while own_unhanded(store.conn) and (deadline is None or time.monotonic() < deadline):
        hall.hand_over(store, terminal=terminal, at=now())  # up to 500 a transaction
        sent += push(store, client, terminal=terminal, now=now, deadline=deadline)
    return sent
