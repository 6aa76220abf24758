"""The reference portal over HTTP: the WSGI app (wsgi.py) on waitress, a maintained server.

waitress reads every request in its one I/O thread and hands a worker thread only a
request that has fully arrived, so a client sending a byte at a time never holds a
worker. Around that, this module adds what waitress leaves open:

- a request must arrive at ``min_rate`` bytes a second after ``read_seconds`` of grace,
  counted from its first byte; a slower one is dropped (waitress alone drops only a
  connection that sends nothing for ``channel_timeout``, so a slowloris that trickles
  would stay forever). An idle keep-alive connection goes after ``idle_seconds``, and
  one that never sent a byte after ``read_seconds``;
- at most ``per_address`` connections open from one address (the trusted proxy's
  excepted), so one client cannot fill the connection limit;
- a body over ``open_body_bytes`` is read only for a caller the portal knows (an enrolled
  key id, or the admin rule), decided from the request's head before the body arrives;
- a bounded pool of ``threads`` workers, a listen ``backlog`` and a connection limit;
  long polls may hold at most ``threads // 2`` workers at once (limits.LongPollGate);
- a body over protocol.MAX_BODY_BYTES is refused (413) from its Content-Length, unread,
  and waitress's own refusals (400, 413, 431) are the portal's problem documents.

waitress speaks no TLS. With a certificate the same app is served by cheroot (also
maintained, with TLS from the standard library); cheroot reads requests in its worker
threads, so a hall that exposes the portal beyond loopback terminates TLS in front of
waitress instead (docs/operations.md, "The reference portal behind TLS").
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from sync.link import protocol
from sync.portal.app import Portal
from sync.portal.db import PortalClosing
from sync.portal.limits import LongPollGate
from sync.portal.problems import Problem
from sync.portal.wire import Request
from sync.portal.wsgi import PortalApp, status_line

log = logging.getLogger("tongban.portal")


@dataclass(frozen=True)
class Limits:
    threads: int = 16
    backlog: int = 1024
    connections: int = 1000  # open at once; more wait in the backlog
    # Open at once from one address; more are closed at accept. A terminal or a display
    # holds 2-3; a hall whose terminals share one NAT address needs more (--per-address).
    # 0: no cap. The trusted proxy's own address is never capped (it carries everyone).
    per_address: int = 20
    idle_seconds: int = 75  # a keep-alive connection with nothing to say (nginx's default)
    read_seconds: float = 10.0  # grace for a request to arrive, from its first byte...
    min_rate: int = 16 * 1024  # ...plus one second per this many bytes received
    # A body past this needs a caller the portal knows (an enrolled terminal's key id, or
    # the admin rule) before it is read: nobody else sends more than an enrolment.
    open_body_bytes: int = 64 * 1024

    @property
    def long_polls(self) -> int:
        return max(1, self.threads // 2)


class _PortalErrorTask(ErrorTask):  # type: ignore[misc]
    """waitress's own refusals (unreadable request, body or headers too large), as the
    portal's problem documents; the connection closes after them."""

    def execute(self) -> None:
        portal: Portal = self.channel.server.portal
        error = self.request.error
        name = "payload-too-large" if isinstance(error, RequestEntityTooLarge) else "bad-request"
        # The headers as the portal sees them elsewhere (lower case, dashes): an answer
        # to a signed request can name the request it refuses.
        raw = getattr(self.request, "headers", None) or {}
        headers = {str(k).lower().replace("_", "-"): str(v) for k, v in raw.items()}
        request = Request(
            str(getattr(self.request, "command", "") or "GET"),
            str(getattr(self.request, "request_uri", "") or "/"),
            headers,
            b"",
            str(self.channel.addr[0] if self.channel.addr else ""),
        )
        response = portal.refuse(request, Problem(name))
        self.status = status_line(response.status)
        self.response_headers.extend(response.headers.items())
        self.set_close_on_finish()
        self.content_length = len(response.data)
        self.write(response.data)


