"""Push the outbox: fresh cases in batches, troubled rows one by one, then ratings, then the
counter's events on cases the portal has (补正后受理, 撤回, 作废, 更正), then the steps of 差评
follow-ups."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sync.cases import case_events, followups, outbox
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.answers import BatchNotTaken, Outcome, Refused
from sync.link.client import PortalClient
from terminal.store import Store

Progress = Callable[[int], None]


@dataclass
class PushResult:
    sent: int = 0
    refused: int = 0


class Pusher:
    def __init__(
        self,
        store: Store,
        client: PortalClient,
        *,
        terminal: str,
        now: Callable[[], datetime],
        batch_size: int = 200,
        stop: threading.Event | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.terminal = terminal
        self.now = now
        self.batch_size = max(1, min(batch_size, protocol.MAX_BATCH))
        self.stop = stop or threading.Event()
        self.progress = progress
        self.result = PushResult()

    def run(self) -> PushResult:
        """One pass; a LinkDown ends it (the worker backs off), having counted the attempt."""
        self.push_fresh()
        for row in outbox.troubled_cases(self.store.conn, 20):
            if self.stop.is_set():
                break
            self._one(row, protocol.PATH_CASES)
        for row in outbox.ready_ratings(self.store.conn, 200):
            if self.stop.is_set():
                break
            self._one(row, protocol.PATH_RATINGS)
        for row in case_events.ready(self.store.conn, 200):  # after their cases (issue 14)
            if self.stop.is_set():
                break
            self._one(row, protocol.path_case_events(str(row.case_id)))
        for row in followups.ready_steps(self.store.conn, 200):  # after their ratings
            if self.stop.is_set():
                break
            self._one(row, protocol.PATH_FOLLOWUPS)
        return self.result

    def push_fresh(self) -> None:
        """The fresh cases, in batches (also between two chunks of an attachment: a case
        recorded meanwhile never waits behind the images)."""
        after = 0
        while not self.stop.is_set():
            rows = outbox.fresh_cases(self.store.conn, self.batch_size, after)
            if not rows:
                break
            after = rows[-1].id  # rows left pending by this pass wait for the next pass
            self._batch(rows)

    def _batch(self, rows: list[outbox.Row]) -> None:
        try:
            outcomes = self.client.push_batch([(r.key, r.body) for r in rows])
        except BatchNotTaken:
            # The portal would not read the batch as a whole: find the row it minds.
            for row in rows:
                self._one(row, protocol.PATH_CASES)
            return
        except LinkDown as e:
            outbox.note_failure(self.store, rows, e)
            raise
        self._settle(rows, outcomes)

    def _one(self, row: outbox.Row, path: str) -> None:
        try:
            outcome = self.client.push_one(path, row.key, row.body)
        except LinkDown as e:
            outbox.note_failure(self.store, [row], e)
            raise
        self._settle([row], [outcome])

    def _settle(self, rows: list[outbox.Row], outcomes: list[Outcome]) -> None:
        sent = outbox.settle(self.store, rows, outcomes, self.terminal, self.now())
        self.result.sent += sent
        self.result.refused += sum(isinstance(o, Refused) for o in outcomes)
        if self.progress is not None:
            self.progress(self.result.sent)
