"""The link as IT and the clerk see it: online or offline since when, waiting, stuck and why.

Kept in the store (``sync_state``), so ``tongban sync status`` in another
process, or the window after a restart, tells the same story as the worker.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sync.cases import outbox
from sync.errors import LinkDown
from sync.feed import calendar as calendar_feed
from sync.feed import pull
from sync.link.keys import TerminalKey
from terminal import journal
from terminal.case_events import OUTBOX_CASE_EVENT
from terminal.clock import now, stamp
from terminal.heartbeat import NOT_HEARTBEAT
from terminal.store import Store

# Beyond this the terminal's clock is reported as wrong (receipts print its time).
SKEW_WARNING_SECONDS = 60.0


@dataclass(frozen=True)
class StuckRow:
    outbox_id: int
    case_id: str | None
    receipt_no: str | None
    kind: str
    state: str  # 'quarantined' (a person must act) or 'pending' (keeps failing)
    attempts: int
    reason: dict[str, Any] | None


@dataclass(frozen=True)
class ConflictCase:
    case_id: str
    receipt_no: str
    portal_case_no: str | None


@dataclass(frozen=True)
class RefusedEvent:
    """A counter's event the portal refused with its signed word (sync/cases/outbox.py
    ``refused_event``): the case is back in the portal's state, and the clerk is told."""

    outbox_id: int
    case_id: str
    receipt_no: str
    event: str  # materials_complete, withdrawn, voided, corrected
    state: str  # the case's local state now (the portal's)
    at: str