class _PortalParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's parser, with the body limit chosen per request once its head is read."""

    channel: _PortalChannel
    adj: Any

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        server = self.channel.server
        if not server.vouched_for(self, str(self.channel.addr[0]) if self.channel.addr else ""):
            # The one limit waitress checks, both on Content-Length and on a chunked body
            # as it arrives; lowered for this request only.
            adj: Any = copy.copy(self.adj)
            adj.max_request_body_size = server.limits.open_body_bytes + 1
            self.adj = adj


class _PortalChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = _PortalErrorTask
    reading_since = 0.0  # monotonic time of the first byte of the request being received
    reading_bytes = 0
    heard = False  # the client sent anything at all on this connection
    source: str | None = None  # counted in the server's per-address tally while open

    def __init__(self, server: _PortalWSGIServer, *args: Any, **kwargs: Any) -> None:
        self.opened = time.monotonic()
        super().__init__(server, *args, **kwargs)
        self.parser_class = partial(_parser, self)

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.reading_since, self.reading_bytes = time.monotonic(), 0
            self.heard = True
        self.reading_bytes += len(data)
        return bool(super().received(data))

    def del_channel(self, map: Any = None) -> None:
        super().del_channel(map)
        if self.source is not None:
            self.server.forget(self.source)
            self.source = None


def _parser(channel: _PortalChannel, adj: Any) -> _PortalParser:
    parser = _PortalParser(adj)
    parser.channel = channel
    return parser


class _PortalWSGIServer(TcpWSGIServer):  # type: ignore[misc]
    channel_class = _PortalChannel
    portal: Portal
    limits: Limits
    trusted_proxy: str | None = None
    _warned = 0.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sources: Counter[str] = Counter()  # open connections per client address
        super().__init__(*args, **kwargs)

    def handle_accept(self) -> None:
        # waitress's handle_accept, with the per-address cap before a channel is made.
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
            # TCP_NODELAY, as waitress sets it: without it every answer on a kept-alive
            # connection waits for the client's delayed ACK (measured: 44 ms instead of 1 ms).
            self.set_socket_options(conn)
        except OSError:
            return  # the peer left before we got to it
        source = str(addr[0]) if addr else ""
        capped = self.limits.per_address > 0 and self.trusted_proxy not in (source, "*")
        if capped and self.sources[source] >= self.limits.per_address:
            conn.close()
            now = time.monotonic()
            if now - self._warned > 60:  # once a minute: a flood is one line, not thousands
                self._warned = now
                log.warning(
                    "refused connections from %s: it has %d open, the limit per address"
                    " (tongban portal --per-address)",
                    source,
                    self.limits.per_address,
                )
            return
        addr = self.fix_addr(addr)
        channel = self.channel_class(self, conn, addr, self.adj, map=self._map)
        if capped:
            channel.source = source
            self.sources[source] += 1

    def forget(self, source: str) -> None:
        self.sources[source] -= 1
        if self.sources[source] <= 0:
            del self.sources[source]

    def vouched_for(self, request: HTTPRequestParser, peer: str) -> bool:
        """May this request send a body up to the protocol's limit? Only a caller the portal
        knows: a terminal's key id that is enrolled, or one the admin rule admits. Read in
        the I/O thread before the body arrives: one indexed read, no signature yet."""
        if request.content_length <= self.limits.open_body_bytes and not request.chunked:
            return True
        headers = {str(k).lower().replace("_", "-"): str(v) for k, v in request.headers.items()}
        if str(request.path).startswith("/admin/"):
            return self.portal.admin_allowed(headers, peer)
        key_id = headers.get(protocol.H_KEY_ID.lower())
        if not key_id:
            return False
        try:
            with self.portal.db.connection() as conn:
                row = conn.execute(
                    "SELECT revoked FROM terminals WHERE key_id = ?", (key_id,)
                ).fetchone()
        except PortalClosing:
            return False
        return row is not None and not row[0]

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections (channel_timeout)
        at = time.monotonic()
        for channel in list(self.active_channels.values()):
            if channel.requests:
                continue  # being answered: a long poll is never cut here
            if channel.request is None:
                # Between requests. A connection that never said a word gets the grace of
                # one request, not the keep-alive idle time: otherwise one address could
                # hold every connection for 75 s by opening them and keeping quiet.
                if not channel.heard and at - channel.opened > self.limits.read_seconds:
                    log.debug("dropped a silent connection from %s", channel.addr[0])
                    channel.will_close = True
                continue
            # A request still arriving.
            allowed = self.limits.read_seconds + channel.reading_bytes / self.limits.min_rate
            if at - channel.reading_since > allowed:
                log.debug("dropped a slow request from %s", channel.addr[0])
                channel.will_close = True


