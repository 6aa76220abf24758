"""The sync worker: its own thread, its own store connection and HTTP session.

It never touches a widget: it reports through one callback (``listener``),
called on the worker's thread, which the Qt window hands to its dispatcher,
or which can be ``queue.Queue.put``. Between batches it serves
urgent look-ups (an e-certificate for the citizen at the counter) so a long
drain never makes the counter wait.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sync import ecerts, state
from sync.attachments.upload import UploadProgress, UploadSettings
from sync.engine import Summary, sync_once
from sync.heartbeat.facts import Source
from sync.link.client import PortalClient
from terminal.clock import now as clock_now
from terminal.store import Store, open_store

T = TypeVar("T")

log = logging.getLogger("tongban.sync")


@dataclass(frozen=True)
class SyncEvent:
    """What listeners get: 'status' after every pass, 'progress' while pushing, 'upload'
    after each chunk of an attachment, 'stopped'."""

    kind: str
    status: state.SyncStatus | None = None
    summary: Summary | None = None
    sent: int = 0
    upload: UploadProgress | None = None


Listener = Callable[[SyncEvent], None]


@dataclass(frozen=True)
class Backoff:
    """Truncated exponential backoff with jitter: the halls of a city do not retry in step."""

    base: float = 2.0
    cap: float = 300.0

    def delay(self, failures: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * 2.0 ** min(failures, 30))
        return float(ceiling * rng.uniform(0.5, 1.0))


@dataclass
class _Lookup:
    """A question a person waits on, asked between batches on the worker's own client."""

    ask: Callable[[Store, PortalClient], Any]
    future: Future[Any]


class SyncWorker(threading.Thread):
    def __init__(
        self,
        store_path: Path,
        make_client: Callable[[], PortalClient],
        *,
        terminal: str,
        listener: Listener | None = None,
        poll_seconds: float = 30.0,
        backoff: Backoff | None = None,
        batch_size: int = 200,
        now: Callable[[], datetime] = clock_now,
        seed: int | None = None,
        heartbeat_from: Source | None = None,
        attachments: UploadSettings | None = None,
    ) -> None:
        super().__init__(name="tongban-sync", daemon=True)
        self.store_path = store_path
        self.make_client = make_client
        self.terminal = terminal
        self.listener = listener
        self.poll_seconds = poll_seconds
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.now = now
        self.attachments = attachments  # None: this terminal uploads no attachments
        self._rng = random.Random(seed)
        self.heartbeat_from = heartbeat_from  # None: this terminal sends no heartbeat
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._lookups: queue.Queue[_Lookup] = queue.Queue()
        self.failures = 0
        self._client: PortalClient | None = None  # the thread's, so stop() can cut a slow push

    # --- called from any thread ----------------------------------------------

    def stop(self, timeout: float = 10.0) -> bool:
        """End the thread and wait up to ``timeout`` for it; True when it has ended. An
        exchange in flight is cut off: a batch cut off stays in the outbox and goes again,
        under the same idempotency keys, at the next start."""
        self._stop_event.set()
        self._wake.set()
        client = self._client
        if client is not None:
            client.abort()
        if self.ident is None:  # never started: nothing to wait for
            return True
        self.join(timeout)
        return not self.is_alive()

    def wake(self) -> None:
        """A case was just recorded: push now rather than at the next poll."""
        self._wake.set()

    def lookup_ecerts(self, id_number: str, material: str) -> Future[ecerts.EcertAnswer]:
        return self.ask(
            lambda store, client: self.lookup_question(store, client, id_number, material)
        )

    def lookup_question(
        self, store: Store, client: PortalClient, id_number: str, material: str
    ) -> ecerts.EcertAnswer:
        """An e-certificate question, asked on this thread (``ask``)."""
        return ecerts.lookup(store, client, id_number, material, self.now())

    def ask(self, question: Callable[[Store, PortalClient], T]) -> Future[T]:
        """Run ``question`` on the worker's thread with its store and client, before the next
        batch (a person is waiting); its answer or its error in the future."""
        future: Future[T] = Future()
        self._lookups.put(_Lookup(question, future))
        self._wake.set()
        return future

    # --- the worker's own thread ------------------------------------------------

    def run(self) -> None:
        store = open_store(self.store_path)
        client = self._client = self.make_client()
        try:
            while not self._stop_event.is_set():
                self._serve_lookups(store, client)
                online = self._one_pass(store, client)
                self.failures = 0 if online else self.failures + 1
                delay = (
                    self.poll_seconds
                    if online
                    else self.backoff.delay(self.failures - 1, self._rng)
                )
                self._wake.wait(delay)
                self._wake.clear()
        finally:
            self._fail_lookups()
            client.close()
            store.close()
            self._emit(SyncEvent("stopped"))

    def _one_pass(self, store: Store, client: PortalClient) -> bool:
        """One sync; a bug or a full disk is logged and backed off, never the end of the thread."""
        try:
            summary = sync_once(
                store,
                client,
                terminal=self.terminal,
                now=self.now,
                batch_size=self.batch_size,
                stop=self._stop_event,
                progress=lambda sent: self._progress(store, client, sent),
                heartbeat_from=self.heartbeat_from,
                attachments=self.attachments,
                upload_progress=lambda p: self._uploading(store, client, p),
            )
        except Exception:
            log.exception("sync pass failed; retrying after a pause")
            self._emit(SyncEvent("status", state.read_status(store.conn)))
            return False
        self._emit(SyncEvent("status", summary.status, summary))
        return summary.online

    def _progress(self, store: Store, client: PortalClient, sent: int) -> None:
        self._emit(SyncEvent("progress", sent=sent))
        self._serve_lookups(store, client)

    def _uploading(self, store: Store, client: PortalClient, progress: UploadProgress) -> None:
        self._emit(SyncEvent("upload", upload=progress))
        self._serve_lookups(store, client)  # a citizen at the counter never waits for images

    def _serve_lookups(self, store: Store, client: PortalClient) -> None:
        while True:
            try:
                job = self._lookups.get_nowait()
            except queue.Empty:
                return
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(job.ask(store, client))
            except Exception as e:
                job.future.set_exception(e)

    def _fail_lookups(self) -> None:
        while True:
            try:
                job = self._lookups.get_nowait()
            except queue.Empty:
                return
            job.future.cancel()

    def _emit(self, event: SyncEvent) -> None:
        if self.listener is None:
            return
        try:
            self.listener(event)
        except Exception:
            # A listener's bug must not stop the cases from going out.
            log.exception("sync listener failed")
