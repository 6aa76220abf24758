"""The reference portal over HTTP: the WSGI app (wsgi.py) on waitress, a maintained server.

waitress reads every request in its one I/O thread and hands a worker thread only a
request that has fully arrived, so a client sending a byte at a time never holds a
worker. Around that, this module adds what waitress leaves open:

- a request must arrive at ``min_rate`` bytes a second after ``read_seconds`` of grace,
  counted from its first byte; a slower one is dropped (waitress alone drops only a
  connection that sends nothing for ``channel_timeout``, so a slowloris that trickles
  would stay forever). An idle keep-alive connection goes after ``idle_seconds``;
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

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from sync import protocol
from sync.portal.app import Portal, Request
from sync.portal.limits import LongPollGate
from sync.portal.problems import Problem
from sync.portal.wsgi import PortalApp, status_line

log = logging.getLogger("tongban.portal")


@dataclass(frozen=True)
class Limits:
    threads: int = 16
    backlog: int = 1024
    connections: int = 1000  # open at once; more wait in the backlog
    idle_seconds: int = 75  # a keep-alive connection with nothing to say (nginx's default)
    read_seconds: float = 10.0  # grace for a request to arrive, from its first byte...
    min_rate: int = 16 * 1024  # ...plus one second per this many bytes received

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


class _PortalChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = _PortalErrorTask
    reading_since = 0.0  # monotonic time of the first byte of the request being received
    reading_bytes = 0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.reading_since, self.reading_bytes = time.monotonic(), 0
        self.reading_bytes += len(data)
        return bool(super().received(data))


class _PortalWSGIServer(TcpWSGIServer):  # type: ignore[misc]
    channel_class = _PortalChannel
    portal: Portal
    limits: Limits

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections (channel_timeout)
        at = time.monotonic()
        for channel in list(self.active_channels.values()):
            # A request still arriving, none being answered: a long poll is never cut here.
            if channel.request is None or channel.requests:
                continue
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
        portal.long_polls = _gate(limits)
        self._map: dict[int, Any] = {}
        self._server = _PortalWSGIServer(
            PortalApp(portal),
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


class TlsPortalServer:
    """The portal over TLS, on cheroot (waitress has no TLS): same interface as PortalServer."""

    def __init__(
        self, portal: Portal, host: str, port: int, limits: Limits, cert: Path, key: Path | None
    ) -> None:
        from cheroot import wsgi
        from cheroot.ssl.builtin import BuiltinSSLAdapter

        self.portal = portal
        self.limits = limits
        portal.long_polls = _gate(limits)
        self._server = wsgi.Server(
            (host, port),
            PortalApp(portal),
            numthreads=limits.threads,
            request_queue_size=limits.backlog,
            timeout=int(limits.read_seconds),  # each read of a request, in a worker thread
            shutdown_timeout=2,
        )
        self._server.max_request_body_size = protocol.MAX_BODY_BYTES
        self._server.ssl_adapter = BuiltinSSLAdapter(str(cert), str(key or cert))
        self._server.prepare()  # binds now: the port is known before serve_forever
        self.server_address: tuple[str, int] = (host, int(self._server.bind_addr[1]))

    @property
    def url(self) -> str:
        return f"https://{self.server_address[0]}:{self.server_address[1]}"

    def serve_forever(self) -> None:
        self._server.serve()

    def shutdown(self) -> None:
        if self._server.ready:
            self._server.stop()

    def server_close(self) -> None:
        pass  # stop() joined the workers


class Server(Protocol):
    portal: Portal
    server_address: tuple[str, int]

    @property
    def url(self) -> str: ...
    def serve_forever(self) -> None: ...
    def shutdown(self) -> None: ...
    def server_close(self) -> None: ...


def _gate(limits: Limits) -> LongPollGate:
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
