"""Wait for one card on a backend, through the device thread: what ``tongban card read`` does.

A failure of the card or of the line ends the wait at once. A standing failure
(service not running, no reader, two cards...) may be put right while we wait,
so it is reported and the wait goes on; if time runs out while it still
stands, it is the outcome rather than a bare timeout.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

from devices.cards.backend import CardBackend
from devices.cards.device_thread import CardDeviceThread
from devices.cards.errors import FailureKind
from devices.cards.events import CardEvent, CardFailure, DocumentRead

STANDING = frozenset(
    {
        FailureKind.SERVICE_NOT_RUNNING,
        FailureKind.NO_READER,
        FailureKind.READER_GONE,
        FailureKind.PORT_UNAVAILABLE,
        FailureKind.PORT_GONE,
        FailureKind.TWO_CARDS,
        FailureKind.READER_BUSY,
    }
)


@dataclass(frozen=True)
class ReadOutcome:
    read: DocumentRead | None = None
    failure: CardFailure | None = None  # None with no document: the time ran out

    @property
    def timed_out(self) -> bool:
        return self.read is None and self.failure is None


def read_one(
    backend: CardBackend,
    timeout: float,
    on_event: Callable[[CardEvent], None] = lambda e: None,
    *,
    retry_seconds: float = 1.0,
) -> ReadOutcome:
    events: queue.Queue[CardEvent] = queue.Queue()
    thread = CardDeviceThread(backend, events.put, retry_seconds=retry_seconds)
    thread.start()
    deadline = time.monotonic() + timeout
    standing: CardFailure | None = None
    try:
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = events.get(timeout=left)
            except queue.Empty:
                break
            on_event(event)
            if isinstance(event, DocumentRead):
                return ReadOutcome(read=event)
            if isinstance(event, CardFailure):
                if event.kind not in STANDING:
                    return ReadOutcome(failure=event)
                standing = event
            else:
                standing = None  # any good news (a reader attached, a card seen) clears it
        return ReadOutcome(failure=standing)
    finally:
        thread.stop()
