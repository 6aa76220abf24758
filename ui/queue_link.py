"""The hall queue for a Qt screen (the clerk's window, the kiosk, the hall display).

Every queue operation may wait for the portal (up to ``sync.hall.operations.INTERACTIVE``), so
it runs on a thread of its own that owns the ``HallQueue`` and its store connection;
the result or the ``QueueError`` comes back on the GUI thread. Calls and changes heard
by ``QueueWatcher`` (from the portal's feed or this terminal's own offline calls) come
through the application's dispatcher and are emitted as ``happened`` on the GUI thread.
Both threads are the app's to stop (``AppContext.started``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal

from ui.context import AppContext
from ui.worker import StoreWorker

if TYPE_CHECKING:
    from sync.hall.operations import HallQueue
    from sync.hall.watch import QueueEvent, QueueWatcher
    from sync.heartbeat.facts import Source
    from sync.link.client import PortalClient
    from terminal.store import Store

log = logging.getLogger(__name__)

R = TypeVar("R")


class Answered(Protocol):
    """What a queue operation answers: a ticket's ``Result`` or a call for help's."""

    @property
    def online(self) -> bool: ...


A = TypeVar("A", bound=Answered)


def portal_client_factory(
    ctx: AppContext, interactive: bool = False
) -> Callable[[], PortalClient] | None:
    """A maker of portal clients when this terminal is enrolled; None when it is not, or when
    its key cannot be used (logged; ``tongban doctor`` names the file and the fix). A kiosk
    or a window then works offline instead of failing to start."""
    from sync.errors import SyncError
    from sync.hall.operations import INTERACTIVE
    from sync.link.client import PortalClient
    from sync.link.keys import key_path, load_key

    if not key_path(ctx.data_dir).exists():
        return None
    try:
        key = load_key(ctx.data_dir)
    except SyncError as e:
        log.warning("terminal key not usable, working offline: %s", e.msg_id)
        return None
    timeouts = INTERACTIVE if interactive else None  # the client's ca_bundle comes with the key

    def make() -> PortalClient:
        return PortalClient(key.portal_url, key, timeouts=timeouts)

    return make


class QueueLink(QObject):
    # Not "event": that would hide QObject.event, the virtual every Qt event goes through.
    happened = Signal(object)  # sync.hall.watch.QueueEvent

    def __init__(self, ctx: AppContext, *, listen: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.listen = listen
        self._hall: HallQueue | None = None
        self._worker = StoreWorker(ctx.db_path, ctx.dispatcher, self._unhandled, name="queue")
        ctx.started.add("queue jobs", self)
        self.watcher: QueueWatcher | None = None
        self.online: bool | None = None  # what the last operation or the feed said

    def start(self) -> None:
        """Start listening to the hall (calls, changes, link state)."""
        from sync.hall.watch import QueueWatcher

        if not self.listen or self.watcher is not None:
            return
        make_client = portal_client_factory(self.ctx)
        if make_client is None:
            self.online = False  # not enrolled: only this terminal's own queue, from the start
        watcher = QueueWatcher(
            self.ctx.db_path,
            make_client,
            terminal=self.ctx.config.terminal_id,
            listener=self.ctx.dispatcher.bind(self._heard),
            heartbeat_from=_display_heartbeat(self.ctx) if make_client is not None else None,
        )
        self.watcher = self.ctx.started.add("queue watcher", watcher, stop_within=2.0)
        watcher.start()

    def run(
        self,
        operation: Callable[[HallQueue], A],
        on_done: Callable[[A], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """``operation(hall)`` on the queue's thread; its answer on the GUI thread."""

        def job(store: Store) -> A:
            return operation(self._hall_for(store))

        def done(result: A) -> None:
            self.online = result.online  # written on the GUI thread only, like every read of it
            on_done(result)

        self._worker.submit(job, done, on_error)

    def ask(
        self,
        question: Callable[[HallQueue], R],
        on_done: Callable[[R], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """A question to the portal on the queue's thread (its client, its short timeouts)
        that is not a queue operation: the link's state is left as the queue last saw it."""
        self._worker.submit(lambda store: question(self._hall_for(store)), on_done, on_error)

    def read(self, query: Callable[[Store], R], on_done: Callable[[R], None]) -> None:
        """A read of the queue tables on the queue's thread (lists for the screens)."""
        self._worker.submit(query, on_done, self._unhandled)

    def wait_idle(self, timeout: float = 10) -> bool:
        return self._worker.wait_idle(timeout)

    def stop(self, timeout: float) -> bool:
        """At shutdown: a queue press not yet sent is dropped (an F5 just before closing
        must not call a citizen to a window that is gone); the one being sent finishes."""
        dropped = self._worker.discard_pending()
        if dropped:
            log.info("dropped %d queue operations not yet sent, at shutdown", dropped)
        return self._worker.stop(timeout)

    def _heard(self, event: QueueEvent) -> None:
        """On the GUI thread: note the link's state first, then tell the screens."""
        if event.kind == "link":
            self.online = bool(event.online)
        self.happened.emit(event)

    # --- the queue's thread ---------------------------------------------------------

    def _hall_for(self, store: Store) -> HallQueue:
        if self._hall is None:
            from sync.hall.operations import HallQueue
            from terminal.hall import load_groups

            make = portal_client_factory(self.ctx, interactive=True)
            self._hall = HallQueue(
                store,
                make() if make is not None else None,
                terminal=self.ctx.config.terminal_id,
                window=self.ctx.config.window,
                groups=load_groups(self.ctx.data_dir),
                notify=self.watcher.wake if self.watcher is not None else None,
                clerk=lambda: self.ctx.clerk.username if self.ctx.clerk else "",
            )
        return self._hall

    def _unhandled(self, error: Exception) -> None:
        log.error("queue job failed: %s", type(error).__name__)


def _display_heartbeat(ctx: AppContext) -> Source | None:
    """A hall display has no sync worker: its watcher sends its heartbeat (issue 18)."""
    from sync.heartbeat.facts import Source
    from terminal.config import config_path

    if ctx.config.mode != "display":
        return None
    return Source(ctx.config, ctx.data_dir, config_path(ctx.data_dir))
