"""The one road from any thread to the GUI thread, with a gate closed once at shutdown.

Every worker (store jobs, print jobs, the hall queue's jobs, the card reader, the sync
worker and its e-certificate answers, the queue watcher) calls ``post(fn)`` or a
``bind``-made listener from its own thread; ``fn`` then runs on the GUI thread through an
event posted to the dispatcher (calibre's queues a signal). Widgets never touch a worker's
objects directly, and no other code in ui/ emits a signal from a thread.

A worker that outlives its stop() (a print waiting for the printer past its join) must
not reach Qt while it is being torn down: PySide crashes the process on it at exit.
``close()`` waits for a post in progress; every later post is dropped, and so is a call
already queued but not yet run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject

T = TypeVar("T")

# An event posted to the dispatcher rather than a queued signal: connecting one would take
# Qt.ConnectionType, and touching ``Qt`` before the window's first paint costs ~15 ms
# (ui/qt_names.py). A posted event is always queued, from any thread, the GUI's too.
_CALL = QEvent.Type(QEvent.registerEventType())


class _Call(QEvent):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__(_CALL)
        self.fn = fn


class Dispatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        # Re-entrant: a slot run directly on the GUI thread may post, or close, itself.
        self._lock = threading.RLock()
        self._open = True

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the GUI thread, soon; nothing once closed. Safe from any thread."""
        with self._lock:
            if self._open:
                QCoreApplication.postEvent(self, _Call(fn))

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

    def event(self, event: QEvent) -> bool:
        if not isinstance(event, _Call):
            return super().event(event)
        if self._open:  # queued before close(), run after it: the window may be gone
            event.fn()
        return True
