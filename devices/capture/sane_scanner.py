"""A SANE scanner, driven through a worker process (devices/capture/sane_worker.py).

The window's side only waits on a pipe: when the backend says nothing for ``timeout``
seconds (a vendor plugin stuck in a USB read), the process is ended and the clerk reads
"the scanner stopped answering"; the next scan starts a fresh process. A crash of the
backend ends the child only, and becomes "the scanner program stopped" the same way.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from devices.capture.base import MAX_PAGES, CaptureError, CaptureFailure, Page, PageSink, Source
from devices.capture.sane_worker import serve
from devices.capture.sources import OptionInfo, Settings, is_feeder, offered_sources

# SANE_Status numbers (sane/sane.h) to the failure the clerk reads.
STATUS_FAILURES = {
    1: CaptureFailure.UNSUPPORTED,  # UNSUPPORTED
    2: CaptureFailure.CANCELLED,  # CANCELLED
    3: CaptureFailure.BUSY,  # DEVICE_BUSY
    4: CaptureFailure.UNSUPPORTED,  # INVAL
    5: CaptureFailure.IO,  # EOF where an image was due
    6: CaptureFailure.JAMMED,
    7: CaptureFailure.NO_PAPER,  # NO_DOCS
    8: CaptureFailure.COVER_OPEN,
    9: CaptureFailure.IO,  # IO_ERROR
    10: CaptureFailure.NO_MEMORY,
    11: CaptureFailure.ACCESS_DENIED,
}


class SaneProcess:
    """One worker process, started on first use and again after a hang or a crash."""

    def __init__(self, env: dict[str, str] | None = None, timeout: float = 60.0) -> None:
        self.env = dict(env or {})
        self.timeout = timeout  # the longest silence allowed between two answers
        self._lock = threading.Lock()
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None

    def ask(self, request: tuple[Any, ...], on_message: Any = None) -> tuple[Any, ...]:
        """Send one request; pass interim answers (pages) to ``on_message``; the final one.
        Raises CaptureError HUNG or CRASHED, with the process ended either way. If
        ``on_message`` raises, the process is ended too: it is still feeding pages into the
        pipe, and the next request would read them as its own answer."""
        with self._lock:
            conn = self._connection()
            conn.send(request)
            while True:
                message = self._receive(conn)
                if message[0] != "page" or on_message is None:
                    return message
                try:
                    on_message(message)
                except BaseException:
                    self._end()
                    raise

    def _receive(self, conn: Connection) -> tuple[Any, ...]:
        try:
            ready = conn.poll(self.timeout)
            if ready:
                message: tuple[Any, ...] = conn.recv()
                return message
        except (EOFError, OSError) as e:
            self._end()
            raise CaptureError(CaptureFailure.CRASHED, str(e) or type(e).__name__) from e
        self._end()
        raise CaptureError(CaptureFailure.HUNG, f"{self.timeout:g} s")

    def _connection(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self._end()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        proc = context.Process(target=serve, args=(theirs, self.env), name="sane-worker")
        proc.daemon = True  # never outlives the window
        proc.start()
        theirs.close()  # the child's end: when the child dies, recv() sees EOF at once
        self._proc, self._conn = proc, ours
        return ours

    def _end(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.kill()  # a backend stuck in the kernel ignores SIGTERM; SIGKILL is certain
            proc.join(5)

    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def close(self) -> None:
        with self._lock:
            self._end()


def devices(process: SaneProcess) -> list[tuple[str, str, str, str]]:
    answer = process.ask(("devices",))
    _raise_if_error(answer)
    return [tuple(d) for d in answer[1]]


class SaneScanner:
    """One scanner by SANE device name (``test:0``, ``fujitsu:libusb:001:004``)."""

    def __init__(self, process: SaneProcess, device: str, model: str = "") -> None:
        self.process = process
        self.name = device
        self.model = model
        self.dpi = 300
        self.colour = False  # greyscale: a third of the bytes, and text reads as well
        self._offered: dict[Source, Settings] | None = None

    def sources(self) -> tuple[Source, ...]:
        return tuple(self._sources())

    def _sources(self) -> dict[Source, Settings]:
        if self._offered is None:
            answer = self.process.ask(("options", self.name))
            _raise_if_error(answer)
            options = {n: OptionInfo(n, tuple(v), s) for n, v, s in answer[1]}
            self._offered = offered_sources(self.name, self.model, options)
        return self._offered

    def scan(self, source: Source, on_page: PageSink) -> int:
        settings = self._sources().get(source)
        if settings is None:
            raise CaptureError(CaptureFailure.NO_SOURCE, source.value)
        request = ("scan", self.name, settings, self.dpi, self.colour, is_feeder(source))

        taken = 0

        def page(message: tuple[Any, ...]) -> None:
            nonlocal taken
            # A feeder that never says "no more paper" (a sensor stuck) is stopped here: the
            # raise ends the worker, and the pages already taken stay with the clerk.
            taken += 1
            if taken > MAX_PAGES:
                raise CaptureError(CaptureFailure.TOO_MANY_PAGES, self.name, max=MAX_PAGES)
            _, jpeg, dpi, width, height = message
            on_page(Page(jpeg, dpi, width, height))

        answer = self.process.ask(request, page)
        _raise_if_error(answer)
        pages: int = answer[1]
        return pages


def _raise_if_error(answer: tuple[Any, ...]) -> None:
    if answer[0] == "error":
        _, status, text, _pages = answer
        raise CaptureError(STATUS_FAILURES.get(status, CaptureFailure.IO), text)
