"""What the device thread asks of a reader backend, whatever the hardware.

A backend reports what it sees (``scan``: every reader and whether a card sits
in it, with a token that changes on each insertion) and reads one card on
request (``read``). Both are called from the device thread only. Comparing
snapshots, as web-eid-app's card monitor compares (reader, ATR) lists, is the
thread's job, so a backend never has to remember what it already reported.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from terminal.identity import IdentityDocument


@dataclass(frozen=True)
class SlotView:
    reader: str
    card: Hashable | None  # None: empty; otherwise one value per insertion


@dataclass
class WireClock:
    """Time spent waiting on the hardware (serial bytes, PC/SC round trips) during one read.

    Subtracted from a read's total it leaves the program's own time, which the
    benchmark reports and which a slow reader cannot hide.
    """

    seconds: float = 0.0
    exchanges: int = 0

    @contextmanager
    def on_wire(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - start
            self.exchanges += 1


class CardBackend(Protocol):
    @property
    def name(self) -> str:
        """What the clerk and IT call this reader set-up: ``pcsc``, ``serial:/dev/ttyUSB0``, ``sim``."""
        ...

    def scan(self, wait: float) -> list[SlotView]:
        """The readers and cards now; may block up to ``wait`` seconds for a change.

        Raises ``CardError`` when the whole backend is unusable (service not
        running, port gone); the device thread reports it and calls again later.
        """
        ...

    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        """Read the card in ``reader``; ``CardError`` names why it could not."""
        ...

    def wake(self) -> None:
        """Cut a blocking ``scan`` short (any thread may call this)."""
        ...

    def close(self) -> None: ...
