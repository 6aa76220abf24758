"""A portal that one address cannot crowd out: connections per address, silent connections,
and bodies from callers the portal does not know.

The crowd connects from 127.0.0.2 (loopback too, another address): the terminal under
test connects from 127.0.0.1, as a counter would from another machine.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.engine import sync_once
from sync.link import protocol
from sync.portal.server import Limits
from terminal.catalogue import Catalogue

from ..polling import wait_until
from .helpers import TERMINAL, client_for, record_cases
from .test_portal_edge import Edge, _closed_by_peer, _edge, _from, _raw

CROWD = "127.0.0.2"
TIME = f"GET {protocol.PATH_TIME} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def _connect(port: int, source: str = CROWD) -> socket.socket:
    return _from(source, port)


def _answered(sock: socket.socket) -> bool:
    """Send one request on a keep-alive connection; True once its answer came back."""
    sock.settimeout(5)
    try:
        sock.sendall(TIME)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        while len(body) < length:  # the whole answer: the next one starts clean
            chunk = sock.recv(65536)
            if not chunk:
                return False
            body += chunk
        return head.startswith(b"HTTP/1.1 200")
    except OSError:
        return False
    finally:
        sock.setblocking(False)


@pytest.fixture
def crowded(tmp_path: Path) -> Iterator[Edge]:
    # 40 connections in all, 10 from one address; a silent one goes after 1 s, a
    # keep-alive one after 60 s (longer than any test here waits).
    limits = Limits(threads=2, connections=40, per_address=10, read_seconds=1.0, idle_seconds=60)
    yield from _edge(tmp_path, limits)


def test_one_address_cannot_hold_every_connection(crowded: Edge, mini_catalogue: Catalogue) -> None:
    # Sixty keep-alive connections from one address, each asked once and then kept open:
    # more than the portal's whole connection limit.
    crowd = [_connect(crowded.port) for _ in range(60)]
    try:
        answered = sum(_answered(s) for s in crowd)
        assert answered == 10, "the portal keeps only its per-address share of them"
        # The counter at another address is served at once, the crowd still connected.
        ids = record_cases(crowded.store, mini_catalogue, 3)
        summary = sync_once(crowded.store, client_for(crowded.key), terminal=TERMINAL)
        assert summary.online and summary.pushed == len(ids)
        held = [s for s in crowd if not _closed_by_peer(s)]
        assert len(held) == 10
    finally:
        for s in crowd:
            s.close()


def test_a_silent_connection_goes_after_the_read_grace_not_the_idle_time(
    crowded: Edge,
) -> None:
    talker = _connect(crowded.port, "127.0.0.3")
    assert _answered(talker)  # a keep-alive connection that has spoken: idle time (60 s)
    silent = [_connect(crowded.port) for _ in range(10)]
    for s in silent:
        s.setblocking(False)
    try:
        # The silent ones are closed by the portal well before the idle time...
        wait_until(lambda: all(_closed_by_peer(s) for s in silent), "the silent ones dropped", 20)
        # ...while the one that spoke is still open, and answers again.
        assert not _closed_by_peer(talker)
        assert _answered(talker)
        # And the address may connect again: its share was given back.
        again = _connect(crowded.port)
        assert _answered(again)
        again.close()
    finally:
        talker.close()
        for s in silent:
            s.close()


def _post(path: str, length: int, extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Idempotency-Key: k\r\n{extra}Content-Length: {length}\r\n\r\n"
    ).encode()


def test_a_large_body_from_a_caller_the_portal_does_not_know_is_refused_unread(
    crowded: Edge,
) -> None:
    big = 65 * 1024  # past the open limit (64 KiB), far below the protocol's (16 MiB)
    # An enrolment, or a "signed" request with a key id nobody was given: 413, unread
    # (no body follows; the answer comes anyway).
    for head in (
        _post(protocol.PATH_ENROL, big),
        _post(protocol.PATH_CASES_BATCH, big, "Tongban-Key-Id: k-nobody\r\n"),
    ):
        status_line = _raw(crowded.port, head).partition(b"\r\n")[0]
        assert status_line.startswith(b"HTTP/1.1 413"), head
    # The enrolled terminal's batch of the same size is read and judged on its content
    # (an empty batch list: 422 invalid-request, not 413).
    body = b'{"items": [], "pad": "' + b" " * big + b'"}'
    reply = client_for(crowded.key).send("POST", protocol.PATH_CASES_BATCH, body)
    assert reply.status != 413, reply.problem_name
