"""The one way work done on other threads reaches the GUI thread.

A worker (store, card reader, sync) calls ``dispatcher.post(fn)`` from its
own thread; ``fn`` then runs on the GUI thread through a queued signal, as
calibre's dispatcher does. Widgets never touch a worker's objects directly.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class Dispatcher(QObject):
    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the GUI thread, soon. Safe from any thread."""
        self._call.emit(fn)

    def _run(self, fn: Callable[[], None]) -> None:
        fn()
