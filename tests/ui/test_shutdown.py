"""Shutdown: the road to the GUI closes first, then every worker stops, waited for. A
print that outlives the wait must not reach a window that is being torn down (PySide
crashes the process when a thread emits into Qt at exit)."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from devices.cards.simulated import SimulatedReader
from sync.portal.server import RunningPortal
from terminal.store import Store
from ui.app import open_window, shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.queue_link import QueueLink

from .conftest import enrol_terminal

WORKER_THREADS = {
    "store-worker",
    "print-worker",
    "queue-worker",
    "card-reader",
    "tongban-sync",
    "tongban-queue",
}


def test_a_print_finishing_after_shutdown_does_not_reach_the_window(
    ctx: AppContext, qtbot: QtBot
) -> None:
    printing, printer_answers = threading.Event(), threading.Event()
    heard: list[object] = []

    def slow_print(store: Store) -> str:
        printing.set()
        printer_answers.wait(10)  # a printer slower than the app waits at shutdown
        return "done"

    ctx.print_jobs.submit(lambda store: "before", heard.append, heard.append)
    qtbot.waitUntil(lambda: heard == ["before"], timeout=5000)  # the road works until then
    ctx.print_jobs.submit(slow_print, heard.append, heard.append)
    assert printing.wait(5)
    ctx.started.workers = [
        (name, worker, 0.2 if name == "print jobs" else within)
        for name, worker, within in ctx.started.workers
    ]
    assert shutdown(ctx) == ["print jobs"]  # it outlived its wait...
    printer_answers.set()
    assert ctx.print_jobs.stop(5)  # ...and then finished and answered, on its own thread
    qtbot.wait(200)  # the event loop runs anything that was queued
    assert heard == ["before"]


def test_shutdown_stops_every_worker_the_window_started_and_waits_for_each(
    ctx: AppContext, portal: RunningPortal, qtbot: QtBot
) -> None:
    config = ctx.config
    enrol_terminal(ctx.data_dir, portal, portal.url, config.terminal_id, config.hall)
    window = open_window(ctx)
    qtbot.addWidget(window)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_reader(SimulatedReader())
    stopped: list[str] = []
    bridge.sync_event.connect(lambda event: stopped.append(event.kind))
    assert bridge.start_sync(poll_seconds=0.2)
    link = QueueLink(ctx)
    link.start()
    window.links.attach_queue(link)
    qtbot.waitUntil(lambda: "status" in stopped, timeout=10000)  # every road is in use
    names = [name for name, _worker, _within in ctx.started.workers]
    assert names == [
        "store jobs",
        "print jobs",
        "card reader",
        "sync worker",
        "queue jobs",
        "queue watcher",
    ]
    running = [t for t in threading.enumerate() if t.name in WORKER_THREADS]
    assert {t.name for t in running} == WORKER_THREADS
    assert shutdown(ctx) == []
    # Each stop waited: no worker thread is left, none is still on its way out.
    assert [t.name for t in running if t.is_alive()] == []
    assert bridge.sync is not None and not bridge.sync.is_alive()
    assert shutdown(ctx) == []  # a second shutdown (a test's, then the fixture's) is harmless


# --- each worker's stop(timeout) waits for its thread --------------------------------------
# Each is caught busy on its thread (a slow job, a slow listener, a slow portal): stop()
# must not return True before the thread has ended, or shutdown would tear Qt down under it.

SLOW = 0.4


def busy_then(started: threading.Event) -> None:
    started.set()
    threading.Event().wait(SLOW)


def test_a_store_worker_stops_after_the_job_it_is_running(ctx: AppContext) -> None:
    started, finished = threading.Event(), threading.Event()

    def job(store: Store) -> None:
        busy_then(started)
        finished.set()

    for worker in (ctx.store_jobs, ctx.print_jobs):
        started.clear()
        finished.clear()
        worker.submit(job)
        assert started.wait(5)
        assert worker.stop(5) and finished.is_set()


def test_the_card_reader_thread_stops_after_the_event_it_is_reporting(qapp: object) -> None:
    from devices.cards.device_thread import CardDeviceThread

    started = threading.Event()
    reader = CardDeviceThread(SimulatedReader(), lambda event: busy_then(started))
    reader.start()
    assert started.wait(5)  # reporting "reader attached", slowly
    assert reader.stop(5) and not reader.is_alive()


def test_the_sync_worker_stops_after_the_status_it_is_reporting(ctx: AppContext) -> None:
    from sync.worker import SyncEvent, SyncWorker

    started = threading.Event()
    heard: list[str] = []

    def listener(event: SyncEvent) -> None:
        if event.kind == "status" and not started.is_set():
            busy_then(started)
        heard.append(event.kind)

    worker = SyncWorker(ctx.db_path, _QuietClient, terminal="XH-W03", listener=listener)
    worker.start()
    assert started.wait(5)
    assert worker.stop(5) and not worker.is_alive() and heard[-1] == "stopped"


def test_the_queue_watcher_stops_after_the_portal_answers_it(ctx: AppContext) -> None:
    from sync.hall.watch import QueueWatcher

    client = _QuietClient()
    watcher = QueueWatcher(ctx.db_path, lambda: client, terminal="XH-W03", listener=print)
    watcher.start()
    assert client.asked.wait(5)  # the long poll is out, and this portal ignores abort()
    assert watcher.stop(5) and not watcher.running()


class _QuietClient:
    """A portal that answers nothing, slowly, and cannot be cut off."""

    def __init__(self) -> None:
        self.asked = threading.Event()

    def changes(self, after: int, limit: int, **_options: object) -> dict[str, object]:
        busy_then(self.asked)
        return {"changes": [], "last_seq": after}

    def abort(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_worker_failing_to_stop_does_not_keep_the_others_running() -> None:
    from ui.context import Started

    stopped: list[str] = []

    class Worker:
        def __init__(self, name: str, fails: bool = False) -> None:
            self.name, self.fails = name, fails

        def stop(self, timeout: float) -> bool:
            if self.fails:
                raise RuntimeError("broken")
            stopped.append(self.name)
            return True

    started = Started()
    started.add("store jobs", Worker("store"))  # started first, stopped last
    started.add("queue jobs", Worker("queue", fails=True))
    started.add("reader", Worker("reader"))
    assert started.stop_all() == ["queue jobs"]
    assert stopped == ["reader", "store"]  # the store worker still got to finish its jobs


def test_queue_presses_not_yet_sent_are_dropped_at_shutdown(ctx: AppContext) -> None:
    """An F5 pressed just before the window closes must not call a citizen to a window that
    is gone: what waits behind the press being sent is dropped; that one finishes."""
    link = QueueLink(ctx, listen=False)
    release, begun = threading.Event(), threading.Event()
    ran: list[str] = []

    def sending(_store: object) -> None:
        ran.append("sending")
        begun.set()
        release.wait(5)

    link.read(sending, lambda _r: None)
    for n in range(3):
        link.read(lambda _s, n=n: ran.append(f"press {n}"), lambda _r: None)  # type: ignore[misc]
    assert begun.wait(5)
    threading.Timer(0.2, release.set).start()
    assert link.stop(5)
    assert ran == ["sending"]
