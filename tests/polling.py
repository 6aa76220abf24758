"""The suite's one way to wait for something outside Qt: look again until it is so.

Widgets are waited for with pytest-qt's ``qtbot.waitUntil``, which keeps the event loop
turning; everything else (a daemon, a socket, a thread, a file) with ``wait_until``. The
timeouts are generous on purpose: they bound a broken test, they do not measure speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Say = str | Callable[[], object]  # what is awaited; a callable is asked only on failure


def wait_until(
    condition: Callable[[], object], what: Say, timeout: float = 15.0, every: float = 0.05
) -> None:
    """Return as soon as ``condition()`` is truthy; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            if condition():  # the last look, so a slow machine's late success still counts
                return
            said = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout} s waiting for {said}")
        time.sleep(every)
