"""sync/link/abortable.py against the urllib3 that is installed, not a mock of it.

The adapter works by overriding urllib3 internals: a PoolManager's per-instance
``pool_classes_by_scheme``, a pool's ``_get_conn``/``_put_conn`` and its ``ConnectionCls.connect``,
and it counts on an HTTPS connection holding its socket in ``sock`` before the TLS handshake.
A urllib3 release that renames or stops calling any of these leaves ``abort()`` shutting
nothing, and the window's close waits a minute for a portal: these tests fail first. They use a
plain requests.Session, so they test the override, not PortalClient's use of it.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import urllib3.connection

from sync.link.abortable import AbortableAdapter, maybe_reached

from ..polling import wait_until
from .stuck_server import Holder

# What the window's close may take; the exchanges below would otherwise wait a minute.
PROMPT = 5.0
PATIENT = (5.0, 60.0)  # requests' (connect, read) timeouts


@pytest.fixture
def holder() -> Iterator[Holder]:
    server = Holder()
    yield server
    server.close()  # also ends any exchange a failed test left waiting


def session_with(adapter: AbortableAdapter) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    for scheme in ("http://", "https://"):
        session.mount(scheme, adapter)
    return session


def in_thread(session: requests.Session, url: str) -> tuple[threading.Thread, list[BaseException]]:
    """A GET on another thread, as the sync worker makes it; what it raised lands in the list."""
    raised: list[BaseException] = []

    def get() -> None:
        try:
            session.get(url, timeout=PATIENT, verify=False)
        except BaseException as e:
            raised.append(e)

    thread = threading.Thread(target=get, daemon=True)
    thread.start()
    return thread, raised


def ended_promptly(thread: threading.Thread) -> float:
    started = time.monotonic()
    thread.join(PROMPT)
    assert not thread.is_alive(), "abort() did not end the exchange in flight"
    return time.monotonic() - started


def test_a_request_waiting_for_its_answer_is_ended_by_abort_from_another_thread(
    holder: Holder,
) -> None:
    adapter = AbortableAdapter()
    asking, raised = in_thread(session_with(adapter), holder.url + "/api/v1/changes")
    wait_until(lambda: holder.requests, "the request to arrive")
    adapter.abort()
    ended_promptly(asking)
    # As a lost link (the sync worker's "offline"), not as the portal being slow.
    assert len(raised) == 1 and isinstance(raised[0], requests.ConnectionError)
    assert not isinstance(raised[0], requests.Timeout)


def test_after_abort_no_new_connection_is_made(holder: Holder) -> None:
    adapter = AbortableAdapter()
    session = session_with(adapter)
    adapter.abort()
    with pytest.raises(requests.ConnectionError) as refused:
        session.get(holder.url, timeout=PATIENT)
    time.sleep(0.2)  # a connection the client did open would be accepted by now
    assert holder.accepted == 0
    # Not sent, so not "maybe arrived": the outbox does not count it as a failed attempt.
    assert not maybe_reached(refused.value)


def test_an_https_request_stuck_in_its_tls_handshake_is_ended_by_abort(holder: Holder) -> None:
    """The portal behind TLS (sync/portal/tls.py) that accepts and never finishes the
    handshake: the socket is shut during connect(), before urllib3 has a request to send."""
    adapter = AbortableAdapter()
    url = f"https://127.0.0.1:{holder.port}/api/v1/changes"
    asking, raised = in_thread(session_with(adapter), url)
    wait_until(lambda: holder.requests, "the TLS ClientHello to arrive")
    adapter.abort()
    ended_promptly(asking)
    assert len(raised) == 1 and isinstance(raised[0], requests.ConnectionError)
    # A lost link, not a TLS fault for IT; and nothing was sent.
    assert not isinstance(raised[0], requests.exceptions.SSLError)
    assert not maybe_reached(raised[0])


class Answering(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the pool keeps the connection

    def do_GET(self) -> None:
        self.server.callers.append(self.client_address)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output is the assertions, not an access log


@pytest.fixture
def answering() -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answering)
    server.callers = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_finished_exchange_gives_its_connection_back_for_the_next(
    answering: http.server.ThreadingHTTPServer,
) -> None:
    """Connections are tracked while in use only: one answered goes back to the pool (urllib3
    calls the overridden _put_conn) and the next request reuses it."""
    url = f"http://127.0.0.1:{answering.server_address[1]}"
    adapter = AbortableAdapter()
    session = session_with(adapter)
    first = session.get(url + "/one", timeout=PATIENT)
    assert first.text == "ok"
    assert list(adapter._in_use) == []  # given back: abort() has nothing in flight to shut
    second = session.get(url + "/two", timeout=PATIENT)
    assert second.text == "ok"
    callers = answering.callers  # type: ignore[attr-defined]
    assert len(callers) == 2 and callers[0] == callers[1]  # one connection, used twice


def test_an_abort_during_the_tcp_connect_stops_before_the_tls_handshake(
    holder: Holder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """abort() landing while the socket connects finds nothing to shut yet; the handshake that
    would follow (and could stall for the connect timeout) must not begin."""
    adapter = AbortableAdapter()
    real_connect = urllib3.connection.connection.create_connection

    def connect_while_the_window_closes(*args: Any, **kwargs: Any) -> socket.socket:
        sock = real_connect(*args, **kwargs)
        adapter.abort()
        return sock

    monkeypatch.setattr(
        urllib3.connection.connection, "create_connection", connect_while_the_window_closes
    )
    url = f"https://127.0.0.1:{holder.port}/api/v1/changes"
    asking, raised = in_thread(session_with(adapter), url)
    ended_promptly(asking)
    assert len(raised) == 1 and isinstance(raised[0], requests.ConnectionError)
    assert not maybe_reached(raised[0])
    time.sleep(0.2)
    assert holder.requests == []  # no ClientHello was sent


class ClosingTrickle(http.server.BaseHTTPRequestHandler):
    """Says "Connection: close", promises a body, sends one byte of it and no more: the
    last answer on a keep-alive connection of nginx, from a portal that then stalls."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Connection", "close")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"{")
        self.wfile.flush()
        self.server.started.set()  # type: ignore[attr-defined]
        self.server.stop.wait(30)  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_closing_answer_whose_body_stalls_is_ended_by_abort() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ClosingTrickle)
    server.started = threading.Event()  # type: ignore[attr-defined]
    server.stop = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    adapter = AbortableAdapter()
    session = session_with(adapter)
    raised: list[BaseException] = []

    def get() -> None:
        try:
            session.get(f"http://127.0.0.1:{server.server_address[1]}/", timeout=PATIENT)
        except BaseException as e:
            raised.append(e)

    asking = threading.Thread(target=get, daemon=True)
    asking.start()
    try:
        assert server.started.wait(5)  # type: ignore[attr-defined]
        time.sleep(0.2)  # the client is in the body now, past http.client's conn.close()
        adapter.abort()
        ended_promptly(asking)
        assert len(raised) == 1
    finally:
        server.stop.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
