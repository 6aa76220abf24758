"""The heartbeat through the outbox: owed on a schedule, sent with the facts of its moment.

Every pass of the sync worker asks ``owe``: when ``heartbeat_minutes`` have passed since
the last one was owed (or the build or package changed: IT sees an upgrade land at
once), an outbox row of kind ``terminal.heartbeat`` is written, unless one is waiting
already. So however long the terminal is offline, one row waits, never a pile; and it
costs an offline pass one small query. The row's body is only the promise (format and
when it was owed): the facts go when the row goes, read at that moment, so what the
portal gets is the latest, never a queue of stale reports.

``send`` runs at the end of an online pass, after the cases: a heartbeat never holds a
case back. Like every row, it is settled only by the portal's signed answer naming it
(kept in ``portal_answers``, as the store demands); older sent heartbeat rows are then
deleted, so the outbox holds one heartbeat, not one per quarter hour. A portal that
does not take heartbeats (an older one) or something in the way costs one attempt per
few minutes and nothing else: the pass still counts as online, the cases still flow.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from datetime import datetime, timedelta
from typing import Any

from sync import state
from sync.cases import outbox, report_push
from sync.errors import LinkDown
from sync.heartbeat import facts
from sync.link import protocol
from sync.link.client import PortalClient
from terminal import __version__
from terminal.clock import stamp
from terminal.heartbeat import OUTBOX_HEARTBEAT
from terminal.store import Store

log = logging.getLogger("tongban.heartbeat")

STATE_KEY = "heartbeat"
# After a heartbeat got no answer, wait this long (at most the interval) before the next try.
RETRY_MINUTES = 5


def _fingerprint() -> str:
    return f"{__version__}|{facts.package_version() or '-'}"


def _since(at: datetime, when: Any) -> timedelta | None:
    try:
        return at - datetime.fromisoformat(str(when))
    except (TypeError, ValueError):
        return None


def owe(store: Store, source: facts.Source, at: datetime) -> bool:
    """Queue a heartbeat if one is due and none waits; True when one was queued. Never
    raises: whatever goes wrong with a heartbeat is logged, and the cases go on."""
    try:
        return _owe(store, source, at)
    except Exception:
        log.exception("heartbeat not queued")
        return False


def send(store: Store, client: PortalClient, source: facts.Source, at: datetime) -> bool | None:
    """Send the waiting heartbeat, if any; True when the portal signed for it, False when it
    did not answer (tried again in a few minutes), None when nothing was sent. Never
    raises: a heartbeat's trouble, with the link or anything else, is not the cases'."""
    try:
        return _send(store, client, source, at)
    except Exception:
        log.exception("heartbeat not sent")
        _broken(store, at)
        return False


def _broken(store: Store, at: datetime) -> None:
    """A heartbeat that broke here (a doctor check with a bug, a write refused) waits like
    one the link lost: otherwise every pass, every few seconds, would gather the facts
    again (device checks included, a slow printer query among them) and log the same
    traceback; ``sync status`` says so."""
    try:
        with store.write():
            kept = state.get(store.conn, STATE_KEY) or {}
            problem = {"id": "sync.reason.heartbeat_broken", "params": {}}
            state.put(store.conn, STATE_KEY, {**kept, "failed_at": stamp(at), "problem": problem})
    except Exception:
        log.exception("heartbeat failure not noted")


def _owe(store: Store, source: facts.Source, at: datetime) -> bool:
    if source.every_minutes <= 0:
        return False
    conn = store.conn
    if _waiting(store) is not None:
        return False  # the one waiting goes with the newest facts: nothing to add
    kept = state.get(conn, STATE_KEY) or {}
    elapsed = _since(at, kept.get("owed_at"))
    due = (
        elapsed is None
        or not timedelta(0) <= elapsed < timedelta(minutes=source.every_minutes)
        or kept.get("build") != _fingerprint()
    )
    if not due:
        return False
    with store.write():
        if _waiting(store) is not None:  # another process of this terminal was quicker
            return False
        body = protocol.canonical_json(
            {"format": protocol.HEARTBEAT_FORMAT, "owed_at": stamp(at)}
        ).decode()
        conn.execute(
            "INSERT INTO outbox (case_id, kind, idempotency_key, body, created_at)"
            " VALUES (NULL, ?, ?, ?, ?)",
            (OUTBOX_HEARTBEAT, str(uuid.uuid4()), body, stamp(at)),
        )
        state.put(conn, STATE_KEY, {**kept, "owed_at": stamp(at), "build": _fingerprint()})
    return True


def _waiting(store: Store) -> outbox.Row | None:
    rows = outbox.pending(store.conn, (OUTBOX_HEARTBEAT,), 1)
    return rows[0] if rows else None


def _send(store: Store, client: PortalClient, source: facts.Source, at: datetime) -> bool | None:
    row = _waiting(store)
    if row is None:
        return None
    kept = state.get(store.conn, STATE_KEY) or {}
    waited = _since(at, kept.get("failed_at"))
    retry = timedelta(minutes=min(RETRY_MINUTES, max(1, source.every_minutes)))
    if waited is not None and timedelta(0) <= waited < retry:
        return None
    seq = int(kept.get("seq") or 0) + 1
    body = {
        "format": protocol.HEARTBEAT_FORMAT,
        "seq": seq,
        "made_at": stamp(at),
        **facts.gather(store.conn, source),
    }
    try:
        _exchange(store, client, row, body, seq, at)
    except LinkDown as e:
        log.warning("heartbeat not taken: %s", e.msg_id)
        outbox.note_failure(store, [row], e)
        with store.write():
            state.put(
                store.conn, STATE_KEY, {**kept, "failed_at": stamp(at), "problem": e.reason()}
            )
        return False
    return True


def _exchange(
    store: Store,
    client: PortalClient,
    row: outbox.Row,
    body: dict[str, Any],
    seq: int,
    at: datetime,
) -> None:
    def settle(conn: sqlite3.Connection, reason: dict[str, Any] | None) -> None:
        kept = state.get(conn, STATE_KEY) or {}
        kept.pop("failed_at", None)
        kept.pop("problem", None)
        if reason is not None:  # settled, but not taken: ``sync status`` says so
            kept["problem"] = reason
        state.put(conn, STATE_KEY, {**kept, "seq": seq, "sent_at": stamp(at)})

    # A signed refusal: an older portal without heartbeats, or facts it finds wrong; the
    # next one is owed later.
    report_push.push(
        store, client, row, path=protocol.PATH_HEARTBEAT, body=body, named_by="heartbeat",
        refused_id="sync.reason.heartbeat_refused", what="a heartbeat", log=log, at=at,
        settle=settle, answer_holds=lambda answer: isinstance(answer.get("kept"), bool),
    )  # fmt: skip
