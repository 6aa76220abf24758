"""The capture thread: sheet finding, scanning, PDF building and storing run here, never
on the GUI thread; answers come back through the window's one road (ui/dispatch.py).

One thread, jobs in order: a page's processing finishes before the next shutter's starts,
so the thumbnails keep the order the clerk took them in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from ui.dispatch import Dispatcher

log = logging.getLogger(__name__)
R = TypeVar("R")


class CaptureJobs:
    def __init__(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="capture")

    def submit(
        self,
        job: Callable[[], R],
        on_done: Callable[[R], None],
        on_error: Callable[[Exception], None],
    ) -> Future[R]:
        """Run ``job`` on the capture thread; ``on_done(result)`` or ``on_error(e)`` on the GUI's."""
        future = self._pool.submit(job)
        post = self._dispatcher.post

        def done(f: Future[R]) -> None:  # on the capture thread
            if f.cancelled():
                return
            error = f.exception()
            if isinstance(error, Exception):
                post(lambda: on_error(error))
            elif error is None:
                result = f.result()
                post(lambda: on_done(result))
            else:
                log.error("capture job ended by %r", error)

        future.add_done_callback(done)
        return future

    def post(self, fn: Callable[[], None]) -> None:
        """For a job that reports as it goes (a page at a time from the feeder)."""
        self._dispatcher.post(fn)

    def stop(self, timeout: float = 10) -> bool:
        """Drop the jobs not started; True when the one running (if any) has ended. A scan
        waiting on the SANE process ends within that process's own time limit."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        ended = True
        for thread in list(getattr(self._pool, "_threads", ())):
            thread.join(timeout)
            ended = ended and not thread.is_alive()
        return ended
