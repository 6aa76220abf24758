"""The one road from any thread to the GUI thread, with a gate closed once at shutdown.

Every worker (store jobs, print jobs, the hall queue's jobs, the card reader, the sync
worker and its e-certificate answers, the queue watcher) calls ``post(fn)`` or a
``bind``-made listener from its own thread; ``fn`` then runs on the GUI thread through a
queued signal, as calibre's dispatcher does. Widgets never touch a worker's objects
directly, and no other code in ui/ emits a signal from a thread.

A worker that outlives its stop() (a print waiting for the printer past its join) must
not emit a signal while Qt is being torn down: PySide crashes the process on it at exit.
``close()`` waits for a post in progress; every later post is dropped, and so is a call
already queued but not yet run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

T = TypeVar("T")


class Dispatcher(QObject):
    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Re-entrant: a slot run directly on the GUI thread may post, or close, itself.
        self._lock = threading.RLock()
        self._open = True
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the GUI thread, soon; nothing once closed. Safe from any thread."""
        with self._lock:
            if self._open:
                self._call.emit(fn)

    def bind(self, fn: Callable[[T], None]) -> Callable[[T], None]:
        """A listener to hand a worker: each ``listener(event)`` on its thread becomes
        ``fn(event)`` on the GUI thread."""

        def listener(event: T) -> None:
            self.post(lambda: fn(event))

        return listener

    def close(self) -> None:
        """At shutdown, before the workers are stopped: nothing reaches Qt after this."""
        with self._lock:
            self._open = False

    @property
    def closed(self) -> bool:
        return not self._open

    def _run(self, fn: Callable[[], None]) -> None:
        if self._open:  # queued before close(), run after it: the window may be gone
            fn()
