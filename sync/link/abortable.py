"""A requests adapter whose exchanges in flight another thread can end.

The queue feed holds a long poll open for seconds and a push may wait on a
slow portal for a minute. When the window closes, the threads doing them must
end now, not when the portal answers: a thread that outlives the window would
call into a Qt that is gone, or write to a data folder being removed. So the
adapter knows which connections are in use, and ``abort()`` shuts their
sockets; the blocked read then fails at once as a lost link. A connection
still connecting when ``abort()`` comes is shut as soon as it is connected.

A TLS handshake is the one wait where ``conn.sock`` cannot be shut:
``SSLContext.wrap_socket`` has detached the plain socket urllib3 still holds
there, and the wrapped one is not reachable until the handshake ends. So while
a connection connects, the adapter keeps a duplicate of its socket (the same
connection under a second descriptor, which it owns, so no reused descriptor
is ever shut) and ``abort()`` shuts that.

urllib3's PoolManager (and each ProxyManager) takes its pool classes per
instance (``pool_classes_by_scheme``) for exactly this kind of override.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.poolmanager import PoolManager


class Stopped(ConnectionAbortedError):
    """abort() came before this request's first byte left: it cannot have arrived."""


class AbortableAdapter(HTTPAdapter):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_use: weakref.WeakSet[Any] = weakref.WeakSet()  # closed ones vanish on their own
        self.aborted = False
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self._track(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        # Through an HTTP(S) or SOCKS proxy (trust_env honours HTTPS_PROXY): the same tracking.
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        self._track(manager)
        return manager

    def abort(self) -> None:
        """End every exchange in flight and refuse new ones. Safe from any thread."""
        with self._lock:
            self.aborted = True
            in_use = list(self._in_use)
            for conn in in_use:  # under the lock, so a twin is not closed while it is shut
                _shut(getattr(conn, "_tongban_twin", None))
        for conn in in_use:
            _shut(getattr(conn, "sock", None))
            # An answer with "Connection: close" is read after http.client has let go of
            # conn.sock: its body comes through the socket remembered when it was asked for.
            _shut(getattr(conn, "_tongban_reading", None))

    # --- the pools' side ------------------------------------------------------------

    def _taken(self, conn: Any) -> None:
        with self._lock:
            if self.aborted:
                conn.close()
                # urllib3 turns an OSError here into a failed connection, as if refused.
                raise Stopped("the client was stopped before this request was sent")
            self._in_use.add(conn)

    def _given_back(self, conn: Any) -> None:
        with self._lock:
            self._in_use.discard(conn)

    def _connecting(self, conn: Any, sock: socket.socket) -> None:
        with self._lock:
            if self.aborted:  # came while the TCP connect ran: no handshake to wait through
                sock.close()
                raise Stopped("the client was stopped before this request was sent")
            try:
                conn._tongban_twin = sock.dup()
            except OSError:  # out of descriptors: this connection is not kept either
                sock.close()
                raise

    def _connect_ended(self, conn: Any) -> None:
        with self._lock:
            twin = getattr(conn, "_tongban_twin", None)
            conn._tongban_twin = None
        if twin is not None:
            twin.close()

    def _connected(self, conn: Any) -> None:
        with self._lock:
            stopped = self.aborted
        if stopped:  # abort() came while this one was connecting: it saw no socket to shut
            _shut(getattr(conn, "sock", None))
            raise Stopped("the client was stopped before this request was sent")

    def _track(self, manager: PoolManager) -> None:
        if getattr(manager, "_tongban_tracked", False):
            return
        manager.pool_classes_by_scheme = {
            scheme: self._tracking(base) for scheme, base in manager.pool_classes_by_scheme.items()
        }
        manager._tongban_tracked = True  # type: ignore[attr-defined]

    def _tracking(self, base: type[HTTPConnectionPool]) -> type[HTTPConnectionPool]:
        adapter = self

        class TrackedConnection(base.ConnectionCls):  # type: ignore[name-defined,misc]
            def _new_conn(self) -> socket.socket:
                sock: socket.socket = super()._new_conn()
                adapter._connecting(self, sock)
                return sock

            def connect(self) -> None:
                try:
                    super().connect()
                except Exception as e:
                    if adapter.aborted:  # ended by abort() while connecting: nothing was sent
                        raise Stopped("the client was stopped while connecting") from e
                    raise
                finally:
                    adapter._connect_ended(self)
                adapter._connected(self)

            def getresponse(self, *args: Any, **kwargs: Any) -> Any:
                self._tongban_reading = self.sock
                return super().getresponse(*args, **kwargs)

        class TrackedPool(base):  # type: ignore[valid-type,misc]
            ConnectionCls = TrackedConnection

            def _get_conn(self, timeout: float | None = None) -> Any:
                conn = super()._get_conn(timeout)
                adapter._taken(conn)
                return conn

            def _put_conn(self, conn: Any) -> None:
                if conn is not None:
                    adapter._given_back(conn)
                super()._put_conn(conn)

        return TrackedPool


def _shut(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):  # closed already: nothing in flight on it
            sock.shutdown(socket.SHUT_RDWR)


def read_until(response: requests.Response, deadline: float) -> bytes:
    chunks = []
    for chunk in response.iter_content(65536):
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise requests.exceptions.ReadTimeout("answer too slow")
    return b"".join(chunks)


def maybe_reached(error: requests.exceptions.ConnectionError) -> bool:
    """False only when no connection was made, or abort() stopped the request before it
    was sent: then it cannot have arrived (and it is not counted as a failed attempt)."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return False
    return not any(isinstance(e, Stopped) for e in _causes(error))


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (urllib3 nests the cause in args, reason, __cause__)."""
    seen: list[BaseException] = []
    todo: list[object] = [error]
    while todo and len(seen) < 20:
        e = todo.pop()
        if not isinstance(e, BaseException) or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [*e.args, getattr(e, "reason", None), e.__cause__, e.__context__]
    return seen


def first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200]


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 20.0  # between two bytes
    total: float = 60.0  # a whole answer, so a trickle cannot hold the worker forever
