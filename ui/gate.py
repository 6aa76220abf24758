"""Calls from background threads into Qt: let through until shutdown, none after.

A reader or sync thread that outlives its stop() (a join that timed out) must
not emit a signal while Qt is being torn down: PySide crashes the process on
it at exit. Closing the gate waits for a call in progress and drops the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Gate:
    def __init__(self) -> None:
        self._lock = threading.RLock()  # re-entrant: a direct slot may close the gate itself
        self._open = True

    def wrap(self, call: Callable[..., Any]) -> Callable[..., None]:
        def through(*args: Any) -> None:
            with self._lock:
                if self._open:
                    call(*args)

        return through

    def close(self) -> None:
        with self._lock:
            self._open = False
