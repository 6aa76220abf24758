"""The one thread that owns every reader call and turns hardware facts into events.

pyscard and serial ports are not safe to share between threads (Electrum's
``runs_in_hwd_thread`` makes the same choice for USB). The thread compares each
snapshot from the backend with the last, so a card left on the reader is read
once, a new insertion is read again, and a standing failure (service down, no
reader, two cards) is reported once and cleared by the next good state.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from datetime import date

from devices.cards.backend import CardBackend, SlotView, WireClock
from devices.cards.errors import CardError, FailureKind, failure
from devices.cards.events import (
    CardEvent,
    CardFailure,
    CardPresent,
    CardRemoved,
    DocumentRead,
    ReaderAttached,
    ReaderGone,
    warnings_for,
)
from devices.cards.photo import portrait_of

log = logging.getLogger(__name__)

Standing = tuple[FailureKind, Hashable] | None


class CardDeviceThread(threading.Thread):
    def __init__(
        self,
        backend: CardBackend,
        emit: Callable[[CardEvent], None],
        *,
        poll_seconds: float = 0.25,
        retry_seconds: float = 1.0,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(name="card-reader", daemon=True)
        self.backend = backend
        self._emit = emit
        self._poll = poll_seconds
        self._retry = retry_seconds
        self._today = today
        self._stopping = threading.Event()
        self._readers: set[str] = set()
        self._cards: dict[str, Hashable | None] = {}
        self._handled: dict[str, Hashable] = {}  # the insertion already read (or tried) per reader
        self._standing: Standing = None

    def stop(self, timeout: float = 5.0) -> bool:
        """End the thread and wait up to ``timeout`` for it; True when it has ended."""
        self._stopping.set()
        self.backend.wake()
        if self.ident is None:  # never started: nothing to wait for
            return True
        self.join(timeout)
        return not self.is_alive()

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._step()
        finally:
            try:
                self.backend.close()
            except Exception:  # closing a vanished device may fail; nothing is left to do
                log.warning("closing the card reader failed", exc_info=True)

    def _step(self) -> None:
        try:
            views = self.backend.scan(self._poll)
        except CardError as e:
            self._forget_readers()
            self._stand(e, e.kind)
            self._stopping.wait(self._retry)
            return
        except Exception as e:
            # A bug or an unexpected library error must not end the thread; no personal
            # data is in play at scan time, so the traceback may be logged.
            log.exception("card reader scan failed")
            self._forget_readers()
            self._stand(
                failure(FailureKind.READER_ERROR, "card.detail.internal", error=type(e).__name__)
            )
            self._stopping.wait(self._retry)
            return
        if not self._stopping.is_set():
            self._compare(views)

    def _compare(self, views: list[SlotView]) -> None:
        now = {v.reader: v.card for v in views}
        for reader in sorted(now.keys() - self._readers):
            self._send(ReaderAttached(reader))
        for reader in sorted(self._readers - now.keys()):
            self._drop_reader(reader)
        self._readers = set(now)
        for reader, card in now.items():
            if self._cards.get(reader) is not None and self._cards[reader] != card:
                self._handled.pop(reader, None)
                self._send(CardRemoved(reader))
        self._cards = dict(now)
        if not now:
            self._stand(failure(FailureKind.NO_READER), None)
            return
        present = {r: c for r, c in now.items() if c is not None}
        fresh = [r for r, c in present.items() if self._handled.get(r) != c]
        if len(present) > 1 and fresh:
            self._stand(failure(FailureKind.TWO_CARDS), frozenset(present.items()))
            return
        self._stand(None)
        if fresh:
            reader = fresh[0]
            card = present[reader]
            assert card is not None
            self._read(reader, card)

    def _read(self, reader: str, card: Hashable) -> None:
        seen = time.perf_counter()
        self._send(CardPresent(reader, seen))
        self._handled[reader] = card
        wire = WireClock()
        try:
            document = self.backend.read(reader, wire)
        except CardError as e:
            self._send(CardFailure(e.kind, e, reader))
            return
        except Exception as e:
            # The traceback could quote card data: log the type only.
            log.error("reading the card failed unexpectedly: %s", type(e).__name__)
            error = failure(
                FailureKind.READER_ERROR, "card.detail.internal", error=type(e).__name__
            )
            self._send(CardFailure(error.kind, error, reader))
            return
        warnings = warnings_for(document, self._today())
        portrait = portrait_of(document.photo)
        done = time.perf_counter()
        self._send(
            DocumentRead(reader, document, warnings, seen, done - seen, wire.seconds, portrait)
        )

    def _drop_reader(self, reader: str) -> None:
        if self._cards.pop(reader, None) is not None:
            self._send(CardRemoved(reader))
        self._handled.pop(reader, None)
        self._send(ReaderGone(reader))

    def _forget_readers(self) -> None:
        for reader in sorted(self._readers):
            self._drop_reader(reader)
        self._readers.clear()

    def _stand(self, error: CardError | None, key: Hashable = None) -> None:
        """Report a standing failure once; ``None`` clears it."""
        standing: Standing = None if error is None else (error.kind, key)
        if standing != self._standing and error is not None:
            self._send(CardFailure(error.kind, error))
        self._standing = standing

    def _send(self, event: CardEvent) -> None:
        try:
            self._emit(event)
        except Exception:
            log.exception("a card event listener failed")
