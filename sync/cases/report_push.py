"""One report row of the outbox sent to the portal and settled on its signed answer: the
heartbeat (sync/heartbeat/send.py) and the hall's figures (sync/figures.py) go alike.

Each is a single waiting row whose body is read when it goes. The portal's signed refusal
(a 4xx other than the link's 401/403/408/429) settles the row with the reason, since the
same report would be refused again; any other answer must be a signed 200 naming the row,
or it is LinkDown and the row waits. Once settled, the older sent rows of the kind go: one
row shows the last report went.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sync.cases import outbox
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from terminal.store import Store

Reason = dict[str, Any]


def push(
    store: Store,
    client: PortalClient,
    row: outbox.Row,
    *,
    path: str,
    body: dict[str, Any],
    named_by: str,
    refused_id: str,
    what: str,
    log: logging.Logger,
    at: datetime,
    settle: Callable[[sqlite3.Connection, Reason | None], None],
    answer_holds: Callable[[dict[str, Any]], bool] = lambda _answer: True,
) -> None:
    """POST ``body`` under the row's key; settle the row (and ``settle`` its state, in the
    same transaction, with the refusal's reason or None) on the portal's signed answer, its
    ``named_by`` field naming the row. ``refused_id``: the reason's message id kept when the
    portal refuses (with its status). Raises LinkDown when the portal did not answer usably."""
    reply = client.send("POST", path, protocol.canonical_json(body), idempotency_key=row.key)
    reason: Reason | None = None
    if (
        reply.proof is not None
        and 400 <= reply.status < 500
        and reply.status not in (401, 403, 408, 429)
    ):
        reason = {"id": refused_id, "params": {"status": reply.status}}
        log.warning("the portal refused %s: %s %s", what, reply.status, reply.problem_name)
    else:
        client.raise_for_link(reply)
        answer = reply.json()
        if (
            reply.status != 200
            or reply.proof is None
            or not isinstance(answer, dict)
            or answer.get(named_by) != row.key
            or not answer_holds(answer)
        ):
            raise LinkDown("sync.link.wrong_ack", reached=True, status=reply.status)
    assert reply.proof is not None
    with store.write():
        conn = store.conn
        answer_id = outbox.keep_answer(conn, reply.proof, at)
        outbox.mark_sent(conn, row, at, answer_id, reason=reason)
        conn.execute(
            "DELETE FROM outbox WHERE kind = ? AND state = 'sent' AND id < ?",
            (row.kind, row.id),
        )
        settle(conn, reason)
