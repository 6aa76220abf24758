"""The queue's entries of the portal's feed: tickets, calls and kiosks' calls for help.

Two readers apply them: ``pull`` (the sync worker's whole feed, every 30 s) and the
queue watcher (the ``queue`` topic alone, long-polled, so a call reaches the hall's
displays at once). Both are safe together: a ticket takes a state only newer than the
one it has (the portal's ``seq``), and a call is kept once by its id.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from functools import partial
from typing import Any

from sync.feed import cursors
from sync.feed.guard import apply_guarded
from terminal import hall
from terminal.hall import help as hall_help
from terminal.store import Store

KINDS = ("queue.ticket", "queue.call", "queue.help")
FEED = "queue"  # the watcher's own cursor in sync_cursors; the worker's is "portal"
log = logging.getLogger("tongban.sync")


def apply_change(conn: sqlite3.Connection, kind: str, data: dict[str, Any], seq: int) -> None:
    if kind == "queue.ticket":
        hall.mirror(conn, data | {"seq": seq})
    elif kind == "queue.call":
        hall.record_call(conn, data, "portal")
    elif kind == "queue.help":  # a kiosk's call for a clerk (terminal/hall/help.py)
        hall_help.mirror(conn, data | {"seq": seq})


def cursor(conn: sqlite3.Connection) -> int:
    return cursors.cursor(conn, FEED)


def apply_page(store: Store, page: dict[str, Any], terminal: str, at: datetime) -> int:
    """One page of the queue topic and the watcher's cursor, in one transaction.

    Not journaled page by page (a page a call): the same entries come down the main
    feed, whose pages the journal records.
    """
    applied = 0
    with store.write():
        conn = store.conn
        before = cursor(conn)
        for change in page["changes"]:
            if change["seq"] <= before or change.get("kind") not in KINDS:
                continue
            if apply_guarded(
                conn,
                change,
                partial(apply_change, conn, change["kind"], change["data"], change["seq"]),
                terminal=terminal,
                at=at,
            ):
                applied += 1
        cursors.advance(conn, FEED, page["last_seq"], at)
    return applied
