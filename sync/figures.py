"""The hall's figures (issue 17): this terminal's daily roll-ups to the portal, and the sums
of every terminal of the hall read back for the supervisor's view.

Sent like a heartbeat (sync/heartbeat/send.py; both go by sync/cases/report_push.py),
through the outbox: each pass of the sync worker asks ``owe``, and when events were recorded
since the last figures the portal took, one row of kind ``figures.push`` is written, unless
one waits already; offline, one waits, never a pile. The roll-ups go when the row goes, read
at that moment: the days from the last one sent (it may have grown since) to today, at most
``MAX_DAYS``, each day's rows of ``figures_daily`` and ``figures_hourly`` as they stand.
Nothing about a person: day, hour, window, the clerk's login, the service code, counts and
sums. The portal replaces this terminal's rows of each day sent, only with a newer ``seq``
(sync/portal/hall_figures.py; a count that never falls below the clock's seconds, so a
reinstalled terminal is newer too), so a repeat or a late copy changes nothing: exactly once
without keeping every document. The row is settled only on the portal's signed answer naming
it, kept in ``portal_answers``; older sent figures rows are then deleted.

``hall_view`` runs on the sync worker's thread (``SyncWorker.ask``) when the supervisor's
view opens: it sends this terminal's latest first, then asks the portal for today's and
the week's sums. Offline, it raises ``LinkDown`` and the view shows this terminal's own.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sync import state
from sync.cases import outbox, report_push
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from terminal.clock import CHINA, stamp
from terminal.heartbeat import OUTBOX_FIGURES
from terminal.store import Store
from terminal.supervision.events import COUNTS, MAXIMA
from terminal.supervision.figures import Figures, derived, week_of

log = logging.getLogger("tongban.figures")

STATE_KEY = "figures"
# A month's view and a week's need no more; a terminal offline longer keeps the older days
# in its own figures (and export) only.
MAX_DAYS = 35
RETRY_MINUTES = 5
_SUMS = ", ".join((*COUNTS, *MAXIMA))


def _latest_event(store: Store) -> int:
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])


def _waiting(store: Store) -> outbox.Row | None:
    rows = outbox.pending(store.conn, (OUTBOX_FIGURES,), 1)
    return rows[0] if rows else None


def owe(store: Store, at: datetime) -> bool:
    """Queue this terminal's figures when events were recorded since the last ones taken and
    none waits; True when one was queued. Never raises: figures never hold a case back."""
    try:
        kept = state.get(store.conn, STATE_KEY) or {}
        latest = _latest_event(store)
        if latest <= int(kept.get("sent_event") or 0) or _waiting(store) is not None:
            return False
        with store.write():
            if _waiting(store) is not None:  # another process of this terminal was quicker
                return False
            body = protocol.canonical_json(
                {"format": protocol.FIGURES_FORMAT, "owed_at": stamp(at)}
            )
            store.conn.execute(
                "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at)"
                " VALUES (NULL, ?, ?, ?, ?)",
                (OUTBOX_FIGURES, str(uuid.uuid4()), body.decode(), stamp(at)),
            )
        return True
    except Exception:
        log.exception("figures not queued")
        return False


def days_of(store: Store, first: date, last: date) -> list[dict[str, Any]]:
    """Each day's roll-up rows, as the portal takes them (docs/portal-api.yaml FiguresDay)."""
    conn, span = store.conn, (first.isoformat(), last.isoformat())
    days: dict[str, dict[str, Any]] = {}

    def day(d: str) -> dict[str, Any]:
        return days.setdefault(d, {"day": d, "windows": [], "hours": []})

    for r in conn.execute(
        f"SELECT day, window_no, clerk, service, {_SUMS} FROM figures_daily"
        " WHERE day BETWEEN ? AND ? ORDER BY day, window_no, clerk, service",
        span,
    ):
        sums = {c: int(r[c]) for c in (*COUNTS, *MAXIMA)}
        day(r["day"])["windows"].append(
            {"window": int(r["window_no"]), "clerk": r["clerk"], "service": r["service"], **sums}
        )
    for r in conn.execute(
        f"SELECT day, hour, {_SUMS} FROM figures_hourly WHERE day BETWEEN ? AND ?"
        " ORDER BY day, hour",
        span,
    ):
        sums = {c: int(r[c]) for c in (*COUNTS, *MAXIMA)}
        day(r["day"])["hours"].append({"hour": int(r["hour"]), **sums})
    return [days[d] for d in sorted(days)]


