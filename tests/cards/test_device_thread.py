"""The device thread's bookkeeping, driven through the simulated reader: the demo's own backend."""

from __future__ import annotations

import queue
import threading

from devices.cards import samples
from devices.cards.backend import SlotView, WireClock
from devices.cards.device_thread import CardDeviceThread
from devices.cards.errors import FailureKind
from devices.cards.events import (
    CardEvent,
    CardFailure,
    CardPresent,
    CardRemoved,
    DocumentRead,
    ReaderAttached,
    ReaderGone,
)
from devices.cards.one_read import read_one
from devices.cards.simulated import SimulatedReader
from terminal.identity import DocumentWarning, IdentityDocument

from .conftest import device_thread


def test_placing_a_sample_citizen_is_a_method_call() -> None:
    sim = SimulatedReader()
    with device_thread(sim) as log:
        assert log.wait_for(ReaderAttached).reader == "sim"
        sim.place("lin")
        log.wait_for(CardPresent)
        read = log.wait_for(DocumentRead)
        assert read.document == samples.LIN and read.own_seconds >= 0
        log.settle(0.3)
        assert len(log.of(DocumentRead)) == 1
        sim.remove()
        log.wait_for(CardRemoved)
        sim.place("lin")
        assert log.wait_for(DocumentRead).document == samples.LIN


def test_swapping_cards_reads_the_new_one() -> None:
    sim = SimulatedReader()
    with device_thread(sim) as log:
        sim.place("chen")
        log.wait_for(DocumentRead)
        sim.place("smith-2017")  # taken off and another put down between two scans
        log.wait_for(CardRemoved)
        assert log.wait_for(DocumentRead).document == samples.SMITH_2017


def test_every_failure_state_can_be_shown_and_the_next_card_reads() -> None:
    sim = SimulatedReader()
    with device_thread(sim) as log:
        for kind in FailureKind:
            sim.fail_next_read(kind)
            sim.place("chen")
            failure = log.wait_for(CardFailure)
            assert failure.kind is kind
            assert (
                failure.message_zh
                and failure.message_en
                and failure.message_zh != failure.message_en
            )
            sim.remove()
            log.wait_for(CardRemoved)
        sim.place("chen")
        log.wait_for(DocumentRead)


def test_flagged_documents() -> None:
    sim = SimulatedReader()
    with device_thread(sim) as log:
        sim.place("huang-expired")
        assert log.wait_for(DocumentRead).warnings == (DocumentWarning.EXPIRED,)
        sim.place("zhou-bad-check")
        assert log.wait_for(DocumentRead).warnings == (DocumentWarning.CHECK_CHARACTER,)


def test_reader_unplugged_and_back() -> None:
    sim = SimulatedReader()
    with device_thread(sim) as log:
        sim.place("chen")
        log.wait_for(DocumentRead)
        sim.unplug()
        log.wait_for(CardRemoved)
        log.wait_for(ReaderGone)
        assert log.wait_for(CardFailure).kind is FailureKind.NO_READER
        sim.plug_in()
        log.wait_for(ReaderAttached)
        sim.place("he-hmt")
        log.wait_for(DocumentRead)


class TwoSlots:
    """A scripted two-slot backend: what the thread must do when two cards lie on the readers."""

    name = "two-slots"

    def __init__(self) -> None:
        self.cards: dict[str, int | None] = {"A": None, "B": None}
        self.changed = threading.Event()
        self.reads: list[str] = []

    def scan(self, wait: float) -> list[SlotView]:
        self.changed.wait(wait)
        self.changed.clear()
        return [SlotView(r, c) for r, c in sorted(self.cards.items())]

    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        self.reads.append(reader)
        return samples.CHEN if reader == "A" else samples.LIN

    def wake(self) -> None:
        self.changed.set()

    def close(self) -> None:
        pass

    def put(self, reader: str, card: int | None) -> None:
        self.cards[reader] = card
        self.changed.set()


def test_two_cards_are_one_failure_until_one_is_taken_away() -> None:
    backend = TwoSlots()
    with device_thread(backend) as log:
        backend.cards = {"A": 1, "B": 2}
        backend.changed.set()
        assert log.wait_for(CardFailure).kind is FailureKind.TWO_CARDS
        log.settle(0.3)
        assert len(log.of(CardFailure)) == 1 and backend.reads == []
        backend.put("A", None)
        assert log.wait_for(DocumentRead).document == samples.LIN
        backend.put("A", 3)
        assert log.wait_for(CardFailure).kind is FailureKind.TWO_CARDS


class Exploding(SimulatedReader):
    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        raise RuntimeError("bug")


def test_a_bug_in_a_backend_is_a_failure_not_a_dead_thread() -> None:
    sim = Exploding()
    with device_thread(sim) as log:
        sim.place("chen")
        failure = log.wait_for(CardFailure)
        assert failure.kind is FailureKind.READER_ERROR and "RuntimeError" in failure.message_en


def test_a_listener_that_raises_does_not_stop_the_thread() -> None:
    events: queue.Queue[CardEvent] = queue.Queue()
    calls = 0

    def flaky(event: CardEvent) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ValueError("listener bug")
        events.put(event)

    sim = SimulatedReader()
    thread = CardDeviceThread(sim, flaky)
    thread.start()
    sim.place("chen")
    try:
        while not isinstance(events.get(timeout=5), DocumentRead):
            pass
    finally:
        thread.stop()
    assert not thread.is_alive()


def test_read_one_returns_the_document_or_times_out() -> None:
    sim = SimulatedReader()
    sim.place("muller-2023")
    outcome = read_one(sim, 5)
    assert outcome.read is not None and outcome.read.document == samples.MULLER_2023
    empty = read_one(SimulatedReader(), 0.3)
    assert empty.timed_out


def test_read_one_reports_a_standing_failure_at_the_timeout() -> None:
    sim = SimulatedReader()
    sim.unplug()
    outcome = read_one(sim, 0.5, retry_seconds=0.05)
    assert outcome.failure is not None and outcome.failure.kind is FailureKind.NO_READER
