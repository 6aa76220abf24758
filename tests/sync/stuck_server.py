"""A loopback server that takes a request and never answers: a stuck proxy or portal."""

from __future__ import annotations

import contextlib
import socket
import threading


class Holder:
    """Accepts connections, reads what a client sends first (a request, or a TLS ClientHello)
    and then says nothing, holding the connection open until ``close()``."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0  # connections, whether or not anything was sent on them
        self.requests: list[socket.socket] = []  # connections that sent something
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.server.accept()
                self.accepted += 1
                if conn.recv(65536):
                    self.requests.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.requests:
            conn.close()
