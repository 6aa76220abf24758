"""The one place where the card reader's and the sync worker's events become Qt signals.

Both run on their own threads and call back on them; emitting a signal of a
QObject that lives on the GUI thread queues the call there. Nothing else in
ui/ talks to those threads.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from ui.context import AppContext
from ui.gate import Gate

if TYPE_CHECKING:
    from devices.cards.backend import CardBackend
    from devices.cards.device_thread import CardDeviceThread
    from sync.worker import SyncWorker


class Bridge(QObject):
    card_event = Signal(object)  # devices.cards.events.CardEvent
    sync_event = Signal(object)  # sync.worker.SyncEvent
    ecert_answer = Signal(str, str, object)  # id number, material, EcertAnswer | Exception

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.reader: CardDeviceThread | None = None
        self.backend: CardBackend | None = None
        self.sync: SyncWorker | None = None
        self.gate = Gate()  # closed by stop(): nothing reaches Qt from a thread after it

    # --- the card reader ----------------------------------------------------------

    def start_reader(self, backend: CardBackend | None = None) -> None:
        from devices.cards.backends import open_backend, parse_spec
        from devices.cards.device_thread import CardDeviceThread

        self.backend = backend or open_backend(parse_spec(self.ctx.config.reader))
        self.reader = CardDeviceThread(self.backend, self.gate.wrap(self.card_event.emit))
        self.reader.start()

    # --- the portal ----------------------------------------------------------------

    def start_sync(self, poll_seconds: float = 30.0, backoff: Any = None) -> bool:
        """Start syncing if the terminal is enrolled; False (and offline) when it is not."""
        from sync.worker import SyncWorker
        from ui.queue_link import portal_client_factory

        make_client = portal_client_factory(self.ctx)
        if make_client is None:
            return False
        self.sync = SyncWorker(
            self.ctx.data_dir / "tongban.db",
            make_client,
            terminal=self.ctx.config.terminal_id,
            listener=self.gate.wrap(self.sync_event.emit),
            poll_seconds=poll_seconds,
        )
        self.sync.start()
        return True

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.wake()

    def lookup_ecert(self, id_number: str, material: str) -> None:
        """Ask the portal, between batches; the answer arrives as ecert_answer on the GUI thread."""
        if self.sync is None:
            return
        future = self.sync.lookup_ecerts(id_number, material)

        answer = self.gate.wrap(self.ecert_answer.emit)

        def done(f: Future[Any]) -> None:
            error = f.exception()
            answer(id_number, material, error if error is not None else f.result())

        future.add_done_callback(done)

    def stop(self) -> None:
        self.gate.close()
        if self.reader is not None:
            self.reader.stop()
        if self.sync is not None:
            self.sync.stop()
            self.sync.join(10)
