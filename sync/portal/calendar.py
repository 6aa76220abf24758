"""The reference portal's working-day calendars (工作日历), published like the catalogue.

IT publishes a version when the State Council's notice for next year is out
(``POST /admin/calendar``, a whole calendar: every year the terminals should count
with, each with its totals). The portal checks it with the terminal's own rules, keeps
it, and announces the version to everyone in the feed with the SHA-256 of its canonical
JSON; each terminal fetches it (``GET /api/v1/calendars/{version}``, answered signed),
checks it again and uses it from its next start. A version is never replaced: a
correction is a new version. A version that leaves out a year from this year on that the
previous one had is refused unless ``drop_years`` names it (review 4, finding 16).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from sync.link import protocol
from sync.portal import feed
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request
from terminal import calendar_versions
from terminal.calendar_rules import check_document
from terminal.clock import CHINA
from terminal.i18n import TongbanError, tr

if TYPE_CHECKING:
    from sync.portal.app import Portal

KIND = "calendar"  # the feed entry; its table, calendar_versions, is in sync/portal/db.py


def publish(conn: sqlite3.Connection, body: Any, now: float) -> dict[str, Any]:
    """Check, keep and announce a calendar version; 422 names what the rules refuse."""
    version = body.get("version") if isinstance(body, dict) else None
    document = body.get("document") if isinstance(body, dict) else None
    if not isinstance(version, str) or not version:
        raise Problem("invalid-request", {"errors": [field_error("version", "missing")]})
    if not isinstance(document, dict):
        raise Problem("invalid-request", {"errors": [field_error("document", "not_object")]})
    if document.get("version") != version:
        raise Problem("invalid-request", {"errors": [field_error("document", "other_version")]})
    try:
        check_document(document, f"version {version}")
    except TongbanError as e:
        # The sentence in the portal's language (Chinese), for the admin who sent it.
        raise Problem(
            "invalid-request", {"errors": [field_error("document", e.msg_id)], "detail": e.text()}
        ) from None
    _keeps_years(conn, document, body.get("drop_years"), now)
    text = protocol.canonical_json(document)
    data = {
        "version": version,
        "sha256": hashlib.sha256(text).hexdigest(),
        "published_at": feed.portal_stamp(now),
    }
    try:
        conn.execute(
            "INSERT INTO calendar_versions (version, sha256, published_at, document)"
            " VALUES (?, ?, ?, ?)",
            (version, data["sha256"], data["published_at"], text.decode()),
        )
    except sqlite3.IntegrityError:
        raise Problem("bad-transition", old=version, new=version) from None
    seq = feed.emit(conn, KIND, feed.EVERYONE, data, now)
    return {**data, "seq": seq}


def _keeps_years(conn: sqlite3.Connection, document: dict[str, Any], drop: Any, now: float) -> None:
    """A new version replaces the whole calendar on every terminal: one that leaves out a
    year from this year on that the previous version had (publishing only next year is the
    natural slip) would make every terminal count that year with weekends only. Refused
    (422, a sentence) unless the admin names the year in ``drop_years`` on purpose."""
    row = conn.execute(
        "SELECT version, document FROM calendar_versions ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return
    this_year = datetime.fromtimestamp(now, CHINA).year
    had = {int(y) for y in json.loads(row["document"]).get("years", {})}
    has = {int(y) for y in document.get("years", {})}
    dropped = set(drop) if isinstance(drop, list) else set()
    missing = sorted(y for y in had - has if y >= this_year and y not in dropped)
    if missing:
        years = calendar_versions.years_text(missing)
        sentence = tr("portal.calendar.drops_year", "zh_CN", years=years, previous=row["version"])
        raise Problem(
            "invalid-request",
            {"errors": [field_error("document", "drops_year")], "detail": sentence},
        )


def document(conn: sqlite3.Connection, version: str) -> dict[str, Any]:
    """A published version's document, for any enrolled terminal."""
    row = conn.execute(
        "SELECT version, sha256, document FROM calendar_versions WHERE version = ?", (version,)
    ).fetchone()
    if row is None:
        raise Problem("not-found")
    return {"version": row[0], "sha256": row[1], "document": json.loads(row[2])}


def _publish(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.admin(request)
    body = request.json()
    with portal.db.write() as conn:
        return Answer(201, publish(conn, body, portal.clock()))


def _document(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    portal.signed(request)
    with portal.db.read() as conn:
        return Answer(200, document(conn, unquote(match["version"])))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile("/admin/calendar"), _publish),
    ("GET", re.compile(protocol.PATH_CALENDARS + "/(?P<version>[^/?]+)"), _document),
]
