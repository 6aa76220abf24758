"""The demo reader: the program runs on a machine with none, and UI tests drive it by calls.

``place`` and ``remove`` may be called from any thread (a demo button, a test);
``scan`` and ``read`` run on the device thread like every other backend. An ID
card goes through the same text-block decoder a real reader's bytes do.
"""

from __future__ import annotations

import threading

from devices.cards.backend import SlotView, WireClock
from devices.cards.errors import CardError, FailureKind, failure
from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.text_block import decode_text_block, encode_text_block
from terminal.identity import DocumentKind, IdentityDocument

SIM_READER = "sim"


class SimulatedReader:
    def __init__(self, reader: str = SIM_READER) -> None:
        self.reader = reader
        self._changed = threading.Condition()
        self._version = 0
        self._seen_version = -1
        self._woken = False
        self._attached = True
        self._card: IdentityDocument | None = None
        self._insertion = 0
        self._next_failure: CardError | None = None

    @property
    def name(self) -> str:
        return "sim"

    # Called by the demo and by tests, from any thread.

    def place(self, card: IdentityDocument | str) -> None:
        """Put a card on the reader: a document, or the key of a sample citizen."""
        document = SAMPLE_CITIZENS[card] if isinstance(card, str) else card
        with self._changed:
            self._card = document
            self._insertion += 1
            self._bump()

    def remove(self) -> None:
        with self._changed:
            self._card = None
            self._bump()

    def unplug(self) -> None:
        with self._changed:
            self._attached = False
            self._card = None
            self._bump()

    def plug_in(self) -> None:
        with self._changed:
            self._attached = True
            self._bump()

    def fail_next_read(self, kind: FailureKind) -> None:
        """The next read fails with ``kind``: how the UI tests show each failure state."""
        with self._changed:
            self._next_failure = failure(kind, "card.detail.simulated")

    # Called by the device thread.

    def scan(self, wait: float) -> list[SlotView]:
        with self._changed:
            self._changed.wait_for(lambda: self._version != self._seen_version or self._woken, wait)
            self._woken = False
            self._seen_version = self._version
            if not self._attached:
                return []
            card = (self._insertion, id(self._card)) if self._card is not None else None
            return [SlotView(self.reader, card)]

    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        with self._changed:
            card, error, self._next_failure = self._card, self._next_failure, None
        if error is not None:
            raise error
        if card is None or reader != self.reader:
            raise failure(FailureKind.CARD_REMOVED_EARLY)
        if card.kind is DocumentKind.SOCIAL_SECURITY:
            return card
        return decode_text_block(encode_text_block(card), card.photo)

    def wake(self) -> None:
        with self._changed:
            self._woken = True
            self._changed.notify_all()

    def close(self) -> None:
        pass

    def _bump(self) -> None:
        self._version += 1
        self._changed.notify_all()
