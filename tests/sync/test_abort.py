"""Stopping cuts off an exchange in flight: a window closes at once, and nothing is lost."""

from __future__ import annotations

import queue
import threading
import time

from sync.client import PortalClient, Timeouts
from sync.errors import LinkDown
from sync.portal.server import RunningPortal
from sync.worker import SyncEvent, SyncWorker
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import TERMINAL, Admin, client_for, drain, record_cases

PATIENT = Timeouts(connect=5.0, read=60.0, total=120.0)  # a client that would wait a minute


def _until(predicate: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_abort_ends_a_request_the_portal_holds_and_refuses_later_ones(
    terminal: Terminal, portal: RunningPortal
) -> None:
    stalling = FaultProxy(portal.server.server_address[1], stall_seconds=60)
    try:
        stalling.then(Fault.STALL_BEFORE)
        client = client_for(terminal.key, stalling.url, timeouts=PATIENT)
        failed: list[BaseException] = []

        def ask() -> None:
            try:
                client.changes(0, 10)
            except LinkDown as e:
                failed.append(e)

        asking = threading.Thread(target=ask)
        asking.start()
        _until(lambda: stalling.applied[Fault.STALL_BEFORE] == 1)
        client.abort()
        asking.join(timeout=5)
        assert not asking.is_alive() and len(failed) == 1
        assert isinstance(failed[0], LinkDown) and failed[0].msg_id == "sync.link.unreachable"
        # An aborted client does not start another exchange (not even its quick retry).
        try:
            client.changes(0, 10)
        except LinkDown:
            pass
        else:
            raise AssertionError("an aborted client sent a request")
        assert stalling.applied[Fault.PASS] == 0
    finally:
        stalling.close()


def test_stopping_the_worker_mid_push_ends_it_at_once_and_the_case_goes_later_once(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    stalling = FaultProxy(portal.server.server_address[1], stall_seconds=60)
    events: queue.Queue[SyncEvent] = queue.Queue()
    try:
        record_cases(terminal.store, mini_catalogue, 1)
        stalling.then(Fault.STALL_BEFORE)
        worker = SyncWorker(
            terminal.store.path,
            lambda: client_for(terminal.key, stalling.url, timeouts=PATIENT),
            terminal=TERMINAL,
            listener=events.put,
            poll_seconds=60,
        )
        worker.start()
        _until(lambda: stalling.applied[Fault.STALL_BEFORE] == 1)
        worker.stop()
        # The clerk closing the window does not wait for the portal's minute.
        worker.join(timeout=5)
        assert not worker.is_alive()
        assert admin.cases() == []
    finally:
        stalling.close()
    # The case stayed in the outbox and goes at the next start, once.
    client: PortalClient = client_for(terminal.key, portal.url)
    drain(terminal.store, client)
    client.close()
    assert len(admin.cases()) == 1