# A refusal is shown to the clerk for this long after it came (a window restarted the next
# morning still says it; one from last month does not).
REFUSED_SHOWN_DAYS = 3


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    portal_url: str | None
    key_id: str | None
    online: bool | None  # None: never tried
    offline_since: str | None
    last_success: str | None
    last_attempt: str | None
    problem: dict[str, Any] | None
    problem_needs_it: bool
    waiting: int  # pending rows, and rows marked sent without the portal's signed answer
    stuck: list[StuckRow] = field(default_factory=list)
    conflicts: list[ConflictCase] = field(default_factory=list)
    cursor: int = 0
    clock_skew: float | None = None
    portal_catalogue: str | None = None  # the newest version the portal announced
    portal_catalogue_state: str | None = None  # announced, ready or refused
    portal_catalogue_problem: str | None = None  # why it was refused
    # Rows marked sent that hold no signed answer of the portal: not delivered as far as
    # anyone can prove (the store refuses this from schema v8 on; counted in case it is
    # ever forced by hand).
    unproven: int = 0
    # The journal is not the one the portal knew (sync/journal_anchor.py): what the portal keeps,
    # and what this journal has at that entry ('missing', 'other' or 'same').
    journal_fork: dict[str, Any] | None = None
    # The last heartbeat (sync/heartbeat/send.py): its number and when the portal took it,
    # or why the last try was not taken.
    heartbeat: dict[str, Any] | None = None
    # Attachments the portal has not confirmed yet (sync/attachments): files and bytes.
    attachments_waiting: int = 0
    attachment_bytes_waiting: int = 0
    # The working-day calendar (sync/feed/calendar.py ``status``): in force, newest announced.
    calendar: dict[str, Any] | None = None
    # Events the portal refused lately (REFUSED_SHOWN_DAYS), newest first: the window says so.
    refused_events: list[RefusedEvent] = field(default_factory=list)

    @property
    def clock_wrong(self) -> bool:
        return self.clock_skew is not None and abs(self.clock_skew) > SKEW_WARNING_SECONDS

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def get(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def put(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def record_enrolment(store: Store, key: TerminalKey) -> None:
    with store.write():
        put(
            store.conn,
            "enrolment",
            {
                "key_id": key.key_id,
                "portal_url": key.portal_url,
                "terminal_id": key.terminal_id,
                "enrolled_at": key.enrolled_at,
            },
        )


def _journal_link(store: Store, at: datetime, action: str, details: dict[str, Any]) -> None:
    """An outage's start or end, by the terminal itself, in the caller's transaction."""
    journal.append(
        store.conn,
        at=at,
        actor="system",
        terminal=(get(store.conn, "enrolment") or {}).get("terminal_id") or "-",
        action=action,
        subject="portal",
        details=details,
    )


def record_success(store: Store, at: datetime, skew: float | None) -> None:
    with store.write():
        when = stamp(at)
        was = get(store.conn, "link") or {}
        if was.get("online") is False:  # an outage ends: on the record, from and to (N3)
            _journal_link(store, at, "link.up", {"down_from": was.get("since"), "down_to": when})
        put(store.conn, "link", {"online": True, "since": when})
        put(store.conn, "last_success", when)
        put(store.conn, "last_attempt", when)
        put(store.conn, "problem", None)
        if skew is not None:
            put(store.conn, "clock_skew", round(skew, 3))


def record_failure(store: Store, at: datetime, failure: LinkDown, skew: float | None) -> None:
    with store.write():
        when = stamp(at)
        link = get(store.conn, "link") or {}
        if link.get("online") is not False:
            link = {"online": False, "since": when}  # offline since the first failure
            _journal_link(store, at, "link.down", {"since": when, "reason": failure.msg_id})
        put(store.conn, "link", link)
        put(store.conn, "last_attempt", when)
        put(store.conn, "problem", {**failure.reason(), "needs_it": failure.needs_it})
        if skew is not None:
            put(store.conn, "clock_skew", round(skew, 3))


def read_status(conn: sqlite3.Connection) -> SyncStatus:
    enrolment = get(conn, "enrolment") or {}
    link = get(conn, "link") or {}
    problem = get(conn, "problem")
    online = link.get("online")
    # (a heartbeat waiting is nobody's case: not counted as waiting, never stuck)
    pending = conn.execute(
        f"SELECT count(*) FROM outbox WHERE state = 'pending' AND {NOT_HEARTBEAT}"
    ).fetchone()[0]
    unproven = conn.execute(
        "SELECT count(*) FROM outbox WHERE state = 'sent' AND answer_id IS NULL"
    ).fetchone()[0]
    files = conn.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM attachment_uploads WHERE state = 'pending'"
    ).fetchone()
    catalogue = conn.execute(
        "SELECT version, state, problem FROM portal_catalogues ORDER BY portal_seq DESC LIMIT 1"
    ).fetchone()
    return SyncStatus(
        enrolled=bool(enrolment),
        portal_url=enrolment.get("portal_url"),
        key_id=enrolment.get("key_id"),
        online=online,
        offline_since=link.get("since") if online is False else None,
        last_success=get(conn, "last_success"),
        last_attempt=get(conn, "last_attempt"),
        problem={"id": problem["id"], "params": problem["params"]} if problem else None,
        problem_needs_it=bool(problem and problem.get("needs_it")),
        waiting=int(pending) + int(unproven),
        unproven=int(unproven),
        journal_fork=_journal_fork(conn),
        heartbeat=get(conn, "heartbeat"),
        stuck=stuck_rows(conn),
        conflicts=conflict_cases(conn),
        cursor=pull.cursor(conn),
        clock_skew=get(conn, "clock_skew"),
        portal_catalogue=catalogue[0] if catalogue else None,
        portal_catalogue_state=catalogue[1] if catalogue else None,
        portal_catalogue_problem=catalogue[2] if catalogue else None,
        attachments_waiting=int(files[0]),
        attachment_bytes_waiting=int(files[1]),
        calendar=calendar_feed.status(conn),
        refused_events=refused_events(conn),
    )


def _journal_fork(conn: sqlite3.Connection) -> dict[str, Any] | None:
    recorded = get(conn, "journal_anchor")
    if not recorded or recorded.get("state") != "fork":
        return None
    kept_seq = recorded.get("kept_seq")
    return fork_facts(conn, kept_seq) if isinstance(kept_seq, int) else None


def fork_facts(conn: sqlite3.Connection, kept_seq: int) -> dict[str, Any]:
    """The entry the portal keeps of this terminal's journal, and what this journal has
    there: no such entry ('missing'), or another one ('other')."""
    have = journal.hash_at(conn, kept_seq)
    return {
        "portal_seq": kept_seq,
        "local": "missing" if have is None else "other",
        "local_seq": journal.head(conn)[0],
    }


def stuck_rows(conn: sqlite3.Connection, limit: int = 200) -> list[StuckRow]:
    rows = conn.execute(
        "SELECT o.id, o.case_id, c.receipt_no, o.kind, o.state, o.attempts,"
        " CASE o.state WHEN 'quarantined' THEN o.reason ELSE o.last_error END"
        " FROM outbox o LEFT JOIN cases c ON c.id = o.case_id"
        " WHERE (o.state = 'quarantined' OR (o.state = 'pending' AND o.attempts >= ?))"
        f" AND o.{NOT_HEARTBEAT}"
        " ORDER BY o.id LIMIT ?",
        (outbox.STUCK_AFTER, limit),
    ).fetchall()
    return [
        StuckRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else None)
        for r in rows
    ]


def conflict_cases(conn: sqlite3.Connection, limit: int = 200) -> list[ConflictCase]:
    rows = conn.execute(
        "SELECT id, receipt_no, portal_case_no FROM cases WHERE state = 'conflict'"
        " ORDER BY updated_at LIMIT ?",
        (limit,),
    ).fetchall()
    return [ConflictCase(r[0], r[1], r[2]) for r in rows]


def refused_events(conn: sqlite3.Connection, limit: int = 20) -> list[RefusedEvent]:
    since = stamp(now() - timedelta(days=REFUSED_SHOWN_DAYS))
    rows = conn.execute(
        "SELECT o.id, o.case_id, c.receipt_no, json_extract(o.body, '$.kind'), c.state, o.sent_at"
        " FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.kind = ? AND o.state = 'sent'"
        " AND json_extract(o.reason, '$.id') = 'sync.reason.event_refused' AND o.sent_at >= ?"
        " ORDER BY o.id DESC LIMIT ?",
        (OUTBOX_CASE_EVENT, since, limit),
    ).fetchall()
    return [RefusedEvent(r[0], r[1], r[2], str(r[3]), r[4], r[5]) for r in rows]
