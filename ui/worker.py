"""The store worker: one thread owns the window's SQLite connection and runs every
store job, so no SQLite call (read or write) ever blocks the GUI thread."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from terminal.store import Store, open_store
from ui.dispatch import Dispatcher

log = logging.getLogger(__name__)

Job = Callable[[Store], Any]
Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class StoreWorker:
    """One thread, one connection, jobs in order. The window has two: quick store jobs,
    and slow printer jobs (a print waits for the printer) that must not hold the quick ones."""

    def __init__(
        self, db_path: Path, dispatcher: Dispatcher, on_unhandled: Failed, name: str = "store"
    ) -> None:
        self._db_path = db_path
        self._dispatcher = dispatcher
        self._on_unhandled = on_unhandled
        self._jobs: queue.Queue[tuple[Job, Done | None, Failed | None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=f"{name}-worker", daemon=True)
        self._idle = threading.Event()
        self._idle.set()
        self._thread.start()

    def submit(self, job: Job, on_done: Done | None = None, on_error: Failed | None = None) -> None:
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
                    handler = on_error or self._on_unhandled
                    self._dispatcher.post(lambda h=handler, e=e: h(e))  # type: ignore[misc]
                else:
                    if on_done is not None:
                        self._dispatcher.post(lambda d=on_done, r=result: d(r))  # type: ignore[misc]
                if self._jobs.empty():
                    self._idle.set()
        finally:
            store.close()

    def wait_idle(self, timeout: float = 10) -> bool:
        """For shutdown and tests: every submitted job has run."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10) -> None:
        self._jobs.put(None)
        self._thread.join(timeout)