def send(store: Store, client: PortalClient, at: datetime) -> bool | None:
    """Send the waiting figures, if any: True when the portal signed for them, False when it
    did not answer (tried again in a few minutes), None when nothing was sent. Never raises."""
    try:
        return _send(store, client, at)
    except LinkDown as e:
        log.warning("figures not taken: %s", e.msg_id)
        return False
    except Exception:
        log.exception("figures not sent")
        return False


def _send(
    store: Store, client: PortalClient, at: datetime, *, now_or_never: bool = False
) -> bool | None:
    row = _waiting(store)
    if row is None:
        return None
    kept = state.get(store.conn, STATE_KEY) or {}
    try:
        waited = at - datetime.fromisoformat(str(kept.get("failed_at")))
    except ValueError:
        waited = None
    if (
        not now_or_never
        and waited is not None
        and timedelta(0) <= waited < timedelta(minutes=RETRY_MINUTES)
    ):
        return None
    today = at.astimezone(CHINA).date()
    first = today - timedelta(days=MAX_DAYS - 1)
    if kept.get("from_day"):
        first = max(first, date.fromisoformat(str(kept["from_day"])))
    latest = _latest_event(store)  # before the rows are read: a later event owes again
    # Counted up, and never below the clock's seconds: a terminal installed afresh (its
    # count lost with its store) still sends figures newer than the ones it sent before.
    seq = max(int(kept.get("seq") or 0) + 1, int(at.timestamp()))
    body = {"format": protocol.FIGURES_FORMAT, "seq": seq, "made_at": stamp(at),
            "days": days_of(store, first, today)}  # fmt: skip

    def settle(conn: sqlite3.Connection, _reason: dict[str, Any] | None) -> None:
        kept.pop("failed_at", None)
        # Today goes again next time (it is still growing); older days are final.
        done = {"seq": seq, "sent_event": latest, "from_day": today.isoformat()}
        state.put(conn, STATE_KEY, {**kept, **done, "sent_at": stamp(at)})

    try:
        report_push.push(
            store, client, row, path=protocol.PATH_FIGURES, body=body, named_by="figures",
            refused_id="sync.reason.figures_refused", what="figures", log=log, at=at,
            settle=settle,
        )  # fmt: skip
    except LinkDown as e:
        outbox.note_failure(store, [row], e)
        with store.write():
            state.put(store.conn, STATE_KEY, {**kept, "failed_at": stamp(at)})
        raise
    return True


@dataclass(frozen=True)
class HallFigures:
    """The hall's sums, every terminal of it, as the portal answered them."""

    today: Figures
    week: Figures
    as_of: str  # the portal's time of the answer (ISO, Beijing time)
    terminals: int  # how many terminals' figures are in the sums


def hall_period(client: PortalClient, start: date, end: date) -> tuple[Figures, dict[str, Any]]:
    query = urlencode({"from": start.isoformat(), "to": end.isoformat()})
    reply = client.send("GET", f"{protocol.PATH_FIGURES}?{query}")
    client.raise_for_link(reply)
    data: Any = reply.json()
    if (
        reply.status != 200
        or reply.proof is None
        or not isinstance(data, dict)
        or not isinstance(data.get("total"), dict)
        or not isinstance(data.get("by"), dict)
    ):
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    by = {
        dim: [{"key": r["key"]} | derived(r) for r in data["by"].get(dim, [])]
        for dim in ("window", "hour")
    }
    return Figures(start.isoformat(), end.isoformat(), derived(data["total"]), by), data


def hall_view(store: Store, client: PortalClient, at: datetime) -> HallFigures:
    """On the sync worker's thread: this terminal's latest figures first (so the sums hold
    them), then today's and the week's sums of the whole hall. Raises LinkDown offline."""
    owe(store, at)
    _send(store, client, at, now_or_never=True)
    day = at.astimezone(CHINA).date()
    today, data = hall_period(client, day, day)
    week, _ = hall_period(client, *week_of(day))
    return HallFigures(today, week, str(data.get("as_of") or ""), int(data.get("terminals") or 0))
