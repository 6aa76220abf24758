"""The gate between background threads and Qt: once the window stops, nothing gets through."""

from __future__ import annotations

import threading

from ui.gate import Gate


def test_closing_waits_for_a_call_in_progress_and_drops_every_later_one() -> None:
    gate = Gate()
    heard: list[str] = []
    inside, release = threading.Event(), threading.Event()

    def slow(event: str) -> None:
        inside.set()
        release.wait(5)
        heard.append(event)

    through = gate.wrap(slow)
    caller = threading.Thread(target=through, args=("before",))
    caller.start()
    assert inside.wait(5)
    closed = threading.Event()
    closer = threading.Thread(target=lambda: (gate.close(), closed.set()))
    closer.start()
    # close() does not return while a signal is being emitted: Qt may be torn down right after.
    assert not closed.wait(0.2)
    release.set()
    assert closed.wait(5)
    caller.join(5)
    closer.join(5)
    through("after")
    assert heard == ["before"]


def test_a_slot_may_close_the_gate_from_inside_a_call_through_it() -> None:
    gate = Gate()
    heard: list[str] = []

    def closing(event: str) -> None:
        heard.append(event)
        gate.close()  # a direct slot that stops the window: same thread, no deadlock

    through = gate.wrap(closing)
    caller = threading.Thread(target=through, args=("first",))
    caller.start()
    caller.join(5)
    assert not caller.is_alive()
    through("second")
    assert heard == ["first"]
