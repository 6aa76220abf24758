"""Fetch the working-day calendars the feed announced, check each and settle it.

As the catalogue's versions are (sync/feed/catalogue.py): the document comes in the
portal's signed answer (an unsigned one is no answer: the version waits for a later
pass), its bytes must match the SHA-256 the signed feed announced, and its content must
pass terminal/calendar_rules.py. A version that fails is refused, once, with the reason
in the store and the journal; the calendar in force stays. A lost link leaves the
version announced, and does not fail the pass: cases keep flowing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from terminal import calendar_versions, signed_versions, workdays
from terminal.i18n import tr
from terminal.signed_versions import Announced
from terminal.store import Store

log = logging.getLogger("tongban.sync")


def fetch_announced(
    store: Store, client: PortalClient, *, terminal: str, now: Callable[[], datetime]
) -> int:
    """Settle the announced versions, oldest first; returns how many were settled."""
    settled = 0
    for announcement in calendar_versions.announced(store.conn, limit=20):
        try:
            _settle(store, client, announcement, terminal, now())
        except LinkDown as e:
            log.info(
                "calendar version %s not fetched this pass: %s", announcement.version, e.msg_id
            )
            break  # the rest wait for the next pass too
        settled += 1
    return settled


def status(conn: sqlite3.Connection) -> dict[str, Any]:
    """For ``tongban sync status`` (and its --json): the portal's version in force here and
    the years it covers (None: the shipped table's), the newest announced and its state."""
    version, years = calendar_versions.portal_in_force(conn)
    newest = calendar_versions.newest(conn)
    return {
        "in_force": version,
        "years": sorted(years or workdays.built_in_years()),
        "newest": newest.version if newest else None,
        "newest_state": newest.state if newest else None,
        "newest_problem": newest.problem if newest else None,
    }


def status_lines(info: dict[str, Any]) -> list[str]:
    years = calendar_versions.years_text(info.get("years") or [])
    if info.get("in_force"):
        lines = [tr("sync.status.calendar_in_force", version=info["in_force"], years=years)]
    else:
        lines = [tr("sync.status.calendar_shipped", years=years)]
    if info.get("newest") and info.get("newest") != info.get("in_force"):
        said = {
            "refused": "sync.status.calendar_refused",
            "announced": "sync.status.calendar_announced",
        }.get(str(info.get("newest_state")))
        if said:
            lines.append(tr(said, version=info["newest"], problem=info.get("newest_problem") or ""))
    return lines


def fetch_document(client: PortalClient, version: str) -> object | None:
    """A published calendar's document as the portal sent it (checked by the caller); None
    when the portal itself says it has none for that version."""
    reply = client.send("GET", f"{protocol.PATH_CALENDARS}/{quote(version, safe='')}")
    if reply.status == 404 and reply.problem_name == "not-found":
        return None
    client.raise_for_link(reply)
    if reply.status != 200:
        raise LinkDown("sync.link.portal_error", reached=True, status=reply.status)
    data = reply.json()
    if not isinstance(data, dict) or "document" not in data:
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    document: object = data["document"]
    return document


def _settle(
    store: Store, client: PortalClient, announcement: Announced, terminal: str, at: datetime
) -> None:
    document = fetch_document(client, announcement.version)  # a lost link stops here
    text, problem = signed_versions.verdict(
        announcement,
        document,
        calendar_versions.check,
        ("calendar_version.no_document", "calendar_version.unreadable"),
        log,
    )
    with store.write():
        calendar_versions.settle(
            store.conn,
            announcement.version,
            document=text,
            problem=problem,
            terminal=terminal,
            at=at,
        )
