"""The reference portal over TLS, on cheroot (waitress has none): for tests and a hall's
loopback; a city puts a TLS terminator in front of waitress instead (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

from sync.link import protocol
from sync.portal.app import Portal
from sync.portal.server import Limits, long_poll_gate
from sync.portal.wsgi import PortalApp


class TlsPortalServer:
    """The portal over TLS, on cheroot (waitress has no TLS): same interface as PortalServer."""

    def __init__(
        self, portal: Portal, host: str, port: int, limits: Limits, cert: Path, key: Path | None
    ) -> None:
        from cheroot import wsgi
        from cheroot.ssl.builtin import BuiltinSSLAdapter

        self.portal = portal
        self.limits = limits
        portal.long_polls = long_poll_gate(limits)
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
