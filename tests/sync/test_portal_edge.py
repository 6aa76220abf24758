"""A portal that cannot be starved or crashed: slow and idle clients, long polls, hostile JSON.

The portal here has few workers on purpose (``Limits(threads=...)``), so a server
that gave each connection or each long poll a worker would run out and these tests
would see the terminal's push time out.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sync.engine import sync_once
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import Portal, RunningPortal, make_server
from sync.portal.server import Limits
from terminal.catalogue import Catalogue
from terminal.store import Store, open_store

from ..polling import wait_until
from .helpers import AT, CODE, FAST, HALL, TERMINAL, client_for, record_cases


@dataclass
class Edge:
    portal: RunningPortal
    store: Store
    key: TerminalKey

    @property
    def port(self) -> int:
        return self.portal.server.server_address[1]


def _edge(tmp_path: Path, limits: Limits) -> Iterator[Edge]:
    running = RunningPortal(make_server(Portal(tmp_path / "p.db"), "127.0.0.1", 0, limits=limits))
    running.portal.admit_enrol_code(CODE, TERMINAL, HALL)
    store = open_store(tmp_path / "t" / "tongban.db", create=True)
    key = enrol(
        tmp_path / "t",
        store,
        portal_url=running.url,
        code=CODE,
        terminal_id=TERMINAL,
        hall=HALL,
        at=AT,
        timeouts=FAST,
    )
    yield Edge(running, store, key)
    running.stop()
    store.close()


@pytest.fixture
def edge(tmp_path: Path) -> Iterator[Edge]:
    # Two workers, and slow requests dropped after 2 s of grace (at 16 KiB/s past it).
    yield from _edge(tmp_path, Limits(threads=2, read_seconds=2.0, idle_seconds=3))


def _closed_by_peer(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class Trickler(threading.Thread):
    """A slowloris: a request's head, or its body, one byte every ``every`` seconds."""

    def __init__(self, port: int, payload: bytes, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.payload, self.every = payload, every
        self.dropped = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        for byte in self.payload:
            if self.stop.is_set():
                return
            try:
                self.sock.sendall(bytes([byte]))
            except OSError:
                self.dropped.set()
                return
            time.sleep(self.every)


def _from(source: str, port: int) -> socket.socket:
    """A connection from another loopback address: another client, as far as the portal sees."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def test_slow_and_idle_clients_hold_no_worker_and_are_dropped(
    edge: Edge, mini_catalogue: Catalogue
) -> None:
    head = f"POST {protocol.PATH_CASES_BATCH} HTTP/1.1\r\nHost: x\r\n".encode() + b"X-Pad: a" * 200
    body = b"POST /api/v1/enrol HTTP/1.1\r\nContent-Type: application/json\r\n"
    body += b"Content-Length: 5000\r\n\r\n" + b" " * 5000
    slow = [Trickler(edge.port, head) for _ in range(4)] + [Trickler(edge.port, body)]
    # Silent connections from other addresses (a few each: under the per-address cap).
    idle = [_from(f"127.0.0.{2 + i % 3}", edge.port) for i in range(30)]
    for s in idle:
        s.setblocking(False)
    for t in slow:
        t.start()
    try:
        time.sleep(0.5)  # every slow client is mid-request, more of them than workers
        ids = record_cases(edge.store, mini_catalogue, 6)
        summary = sync_once(edge.store, client_for(edge.key), terminal=TERMINAL)
        assert summary.online and summary.pushed == len(ids)
        # Served while the slow clients were still connected and sending: not starved.
        assert not any(t.dropped.is_set() for t in slow)
        # Then the portal drops them: the trickle and the silence both end, from its side.
        for s in (t.sock for t in slow):
            s.setblocking(False)
        wait_until(
            lambda: all(t.dropped.is_set() or _closed_by_peer(t.sock) for t in slow),
            "the portal to drop every slow client",
            30,
        )
        wait_until(lambda: all(_closed_by_peer(s) for s in idle), "the idle ones dropped", 30)
        # And the terminal is still served.
        assert client_for(edge.key).changes(0, 10)["last_seq"] >= len(ids)
    finally:
        for t in slow:
            t.stop.set()
            t.sock.close()
        for s in idle:
            s.close()


@pytest.fixture
def four(tmp_path: Path) -> Iterator[Edge]:
    yield from _edge(tmp_path, Limits(threads=4))  # long polls: at most 2 held


def test_long_polls_past_the_bound_are_answered_at_once_and_pushes_go_through(
    four: Edge, mini_catalogue: Catalogue, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    gate = four.portal.portal.long_polls
    assert gate.limit < 4, "fewer long polls than workers"
    pages: list[dict[str, Any]] = []
    failures: list[Exception] = []
    after = client_for(four.key).changes(0, 10)["last_seq"]

    def display() -> None:
        # A hall display: its own client, a long poll for news after what it has.
        client = client_for(four.key, timeouts=FAST)
        try:
            pages.append(client.changes(after, 10, topic="queue", wait=25))
        except LinkDown as e:
            failures.append(e)
        finally:
            client.close()

    polls = [threading.Thread(target=display, daemon=True) for _ in range(gate.limit + 3)]
    for t in polls:
        t.start()
    # Three answered at once, as with wait=0 (a valid, empty page); the others held.
    held = gate.limit
    wait_until(
        lambda: len(pages) == 3 and gate.waiting == held,
        lambda: f"3 pages at once and {held} polls held; got {pages}, {gate.waiting} held",
        10,
    )
    assert all(p["changes"] == [] and p["more"] is False for p in pages)
    # Workers held by displays, and a terminal still pushes at once.
    ids = record_cases(four.store, mini_catalogue, 3)
    summary = sync_once(four.store, client_for(four.key), terminal=TERMINAL)
    assert summary.online and summary.pushed == len(ids)
    assert gate.waiting == held, "the displays were still waiting while the push went through"
    # Stopping the portal ends the held polls promptly (no 25 s wait).
    four.portal.stop()
    for t in polls:
        t.join(10)
    assert not any(t.is_alive() for t in polls)
    assert len(pages) + len(failures) == len(polls)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data


# 200: parsed without complaint by json.loads, refused by the depth limit; 100,000: a
# RecursionError in json.loads (a 500 and a traceback) without it.
@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_json_is_a_400_and_nothing_is_logged_as_an_error(
    edge: Edge, depth: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    client = client_for(edge.key)
    deep = b"[" * depth + b"]" * depth
    signed = client.send("POST", protocol.PATH_CASES_BATCH, deep)
    assert signed.status == 400 and signed.problem_name == "bad-request"
    unsigned = PortalClient(edge.portal.url, timeouts=FAST, trust_env=False)
    enrolment = unsigned.send("POST", protocol.PATH_ENROL, deep, idempotency_key="k", signed=False)
    # Past the open limit an unknown caller's body is not even read (test_portal_crowd.py).
    refused = "bad-request" if len(deep) <= Limits().open_body_bytes else "payload-too-large"
    assert enrolment.status in (400, 413) and enrolment.problem_name == refused
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "body", [b'{"items": [], "items": [1]}', b'{"items": [NaN]}', b'{"items": [1e999]}']
)
def test_ambiguous_json_is_a_400(edge: Edge, body: bytes) -> None:
    reply = client_for(edge.key).send("POST", protocol.PATH_CASES_BATCH, body)
    assert reply.status == 400 and reply.problem_name == "bad-request"


def test_a_body_over_the_limit_is_refused_before_it_is_sent(edge: Edge) -> None:
    head = (
        f"POST {protocol.PATH_ENROL} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Idempotency-Key: k\r\nContent-Length: {protocol.MAX_BODY_BYTES + 1}\r\n\r\n"
    ).encode()
    answer = _raw(edge.port, head)  # no body follows: the answer comes anyway, then EOF
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 413")
    assert b"application/problem+json" in rest and b"payload-too-large" in rest


def test_accepted_connections_do_not_wait_for_delayed_acks(edge: Edge) -> None:
    """Every accepted connection has TCP_NODELAY, as waitress's own accept sets it: without
    it each answer on a kept-alive connection waited for the client's delayed ACK (44 ms
    instead of 1 ms, bench/sync_drain and the hall queue's every call)."""
    client = client_for(edge.key)
    client.portal_time()  # a kept-alive connection is now open at the portal
    server = edge.portal.server._server  # type: ignore[attr-defined]
    channels = list(server.active_channels.values())
    assert channels
    for channel in channels:
        assert channel.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    client.close()
