"""One sync: push the outbox, then pull the feed, then record how the link did."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync import figures as hall_figures
from sync import journal_anchor as anchor
from sync import state
from sync.attachments import retention
from sync.attachments.upload import Uploader, UploadProgress, UploadSettings
from sync.cases.push import Progress, Pusher
from sync.errors import LinkDown
from sync.feed import calendar as calendar_fetch
from sync.feed import catalogue as catalogue_fetch
from sync.feed.pull import pull
from sync.hall import push as queue_push
from sync.heartbeat import facts as heartbeat_facts
from sync.heartbeat import send as heartbeat
from sync.link.client import PortalClient
from terminal.clock import now as clock_now
from terminal.store import Store


@dataclass(frozen=True)
class Summary:
    online: bool
    pushed: int
    refused: int
    pulled: int
    cursor: int
    problem: dict[str, Any] | None
    status: state.SyncStatus

    def to_json(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "pushed": self.pushed,
            "refused": self.refused,
            "pulled": self.pulled,
            "cursor": self.cursor,
            "problem": self.problem,
            "status": self.status.to_json(),
        }


def sync_once(
    store: Store,
    client: PortalClient,
    *,
    terminal: str,
    now: Callable[[], datetime] = clock_now,
    batch_size: int = 200,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
    heartbeat_from: heartbeat_facts.Source | None = None,
    attachments: UploadSettings | None = None,
    upload_progress: Callable[[UploadProgress], None] | None = None,
) -> Summary:
    """Push then pull. Never raises for the link: an offline pass is a summary too.

    With ``heartbeat_from``, a heartbeat is owed on its schedule (offline too: one waits)
    and sent last, after the cases, and so are this terminal's figures (sync/figures.py)."""
    if heartbeat_from is not None:
        heartbeat.owe(store, heartbeat_from, now())
        hall_figures.owe(store, now())  # the roll-ups for the hall's figures, like a heartbeat
    pusher = Pusher(
        store,
        client,
        terminal=terminal,
        now=now,
        batch_size=batch_size,
        stop=stop,
        progress=progress,
    )
    pulled, cursor = 0, 0
    problem: dict[str, Any] | None = None
    try:
        pusher.run()
        result = pull(store, client, terminal=terminal, now=now, stop=stop)
        pulled, cursor = result.applied, result.cursor
        # The portal just answered: hand over the queue tickets numbered offline, send changes.
        queue_push.hand_over_and_push(store, client, terminal=terminal, now=now)
        catalogue_fetch.fetch_announced(store, client, terminal=terminal, now=now)
        calendar_fetch.fetch_announced(store, client, terminal=terminal, now=now)
        # The journal's head, anchored at the portal; a fork is shown, and cases keep flowing.
        anchor.report(store, client, terminal=terminal, at=now())
        if heartbeat_from is not None:
            heartbeat.send(store, client, heartbeat_from, now())
            hall_figures.send(store, client, now())
        if attachments is not None:
            # The images last, behind every case (and cases recorded meanwhile, chunk by chunk).
            Uploader(
                store,
                client,
                attachments,
                terminal=terminal,
                now=now,
                stop=stop,
                between_chunks=pusher.push_fresh,
                progress=upload_progress,
            ).run()
        state.record_success(store, now(), client.clock_skew)
    except LinkDown as failure:
        if stop is None or not stop.is_set():
            state.record_failure(store, now(), failure, client.clock_skew)
        # else: cut off by stop() (the window closing), which says nothing about the link
        problem = failure.reason()
    if attachments is not None:
        retention.sweep(
            store, attachments.folder, keep_days=attachments.keep_days, terminal=terminal, at=now()
        )
    status = state.read_status(store.conn)
    return Summary(
        online=problem is None,
        pushed=pusher.result.sent,
        refused=pusher.result.refused,
        pulled=pulled,
        cursor=cursor or status.cursor,
        problem=problem,
        status=status,
    )
