"""Listening to the hall queue: every call and every change, for the window, a display, the voice.

Two threads. One long-polls the portal's feed for the ``queue`` topic (the portal holds
the request until something happens, so a call made at window 3 reaches the display in
well under a second) and writes what comes into the store. The other reads the store
for calls and ticket changes it has not reported yet, whoever wrote them (that poller,
the sync worker's pull, or this terminal's own offline calls), and reports each once, in
order, to ``listener`` — on its own thread; the Qt screens hand it to their dispatcher,
or it can be ``queue.Queue.put``. Offline nothing comes from the portal, and the calls
this terminal makes still reach its own listeners.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sync.errors import LinkDown
from sync.hall import feed as queue_feed
from sync.heartbeat import send as heartbeat
from sync.heartbeat.facts import Source
from sync.link.client import PortalClient
from sync.worker import Backoff
from terminal import hall
from terminal.clock import now as clock_now
from terminal.hall import Call, Ticket
from terminal.hall import help as hall_help
from terminal.store import open_store

log = logging.getLogger("tongban.queue")


@dataclass(frozen=True)
class QueueEvent:
    """'call': show and announce ``call``; 'changed': ``tickets`` moved (re-read the lists);
    'link': the portal's queue feed is reachable (``online``) or not."""

    kind: str
    call: Call | None = None
    tickets: tuple[Ticket, ...] = field(default=())
    online: bool | None = None


Listener = Callable[[QueueEvent], None]


class QueueWatcher:
    def __init__(
        self,
        store_path: Path,
        make_client: Callable[[], PortalClient] | None,
        *,
        terminal: str,
        listener: Listener,
        wait_seconds: int = 10,
        scan_seconds: float = 0.5,
        backoff: Backoff | None = None,
        now: Callable[[], datetime] = clock_now,
        since_call: int | None = None,
        heartbeat_from: Source | None = None,
    ) -> None:
        self.store_path = store_path
        self.make_client = make_client
        self.terminal = terminal
        self.listener = listener
        self.wait_seconds = wait_seconds
        self.scan_seconds = scan_seconds
        self.backoff = backoff or Backoff(base=1.0, cap=30.0)
        self.now = now
        self.since_call = since_call  # None: report calls from now on; N: those after call N
        # A hall display runs no sync worker: its heartbeat goes from here (the counters' and
        # kiosks' from the worker, so one thread sends each terminal's).
        self.heartbeat_from = heartbeat_from
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._ready = threading.Event()
        self._threads: list[threading.Thread] = []
        self._client: PortalClient | None = None  # the feed's, so stop() can end its long poll
        self._rng = random.Random()

    def start(self) -> None:
        targets = [self._scan] + ([self._poll] if self.make_client is not None else [])
        for target in targets:
            thread = threading.Thread(target=target, name="tongban-queue", daemon=True)
            thread.start()
            self._threads.append(thread)
        self._ready.wait(5.0)  # the scanner has its bookmark: nothing after start() is missed

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop both threads, waiting up to ``timeout``: a long poll in flight is cut off.
        True when both have ended, and then the listener is not called again. (The Qt
        screens also close their dispatcher first, so even a thread that outlives this
        reaches no widget.)"""
        self._stop.set()
        self._wake.set()
        client = self._client
        if client is not None:
            client.abort()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not self.running()

    def running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def wake(self) -> None:
        """Something changed in the store here: report it now, not at the next scan."""
        self._wake.set()

    # --- the portal's feed ------------------------------------------------------------

    def _poll(self) -> None:
        assert self.make_client is not None
        store = open_store(self.store_path)
        client = self._client = self.make_client()
        failures, online = 0, None
        try:
            while not self._stop.is_set():
                try:
                    if self.heartbeat_from is not None:
                        heartbeat.owe(store, self.heartbeat_from, self.now())
                    after = queue_feed.cursor(store.conn)
                    asked = time.monotonic()
                    # The first ask does not wait: the screens learn at once that the portal answers.
                    wait = self.wait_seconds if online is not None else 0
                    page = client.changes(after, 200, topic="queue", wait=wait)
                    if wait and not page["changes"] and time.monotonic() - asked < 1.0:
                        # Nothing, at once: a portal that does not hold the request. Poll gently.
                        self._stop.wait(min(self.wait_seconds, 2.0) or 1.0)
                    if page["last_seq"] < after:
                        # The rows to confirm again are the sync pass's (sync/feed/pull.py).
                        raise LinkDown(
                            "sync.link.cursor_back",
                            reached=True,
                            needs_it=True,
                            have=after,
                            offered=page["last_seq"],
                            again=0,
                        )
                    if queue_feed.apply_page(store, page, self.terminal, self.now()):
                        self._wake.set()
                    failures = 0
                    if self.heartbeat_from is not None:  # (it never raises for the link)
                        heartbeat.send(store, client, self.heartbeat_from, self.now())
                    if online is not True:
                        online = True
                        self._emit(QueueEvent("link", online=True))
                except LinkDown as e:
                    failures += 1
                    if online is not False:
                        online = False
                        self._emit(QueueEvent("link", online=False))
                    log.info("queue feed unreachable: %s", e.msg_id)
                    self._stop.wait(self.backoff.delay(failures - 1, self._rng))
                except Exception:
                    failures += 1
                    log.exception("queue feed pass failed; retrying after a pause")
                    self._stop.wait(self.backoff.delay(failures - 1, self._rng))
        finally:
            client.close()
            store.close()

    # --- the store -------------------------------------------------------------------------

    def _scan(self) -> None:
        store = open_store(self.store_path)
        try:
            last_call, last_change = hall.bookmark(store.conn)
            last_help = hall_help.signature(store.conn)
            if self.since_call is not None:
                last_call = self.since_call
            self._ready.set()
            while not self._stop.is_set():
                self._wake.wait(self.scan_seconds)
                self._wake.clear()
                for call in hall.recent_calls(store.conn, after=last_call, limit=500):
                    last_call = call.id
                    self._emit(QueueEvent("call", call=call))
                moved, last_change = hall.changed_since(store.conn, last_change)
                helped = hall_help.signature(store.conn)
                if moved or helped != last_help:  # a call for help raised or answered: re-read
                    self._emit(QueueEvent("changed", tickets=tuple(moved)))
                last_help = helped
        finally:
            self._ready.set()
            store.close()

    def _emit(self, event: QueueEvent) -> None:
        if self._stop.is_set():  # e.g. the long poll cut off by stop(): not the portal's fault
            return
        try:
            self.listener(event)
        except Exception:
            # A listener's bug must not stop the hall hearing its calls.
            log.exception("queue listener failed")
