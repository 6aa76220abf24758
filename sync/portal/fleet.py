"""The fleet, as the portal sees it: the latest heartbeat of every terminal.

Each terminal reports, signed, what it runs and has (sync/heartbeat/). The portal keeps
exactly one record per terminal (its hall and id, as enrolled): a heartbeat replaces it
only when it is newer, by the time it was signed at (``Tongban-Timestamp``: the portal
refuses one more than a window away from its own clock, so it cannot be set freely)
and then by the terminal's own count. So a heartbeat held up in the network and
delivered after a later one changes nothing, and a repeat changes nothing either.
Heartbeats are not kept under their Idempotency-Key: a terminal sends the same row
again with fresh facts after a lost answer, and the newest facts are the point.

IT reads the records on ``GET /admin/fleet`` (``tongban portal fleet``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal.auth import Terminal
from sync.portal.intake import owner
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request

if TYPE_CHECKING:
    from sync.portal.app import Portal

# A real heartbeat is about 2 KB (every member the spec names is bounded: about 10 KB at
# most); past this it is not a heartbeat, and the portal would keep it and serve it to IT
# on every GET /admin/fleet.
MAX_HEARTBEAT_BYTES = 64 * 1024
# seq is kept in an SQLite INTEGER (8 bytes) and read by JSON tools: the largest integer
# both hold exactly (the spec's maximum too).
MAX_SEQ = 2**53 - 1
# What is kept of a heartbeat: the members docs/portal-api.yaml (Heartbeat) names, nothing
# else. A newer terminal may say more (further members are allowed), but what the portal
# has not been taught to read it does not keep: a modified build cannot park data in it.
_NAMED = "format seq made_at mode window build package os qt devices unsent stuck last_sync".split()
_OS = ("name", "glibc", "glibc_needed", "arch")
_DEVICE = ("check", "status", "summary")


def _only(value: dict[str, Any], names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {k: value[k] for k in names if k in value}


def kept_of(body: dict[str, Any]) -> dict[str, Any]:
    """The members of a heartbeat the spec names (validated already), the rest dropped."""
    kept = _only(body, _NAMED)
    if isinstance(kept.get("os"), dict):
        kept["os"] = _only(kept["os"], _OS)
    if isinstance(kept.get("devices"), list):
        kept["devices"] = [_only(d, _DEVICE) for d in kept["devices"] if isinstance(d, dict)]
    return kept


def record(
    conn: sqlite3.Connection, terminal: Terminal, signed_at: int, body: Any, now: float
) -> dict[str, Any]:
    """Keep ``body`` as the terminal's latest if it is newer than the one kept."""
    if not isinstance(body, dict) or body.get("format") != protocol.HEARTBEAT_FORMAT:
        raise Problem("invalid-request", {"errors": [field_error("format", "not_allowed")]})
    seq = body.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= MAX_SEQ:
        raise Problem("invalid-request", {"errors": [field_error("seq", "out_of_range")]})
    kept = conn.execute(
        "SELECT signed_at, seq FROM heartbeats WHERE owner = ?", (owner(terminal),)
    ).fetchone()
    newer = kept is None or (signed_at, seq) > (int(kept[0]), int(kept[1]))
    if newer:
        conn.execute(
            "INSERT INTO heartbeats (owner, terminal_id, hall, key_id, signed_at, seq, body,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET"
            " key_id = excluded.key_id, signed_at = excluded.signed_at, seq = excluded.seq,"
            " body = excluded.body, received_at = excluded.received_at",
            (
                owner(terminal),
                terminal.terminal_id,
                terminal.hall,
                terminal.key_id,
                signed_at,
                seq,
                json.dumps(kept_of(body), ensure_ascii=False, sort_keys=True),
                now,
            ),
        )
    return {"kept": newer, "seq": seq if newer else int(kept[1])}


def fleet(conn: sqlite3.Connection, now: float) -> dict[str, Any]:
    """Every terminal's latest heartbeat, by hall and terminal, with when it was received."""
    rows = conn.execute(
        "SELECT terminal_id, hall, key_id, signed_at, received_at, body FROM heartbeats"
        " ORDER BY hall, terminal_id"
    ).fetchall()
    terminals = [
        {
            "terminal_id": r[0],
            "hall": r[1],
            "key_id": r[2],
            "signed_at": int(r[3]),
            "last_seen": float(r[4]),
            "heartbeat": json.loads(r[5]),
        }
        for r in rows
    ]
    return {"portal_time": now, "terminals": terminals}


def forget(conn: sqlite3.Connection, terminal_id: str, now: float) -> dict[str, Any]:
    """A terminal taken out of service leaves the fleet (it would be flagged silent for
    ever); one that sends again comes back with its next heartbeat."""
    done = conn.execute("DELETE FROM heartbeats WHERE terminal_id = ?", (terminal_id,))
    return {"terminal_id": terminal_id, "forgotten": done.rowcount}


_TIMESTAMP = re.compile("[0-9]{1,12}")


def _heartbeat(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    # Verified already (portal.signed): a number within the window of the portal's clock.
    stamp = request.headers.get(protocol.H_TIMESTAMP.lower(), "")
    if not _TIMESTAMP.fullmatch(stamp):
        raise Problem("bad-request")
    if len(request.body) > MAX_HEARTBEAT_BYTES:
        raise Problem("payload-too-large")
    body = request.json()
    with portal.db.write() as conn:
        kept = record(conn, terminal, int(stamp), body, portal.clock())
    # The acknowledgement names the row it settles (its Idempotency-Key).
    return Answer(200, {"heartbeat": key, **kept})


def _fleet(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.read() as conn:
        return Answer(200, fleet(conn, portal.clock()))


def _forget(portal: Portal, request: Request, params: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.write() as conn:
        return Answer(200, forget(conn, params["terminal_id"], portal.clock()))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_HEARTBEAT), _heartbeat),
    ("GET", re.compile("/admin/fleet"), _fleet),
    ("POST", re.compile("/admin/fleet/(?P<terminal_id>[^/]+)/forget"), _forget),
]
