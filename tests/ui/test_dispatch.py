"""The one road from worker threads to the GUI: calls arrive on the GUI thread, in order,
until shutdown closes it; none after, not even one already on its way."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui.dispatch import Dispatcher


def test_calls_from_a_thread_run_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    dispatcher = Dispatcher()
    heard: list[tuple[int, bool]] = []
    gui = threading.current_thread()
    listener = dispatcher.bind(lambda n: heard.append((n, threading.current_thread() is gui)))
    worker = threading.Thread(target=lambda: [listener(n) for n in range(50)])
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: len(heard) == 50, timeout=5000)
    assert heard == [(n, True) for n in range(50)]


def test_after_close_nothing_arrives_not_even_a_call_already_queued(qtbot: QtBot) -> None:
    dispatcher = Dispatcher()
    heard: list[str] = []
    # Posted before close() but not yet run: the GUI thread has not come back to its loop.
    dispatcher.post(lambda: heard.append("queued"))
    dispatcher.close()
    late = threading.Thread(target=lambda: dispatcher.post(lambda: heard.append("late")))
    late.start()
    late.join(5)
    qtbot.wait(100)  # the event loop runs whatever is queued
    assert heard == []


def test_a_call_may_close_the_road_it_came_by(qtbot: QtBot) -> None:
    dispatcher = Dispatcher()
    heard: list[str] = []

    def closing(event: str) -> None:
        heard.append(event)
        dispatcher.close()  # a window stopping from a slot: same thread, no deadlock

    listener = dispatcher.bind(closing)
    listener("first")
    qtbot.waitUntil(lambda: heard == ["first"], timeout=5000)
    listener("second")
    qtbot.wait(100)
    assert heard == ["first"] and dispatcher.closed
