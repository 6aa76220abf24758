"""A fault-injecting TCP proxy between the terminal and the reference portal, on loopback.

It speaks just enough HTTP/1.1 (Content-Length framing, keep-alive) to know
where one request and one answer end, so each fault lands at an exact point:
before the portal saw the request, or after the portal committed it.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import struct
import threading
from collections import Counter, deque
from enum import Enum


class Fault(Enum):
    PASS = "pass"
    RESET_BEFORE = "reset_before"  # the request never reaches the portal
    RESET_AFTER_COMMIT = "reset_after_commit"  # the portal committed; the answer is lost
    STALL_BEFORE = "stall_before"  # hold the request past the client's timeout, never forward
    STALL_AFTER_COMMIT = "stall_after_commit"  # forward, then hold the answer past the timeout
    TRICKLE = "trickle"  # the answer arrives a few bytes at a time
    ERROR_503 = "error_503"  # a gateway's 503, the portal never saw it
    ERROR_500_AFTER_COMMIT = "error_500_after_commit"  # the portal committed, the client gets 500
    GARBLE = "garble"  # the portal's answer, cut in half
    CONFLICT_409 = "conflict_409"  # a 409 problem the portal did not send
    # Lying middleboxes: something that is not the portal answers, in our protocol's clothes
    # or not. None of these carries the portal's signature for this request.
    FOREIGN_200 = "foreign_200"  # an API gateway: 200 {"code": 503, "msg": "系统繁忙"}
    EMPTY_200 = "empty_200"  # 200 {}
    CAPTIVE_HTML = "captive_html"  # a captive portal's login page, 200 text/html
    PROXY_404 = "proxy_404"  # a proxy's 404 problem
    PROXY_422 = "proxy_422"  # a proxy's 422 "invalid-case" problem, naming a field
    LIE_AFTER_COMMIT = "lie_after_commit"  # the portal committed; the client gets 200 {}
    REPLAY_OLD = "replay_old"  # a real, signed portal answer from an earlier exchange
    # The network repeating or holding a request: sent to the portal twice (the client gets
    # the first answer), or held back and reset (``deliver_held`` sends it later, as is).
    DUPLICATE = "duplicate"
    HOLD = "hold"
    TAMPER = "tamper"  # one byte of the request's body changed on the way (a bad box, a bit flip)


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN: the peer sees 'connection reset'."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def read_message(sock: socket.socket) -> bytes | None:
    """One HTTP message (head + Content-Length body), or None when the peer closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return head + b"\r\n\r\n" + rest


