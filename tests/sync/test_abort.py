"""Stopping cuts off an exchange in flight: a window closes at once, and nothing is lost."""

from __future__ import annotations

import queue
import socket
import threading
import time

import pytest

from sync.errors import LinkDown
from sync.link.client import PortalClient, Timeouts
from sync.portal.server import RunningPortal
from sync.state import read_status
from sync.worker import SyncEvent, SyncWorker
from terminal.catalogue import Catalogue

from ..polling import wait_until
from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import TERMINAL, Admin, client_for, drain, record_cases
from .stuck_server import Holder

PATIENT = Timeouts(connect=5.0, read=60.0, total=120.0)  # a client that would wait a minute


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
        wait_until(lambda: stalling.applied[Fault.STALL_BEFORE] == 1, "the proxy to hold it", 30)
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
        wait_until(lambda: stalling.applied[Fault.STALL_BEFORE] == 1, "the proxy to hold it", 30)
        worker.stop()
        # The clerk closing the window does not wait for the portal's minute.
        worker.join(timeout=5)
        assert not worker.is_alive()
        assert admin.cases() == []
        assert read_status(terminal.store.conn).waiting == 1  # still in the outbox, not lost
        # Cut off by the stop, not by the link: sync status does not read "offline since".
        assert read_status(terminal.store.conn).online is not False
    finally:
        stalling.close()
    # The case stayed in the outbox and goes at the next start, once.
    client: PortalClient = client_for(terminal.key, portal.url)
    drain(terminal.store, client)
    client.close()
    assert len(admin.cases()) == 1


def _ask_in_thread(client: PortalClient) -> tuple[threading.Thread, list[LinkDown]]:
    failed: list[LinkDown] = []

    def ask() -> None:
        try:
            client.send("GET", "/api/v1/time", signed=False)
        except LinkDown as e:
            failed.append(e)

    thread = threading.Thread(target=ask)
    thread.start()
    return thread, failed


def test_abort_ends_a_request_held_by_a_proxy_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    holder = Holder()
    try:
        # HTTP_PROXY from the environment (trust_env): the proxy is on loopback and holds it.
        monkeypatch.setenv("HTTP_PROXY", holder.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        client = PortalClient("http://portal.invalid", None, timeouts=PATIENT, trust_env=True)
        asking, failed = _ask_in_thread(client)
        wait_until(lambda: holder.requests, "the request at the proxy", 30)
        client.abort()
        asking.join(timeout=5)
        assert not asking.is_alive() and len(failed) == 1
        with pytest.raises(LinkDown):
            client.send("GET", "/api/v1/time", signed=False)
        assert len(holder.requests) == 1  # nothing more reached the proxy
    finally:
        holder.close()


def test_abort_during_connect_ends_the_request_once_connected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import urllib3.connection

    holder = Holder()
    connecting = threading.Event()
    real = urllib3.connection.connection.create_connection

    def slow_connect(*args: object, **kwargs: object) -> socket.socket:
        connecting.set()
        time.sleep(0.5)  # a slow SYN or name lookup: abort() comes before there is a socket
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib3.connection.connection, "create_connection", slow_connect)
    try:
        client = PortalClient(holder.url, None, timeouts=PATIENT, trust_env=False)
        asking, failed = _ask_in_thread(client)
        assert connecting.wait(5)
        client.abort()
        asking.join(timeout=5)
        # Ended as soon as it connected, not after the minute's read timeout.
        assert not asking.is_alive() and len(failed) == 1
        assert holder.requests == []  # and the request was never sent
    finally:
        holder.close()
