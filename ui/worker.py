"""The store worker: one thread owns the window's SQLite connection and runs every
store job, so no SQLite call (read or write) ever blocks the GUI thread."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from terminal.store import Store, open_store
from ui.dispatch import Dispatcher

log = logging.getLogger(__name__)

Failed = Callable[[Exception], None]
T = TypeVar("T")
R = TypeVar("R")
_Item = tuple[Callable[[Store], Any], Callable[[Any], None] | None, Failed | None]


class StoreWorker:
    """One thread, one connection, jobs in order. The window has two: quick store jobs,
    and slow printer jobs (a print waits for the printer) that must not hold the quick ones."""

    def __init__(
        self, db_path: Path, dispatcher: Dispatcher, on_unhandled: Failed, name: str = "store"
    ) -> None:
        self._db_path = db_path
        self._dispatcher = dispatcher
        self._on_unhandled = on_unhandled
        self._jobs: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=f"{name}-worker", daemon=True)
        self._idle = threading.Event()
        self._idle.set()
        self._thread.start()

    def submit(
        self,
        job: Callable[[Store], R],
        on_done: Callable[[R], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run ``job(store)`` on the worker; its result or error comes back on the GUI thread."""
        self._idle.clear()
        self._jobs.put((job, on_done, on_error))

    def _loop(self) -> None:
        store = open_store(self._db_path)
        try:
            while (item := self._jobs.get()) is not None:
                job, on_done, on_error = item
                try:
                    result = job(store)
                except Exception as e:  # every failure reaches a person as a message, never a crash
                    self._dispatcher.post(_bound(on_error or self._on_unhandled, e))
                else:
                    if on_done is not None:
                        self._dispatcher.post(_bound(on_done, result))
                if self._jobs.empty():
                    self._idle.set()
        finally:
            store.close()

    def wait_idle(self, timeout: float = 10) -> bool:
        """For shutdown and tests: every submitted job has run."""
        return self._idle.wait(timeout)

    def discard_pending(self) -> int:
        """Drop the jobs not yet started (their answers would reach nobody); how many."""
        dropped = 0
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                return dropped
            if item is None:  # a stop already asked for stays asked for
                self._jobs.put(None)
                return dropped
            dropped += 1

    def stop(self, timeout: float = 10) -> bool:
        """Run the jobs already submitted, then end; True when the thread has ended. A job
        still running after ``timeout`` (a print waiting for the printer) finishes on its
        own, and its answer is dropped by the dispatcher, closed before this is called."""
        self._jobs.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()


def _bound(fn: Callable[[T], None], value: T) -> Callable[[], None]:
    # A closure per answer: a lambda in the loop would see the loop's last values.
    return lambda: fn(value)
