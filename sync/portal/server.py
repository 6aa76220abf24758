"""The reference portal over HTTP: the standard library's threading server, HTTP/1.1 keep-alive."""

from __future__ import annotations

import logging
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sync import protocol
from sync.portal.app import Portal, Request
from sync.portal.db import PortalClosing
from sync.portal.problems import Problem

log = logging.getLogger("tongban.portal")


class PortalHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body would wait for the
    # client's delayed ACK of the headers: 40 ms an answer on Linux.
    disable_nagle_algorithm = True
    server: PortalHTTPServer

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        portal = self.server.portal
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(method, self.path, headers, b"", self.client_address[0])
        try:
            length = int(headers.get("content-length", "0") or 0)
        except ValueError:
            length = -1
        try:
            if length > protocol.MAX_BODY_BYTES:
                self.close_connection = True  # the body stays unread: this connection is done
                response = portal.refuse(request, Problem("payload-too-large"))
            elif length < 0:
                self.close_connection = True
                response = portal.refuse(request, Problem("bad-request"))
            else:
                body = self.rfile.read(length) if length > 0 else b""
                request = Request(method, self.path, headers, body, self.client_address[0])
                response = portal.respond(request)
        except PortalClosing:
            self.close_connection = True  # shutting down: the caller sees the server go away
            return
        self.send_response(response.status)
        self.send_header("Content-Length", str(len(response.data)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.data)

    def log_message(self, format: str, *args: Any) -> None:
        # Paths carry case ids at most; bodies, with names and ID numbers, are never logged.
        log.debug("%s " + format, self.client_address[0], *args)


class PortalHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], portal: Portal) -> None:
        super().__init__(address, PortalHandler)
        self.portal = portal

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A terminal that drops the line mid-answer is normal life for this server,
        # not a traceback on stderr; anything else is logged in full.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            log.debug("connection from %s ended early: %s", client_address[0], error)
        else:
            log.exception("portal connection from %s failed", client_address[0])

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://{host!s}:{port}"


def make_server(
    portal: Portal,
    host: str = "127.0.0.1",
    port: int = 8700,
    *,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
) -> PortalHTTPServer:
    server = PortalHTTPServer((host, port), portal)
    if tls_cert is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


class RunningPortal:
    """A portal served from a background thread: for tests, benchmarks and the demo."""

    def __init__(self, server: PortalHTTPServer) -> None:
        self.server = server
        self.portal = server.portal
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        if not self._thread.is_alive():
            return  # stopped already
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
        self.portal.close()
