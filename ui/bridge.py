"""The card reader's and the sync worker's events, as Qt signals on the GUI thread.

Both run on their own threads and call back on them; every callback goes through the
application's dispatcher (ui/dispatch.py), so the signals below are only ever emitted
on the GUI thread, and nothing is after shutdown. The threads are the app's to stop
(``AppContext.started``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.context import AppContext

if TYPE_CHECKING:
    from devices.cards.backend import CardBackend
    from devices.cards.device_thread import CardDeviceThread
    from sync.link.client import PortalClient
    from sync.worker import Backoff, SyncWorker
    from terminal.store import Store


class Bridge(QObject):
    card_event = Signal(object)  # devices.cards.events.CardEvent
    sync_event = Signal(object)  # sync.worker.SyncEvent
    ecert_answer = Signal(str, str, object)  # id number, material, EcertAnswer | BaseException

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.reader: CardDeviceThread | None = None
        self.backend: CardBackend | None = None
        self.sync: SyncWorker | None = None

    # --- the card reader ----------------------------------------------------------

    def start_reader(self, backend: CardBackend | None = None) -> None:
        from devices.cards.backends import open_backend, parse_spec
        from devices.cards.device_thread import CardDeviceThread

        self.backend = backend or open_backend(parse_spec(self.ctx.config.reader))
        reader = CardDeviceThread(self.backend, self.ctx.dispatcher.bind(self.card_event.emit))
        self.reader = self.ctx.started.add("card reader", reader, stop_within=5.0)
        reader.start()

    # --- the portal ----------------------------------------------------------------

    def start_sync(self, poll_seconds: float = 30.0, backoff: Backoff | None = None) -> bool:
        """Start syncing if the terminal is enrolled; False (and offline) when it is not."""
        from sync.attachments.upload import settings_for
        from sync.heartbeat.facts import Source
        from sync.worker import SyncWorker
        from terminal.config import config_path
        from ui.queue_link import portal_client_factory

        make_client = portal_client_factory(self.ctx)
        if make_client is None:
            return False
        sync = SyncWorker(
            self.ctx.db_path,
            make_client,
            terminal=self.ctx.config.terminal_id,
            listener=self.ctx.dispatcher.bind(self.sync_event.emit),
            poll_seconds=poll_seconds,
            backoff=backoff,
            heartbeat_from=Source(
                self.ctx.config, self.ctx.data_dir, config_path(self.ctx.data_dir)
            ),
            attachments=settings_for(self.ctx),
        )
        self.sync = self.ctx.started.add("sync worker", sync)
        sync.start()
        return True

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.wake()

    def lookup_ecert(self, id_number: str, material: str) -> None:
        """Ask the portal, between batches; the answer arrives as ecert_answer on the GUI thread."""
        if self.sync is None:
            return
        sync = self.sync
        self.ask_portal(
            lambda store, client: sync.lookup_question(store, client, id_number, material),
            lambda answer: self.ecert_answer.emit(id_number, material, answer),
        )

    def ask_portal(
        self, question: Callable[[Store, PortalClient], Any], done: Callable[[Any], None]
    ) -> bool:
        """Ask on the sync worker's thread, between batches (a person waits); ``done`` gets the
        answer or the error on the GUI thread. False: this terminal does not sync (not
        enrolled), nothing is asked."""
        if self.sync is None:
            return False
        future = self.sync.ask(question)
        post = self.ctx.dispatcher.post

        def finished(f: Future[Any]) -> None:  # on the sync worker's thread
            if f.cancelled():  # the worker stopped first: nobody is waiting
                return
            error = f.exception()
            answer = error if error is not None else f.result()
            post(lambda: done(answer))

        future.add_done_callback(finished)
        return True