def _synthetic(status: int, reason: str, problem: str) -> bytes:
    body = json.dumps(
        {"type": f"urn:tongban:problem:{problem}", "title": reason, "status": status}
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def _answer(status: int, reason: str, content_type: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


CAPTIVE_PAGE = (
    "<!DOCTYPE html><html><head><title>上网认证</title></head>"
    "<body><form action='/login'>请输入手机号登录后上网</form></body></html>"
).encode()

# What each lie sends instead of forwarding the request (LIE_AFTER_COMMIT forwards first).
LIES: dict[Fault, bytes] = {
    Fault.FOREIGN_200: _answer(
        200, "OK", "application/json", '{"code":503,"msg":"系统繁忙"}'.encode()
    ),
    Fault.EMPTY_200: _answer(200, "OK", "application/json", b"{}"),
    Fault.CAPTIVE_HTML: _answer(200, "OK", "text/html; charset=utf-8", CAPTIVE_PAGE),
    Fault.PROXY_404: _synthetic(404, "Not Found", "not-found"),
    Fault.PROXY_422: _answer(
        422,
        "Unprocessable Entity",
        "application/problem+json",
        json.dumps(
            {
                "type": "urn:tongban:problem:invalid-case",
                "status": 422,
                "errors": [{"field": "applicant.id_number", "problem": "bad"}],
            }
        ).encode(),
    ),
}


def _garbled(answer: bytes) -> bytes:
    head, _, body = answer.partition(b"\r\n\r\n")
    cut = body[: len(body) // 2]
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"content-length")]
    return b"\r\n".join([*lines, b"Content-Length: %d" % len(cut)]) + b"\r\n\r\n" + cut


class FaultProxy:
    def __init__(self, upstream_port: int, *, stall_seconds: float = 2.0) -> None:
        self.upstream_port = upstream_port
        self.stall_seconds = stall_seconds
        self.plan: deque[Fault] = deque()
        self.random_kinds: list[Fault] = []
        self.random_rate = 0.0
        self.rng = random.Random(0)
        self.applied: Counter[Fault] = Counter()
        self.recording = False
        self.exchanges: list[tuple[bytes, bytes]] = []  # (request, answer) as on the wire
        self.last_answer: bytes | None = None  # the newest real answer, for REPLAY_OLD
        self.held: list[bytes] = []  # requests a HOLD kept back
        self.duplicate_answers: list[bytes] = []  # the portal's answers to DUPLICATE's repeats
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._clients: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self._listen()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- control ----------------------------------------------------------------

    def then(self, *faults: Fault) -> FaultProxy:
        with self._lock:
            self.plan.extend(faults)
        return self

    def at_random(self, kinds: list[Fault], rate: float, seed: int) -> None:
        with self._lock:
            self.random_kinds, self.random_rate, self.rng = kinds, rate, random.Random(seed)

    def refuse(self) -> None:
        """Stop listening and cut every open connection: the portal is 'down'."""
        with self._lock:
            listener, self._listener = self._listener, None
            clients = list(self._clients)
        if listener is not None:
            # shutdown first: a bare close leaves the socket listening under the blocked accept().
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for c in clients:
            _reset(c)

    def accept(self) -> None:
        self._listen(self.port)

    def close(self) -> None:
        self._closing.set()
        self.refuse()

    def deliver_held(self) -> list[bytes]:
        """Send the held requests to the portal now, byte for byte; the portal's answers."""
        with self._lock:
            held, self.held = self.held, []
        answers = []
        for request in held:
            with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
                upstream.sendall(request)
                answers.append(read_message(upstream) or b"")
        return answers

    # --- the proxy ----------------------------------------------------------------

    def _listen(self, port: int = 0) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept_loop, args=(listener,), daemon=True).start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._clients.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _next(self) -> Fault:
        with self._lock:
            if self.plan:
                fault = self.plan.popleft()
            elif self.random_kinds and self.rng.random() < self.random_rate:
                fault = self.rng.choice(self.random_kinds)
            else:
                fault = Fault.PASS
            self.applied[fault] += 1
            return fault

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            while True:
                request = read_message(client)
                if request is None:
                    return
                fault = self._next()
                if fault is Fault.RESET_BEFORE:
                    return _reset(client)
                if fault is Fault.STALL_BEFORE:
                    self._closing.wait(self.stall_seconds)
                    return _reset(client)
                if fault is Fault.HOLD:
                    with self._lock:
                        self.held.append(request)
                    return _reset(client)
                if fault is Fault.ERROR_503:
                    client.sendall(_synthetic(503, "Service Unavailable", "internal"))
                    continue
                if fault is Fault.CONFLICT_409:
                    client.sendall(_synthetic(409, "Conflict", "idempotency-conflict"))
                    continue
                if fault in LIES:
                    client.sendall(LIES[fault])
                    continue
                if fault is Fault.REPLAY_OLD and self.last_answer is not None:
                    client.sendall(self.last_answer)
                    continue
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                if fault is Fault.TAMPER and not request.endswith(b"\r\n\r\n"):
                    request = request[:-1] + bytes([request[-1] ^ 0x01])
                upstream.sendall(request)
                answer = read_message(upstream)
                if fault is Fault.DUPLICATE and answer is not None:
                    upstream.sendall(request)
                    again = read_message(upstream)
                    with self._lock:
                        self.duplicate_answers.append(again or b"")
                if answer is None or fault is Fault.RESET_AFTER_COMMIT:
                    return _reset(client)
                if fault is Fault.STALL_AFTER_COMMIT:
                    self._closing.wait(self.stall_seconds)
                    return _reset(client)
                with self._lock:
                    self.last_answer = answer
                    # Recorded before the client can read it, so a test that asserts on
                    # the exchange right after its call returned never races the record.
                    if self.recording and fault is Fault.PASS:
                        self.exchanges.append((request, answer))
                if fault is Fault.ERROR_500_AFTER_COMMIT:
                    client.sendall(_synthetic(500, "Internal Server Error", "internal"))
                elif fault is Fault.LIE_AFTER_COMMIT:
                    client.sendall(LIES[Fault.EMPTY_200])
                elif fault is Fault.GARBLE:
                    client.sendall(_garbled(answer))
                elif fault is Fault.TRICKLE:
                    for i in range(0, len(answer), 256):
                        client.sendall(answer[i : i + 256])
                        self._closing.wait(0.002)
                else:
                    client.sendall(answer)
        except OSError:
            return
        finally:
            with self._lock:
                self._clients.discard(client)
            if upstream is not None:
                upstream.close()
            with contextlib.suppress(OSError):
                client.close()