class PortalServer:
    """The portal on waitress: ``serve_forever`` in one thread, ``shutdown`` from another."""

    def __init__(
        self, portal: Portal, host: str, port: int, limits: Limits, trusted_proxy: str | None
    ) -> None:
        self.portal = portal
        self.limits = limits
        portal.long_polls = long_poll_gate(limits)
        self._map: dict[int, Any] = {}
        self._server = _PortalWSGIServer(
            PortalApp(portal, proxy_trusted=bool(trusted_proxy)),
            map=self._map,
            host=host,
            port=port,
            threads=limits.threads,
            backlog=limits.backlog,
            connection_limit=limits.connections,
            channel_timeout=limits.idle_seconds,
            cleanup_interval=1,
            # waitress refuses content_length >= this: one byte past the protocol's limit.
            max_request_body_size=protocol.MAX_BODY_BYTES + 1,
            max_request_header_size=64 * 1024,
            asyncore_use_poll=True,  # select() stops at 1024 descriptors
            ident="",  # no Server header
            log_socket_errors=False,  # a terminal dropping the line is normal life here
            # Proxy headers reach the portal even from a proxy it does not trust: their
            # presence alone keeps the tokenless admin rule from admitting a proxied call.
            clear_untrusted_proxy_headers=False,
            # Behind a TLS terminator the client's address (throttles, the admin rule) is
            # the one it forwards, believed from that proxy's address only.
            **(
                {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": {"x-forwarded-for"}}
                if trusted_proxy
                else {}
            ),
        )
        self._stopping = False
        self._server.portal = portal
        self._server.limits = limits
        self._server.trusted_proxy = trusted_proxy
        self.server_address: tuple[str, int] = (host, int(self._server.effective_port))

    @property
    def url(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop listening and close every connection; serve_forever returns. Idempotent."""
        if not self._stopping:
            self._stopping = True
            try:
                self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
            except OSError:
                # The trigger is closed already: the loop is on its way out (a second
                # SIGTERM, or one racing the loop's own end). Nothing left to wake.
                log.debug("portal: shutdown found the loop closing already")

    def server_close(self) -> None:
        """After serve_forever returned: let the workers finish (long polls end with the
        portal's close), then stop them."""
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)


class Server(Protocol):
    portal: Portal
    server_address: tuple[str, int]

    @property
    def url(self) -> str: ...
    def serve_forever(self) -> None: ...
    def shutdown(self) -> None: ...
    def server_close(self) -> None: ...


def long_poll_gate(limits: Limits) -> LongPollGate:
    return LongPollGate(limits.long_polls)


def make_server(
    portal: Portal,
    host: str = "127.0.0.1",
    port: int = 8700,
    *,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    limits: Limits | None = None,
    trusted_proxy: str | None = None,
) -> Server:
    limits = limits or Limits()
    if tls_cert is not None:
        from sync.portal.tls import TlsPortalServer

        return TlsPortalServer(portal, host, port, limits, tls_cert, tls_key)
    return PortalServer(portal, host, port, limits, trusted_proxy)


class RunningPortal:
    """A portal served from a background thread: for tests, benchmarks and the demo."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.portal = server.portal
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        if not self._thread.is_alive():
            return  # stopped already
        # The portal first: held long polls end now, requests in flight finish, later ones
        # get no answer; then the server stops listening and its workers end.
        self.portal.close()
        self.server.shutdown()
        self._thread.join()
        self.server.server_close()
