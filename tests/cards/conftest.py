"""Fixtures for the card tests: an emulated serial reader, a real pcscd, and an event recorder."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from devices.cards.backend import CardBackend
from devices.cards.device_thread import CardDeviceThread
from devices.cards.events import CardEvent

from ..polling import wait_until
from .ga467_emulator import EmulatedReader
from .pcscd_harness import Pcscd, PcscdUnavailable, cards_present

TODAY = date(2026, 11, 27)
E = TypeVar("E")


class EventLog:
    """Collects the device thread's events; tests wait for the one they expect."""

    def __init__(self) -> None:
        self.events: list[CardEvent] = []
        self._changed = threading.Condition()
        self._mark = 0  # events before this index were already returned by a wait

    def __call__(self, event: CardEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(
        self, kind: type[E], where: Callable[[E], bool] = lambda e: True, timeout: float = 10.0
    ) -> E:
        """The first event of ``kind`` (matching ``where``) not yet returned by an earlier wait."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for i, event in enumerate(self.events):
                    if i >= self._mark and isinstance(event, kind) and where(event):
                        self._mark = i + 1
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {kind.__name__} within {timeout} s; got {self.events}"
                    )
                self._changed.wait(left)

    def of(self, kind: type[E]) -> list[E]:
        with self._changed:
            return [e for e in self.events if isinstance(e, kind)]

    def settle(self, quiet: float = 0.5) -> None:
        """Wait until no event has arrived for ``quiet`` seconds."""
        while True:
            count = len(self.events)
            time.sleep(quiet)
            if len(self.events) == count:
                return


@contextmanager
def device_thread(backend: CardBackend, **options: float) -> Iterator[EventLog]:
    log = EventLog()
    thread = CardDeviceThread(backend, log, today=lambda: TODAY, **options)
    thread.start()
    try:
        yield log
    finally:
        assert thread.stop()  # and waited: the thread has ended


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EmulatedReader]:
    reader = EmulatedReader(tmp_path / "ttyGA467")
    yield reader
    reader.stop()


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    try:
        daemon = Pcscd(tmp_path_factory.mktemp("pcscd"))
        daemon.start()
    except PcscdUnavailable as e:
        pytest.fail(str(e), pytrace=False)
    yield daemon
    daemon.stop()


@pytest.fixture
def fresh_pcscd(pcscd: Pcscd) -> Iterator[Pcscd]:
    """The session's pcscd with both virtual readers, and left with no card in either."""
    if pcscd.process is None or pcscd.process.poll() is not None or not pcscd.with_readers:
        pcscd.restart()
    yield pcscd
    # The test's virtual cards are gone once it ends; a reader still showing one after that
    # is a wedged pcscd, which the restart below mends (so no failure here).
    with contextlib.suppress(AssertionError):
        wait_until(lambda: not any(cards_present().values()), "the readers to empty", 5)
    if pcscd.process is None or not pcscd.with_readers:
        pcscd.restart()
