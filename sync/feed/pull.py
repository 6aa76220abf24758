"""Pull what the portal knows, after the last sequence number applied; never by time.

Each page is applied, and the cursor moved past it, in one transaction: after
a crash the page is either all applied with its cursor or not at all, and
applying it again is harmless (every change is an upsert or a move to a state).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sync.cases import followups as case_followups
from sync.cases import localcases, reconfirm, result_news
from sync.errors import LinkDown
from sync.feed import cursors
from sync.feed.guard import apply_guarded
from sync.hall import feed as queue_feed
from sync.link.client import PortalClient
from terminal import calendar_versions, journal
from terminal.clock import stamp
from terminal.store import Store

FEED = "portal"
log = logging.getLogger("tongban.sync")


@dataclass
class PullResult:
    applied: int = 0
    cursor: int = 0


def cursor(conn: sqlite3.Connection, feed: str = FEED) -> int:
    return cursors.cursor(conn, feed)


def pull(
    store: Store,
    client: PortalClient,
    *,
    terminal: str,
    now: Callable[[], datetime],
    page_size: int = 500,
    stop: threading.Event | None = None,
) -> PullResult:
    result = PullResult(cursor=cursor(store.conn))
    while stop is None or not stop.is_set():
        page = client.changes(result.cursor, page_size)
        went_back = reconfirm.paused_at(store.conn)
        if page["last_seq"] < result.cursor or went_back is not None:
            # A portal whose numbers went back (restored from an old backup) would make
            # this terminal skip changes silently: refuse until IT has looked (even once
            # the portal's numbers climbed back past the cursor). What it had acknowledged
            # above its top is gone there: those rows are confirmed again.
            top = int(page["last_seq"])
            with store.write():
                again = reconfirm.after_restore(store.conn, top, terminal, now())
                reconfirm.pause(store.conn, top, now())
            if went_back is not None:
                top = min(top, went_back)
            raise LinkDown(
                "sync.link.cursor_back",
                reached=True,
                needs_it=True,
                have=result.cursor,
                offered=top,
                again=again,
            )
        result.applied += apply_page(store, page, terminal, now())
        result.cursor = page["last_seq"]
        if not page["more"]:
            break
    return result


def apply_page(store: Store, page: dict[str, Any], terminal: str, at: datetime) -> int:
    before = cursor(store.conn)
    applied = 0
    with store.write():
        conn = store.conn
        for change in page["changes"]:
            if change["seq"] <= before:
                continue  # already applied: a page re-read after a lost answer
            apply_guarded(conn, change, partial(_apply, conn, change, at), terminal=terminal, at=at)
            applied += 1
        cursors.advance(conn, FEED, page["last_seq"], at)
        if applied:
            journal.append(
                conn,
                at=at,
                actor="portal",
                terminal=terminal,
                action="sync.pulled",
                subject=FEED,
                details={"after": before, "to": page["last_seq"], "changes": applied},
            )
    return applied


def _apply(conn: sqlite3.Connection, change: dict[str, Any], at: datetime) -> None:
    kind, data, seq = change["kind"], change.get("data"), change["seq"]
    if not isinstance(data, dict):
        log.warning("feed entry %s has no data; skipped", seq)
        return
    if kind == "case.status" and isinstance(data.get("case_id"), str):
        outcome = localcases.apply_portal_status(conn, data["case_id"], data, at)
        if outcome == "unknown":
            log.info("feed entry %s is about a case this terminal does not hold", seq)
    elif kind == "appointment":
        _upsert_appointment(conn, data, seq, at)
    elif kind == "ticket":
        _upsert_ticket(conn, data, seq, at)
    elif kind == "followup":
        case_followups.apply_change(conn, data, seq)
    elif kind == "case.result":
        result_news.apply(conn, data, at)
    elif kind in queue_feed.KINDS:
        queue_feed.apply_change(conn, kind, data, seq)
    elif kind == "catalogue":
        conn.execute(
            "INSERT INTO portal_catalogues (version, published_at, sha256, portal_seq)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (version) DO NOTHING",
            (str(data.get("version")), str(data.get("published_at")), str(data.get("sha256")), seq),
        )
    elif kind == calendar_versions.KIND:
        calendar_versions.record_announcement(conn, data, seq)
    else:
        # A newer portal may send kinds this version does not know: skip, never stop the feed.
        log.info("feed entry %s of kind %s is not known to this version; skipped", seq, kind)


def _upsert_appointment(
    conn: sqlite3.Connection, d: dict[str, Any], seq: int, at: datetime
) -> None:
    conn.execute(
        "INSERT INTO appointments (id, hall, intake_code, slot_start, slot_end, applicant_name,"
        " id_number, state, portal_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET hall = excluded.hall, intake_code = excluded.intake_code,"
        " slot_start = excluded.slot_start, slot_end = excluded.slot_end,"
        " applicant_name = excluded.applicant_name, id_number = excluded.id_number,"
        " state = excluded.state, portal_seq = excluded.portal_seq, updated_at = excluded.updated_at"
        " WHERE excluded.portal_seq > appointments.portal_seq",
        (
            str(d.get("appointment_id")),
            str(d.get("hall", "")),
            str(d.get("intake_code", "")),
            str(d.get("slot_start", "")),
            str(d.get("slot_end", "")),
            str(d.get("applicant_name", "")),
            str(d.get("id_number", "")),
            str(d.get("state", "booked")),
            seq,
            stamp(at),
        ),
    )


def _upsert_ticket(conn: sqlite3.Connection, d: dict[str, Any], seq: int, at: datetime) -> None:
    conn.execute(
        "INSERT INTO tickets (ticket_no, hall, intake_code, appointment_id, state, issued_at,"
        " portal_seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (ticket_no) DO UPDATE SET state = excluded.state,"
        " intake_code = excluded.intake_code, appointment_id = excluded.appointment_id,"
        " portal_seq = excluded.portal_seq, updated_at = excluded.updated_at"
        " WHERE excluded.portal_seq > tickets.portal_seq",
        (
            str(d.get("ticket_no")),
            str(d.get("hall", "")),
            d.get("intake_code"),
            d.get("appointment_id"),
            str(d.get("state", "waiting")),
            str(d.get("issued_at", "")),
            seq,
            stamp(at),
        ),
    )
