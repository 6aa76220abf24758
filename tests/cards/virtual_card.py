"""A virtual smart card that plugs into vpcd over TCP on 127.0.0.1: the card side of the PC/SC tests.

vpcd's protocol: each message is a 2-byte big-endian length and a payload; a
1-byte payload is control (0 power off, 1 power on, 2 reset, 4 send the ATR),
anything longer is an APDU to answer. Connecting is inserting the card,
closing the socket is removing it. Debian's vpcd writes the length and the
payload separately, so without TCP_QUICKACK after each receive every APDU
waits ~40 ms for a delayed ACK.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable

from .pcscd_harness import VPCD_PORT

CardLogic = Callable[[bytes], bytes]

# A T=0 card with three historical bytes ("SSC"), the shape of many social security cards' ATRs.
T0_ATR = bytes.fromhex("3B 63 00 00 53 53 43")
# The PC/SC Part 3 ATR of a contactless MIFARE Classic 1K: T=1, and no SSSE application.
MIFARE_ATR = bytes.fromhex("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A")


class VirtualCard:
    def __init__(self, logic: CardLogic, atr: bytes = T0_ATR, slot: int = 0) -> None:
        self.logic = logic
        self.atr = atr
        self.port = VPCD_PORT + slot
        self.apdus = 0
        self.remove_after_apdus: int | None = None  # pull the card out in the middle of a read
        self.connected = threading.Event()
        self._inserted = threading.Event()
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def insert(self) -> None:
        self._inserted.set()
        self._thread = threading.Thread(target=self._run, name=f"vcard-{self.port}", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        self._inserted.clear()
        self._hang_up()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _run(self) -> None:
        # Stays "in the reader" across a pcscd restart: reconnects whenever vpcd listens again.
        while self._inserted.is_set():
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=1)
            except OSError:
                time.sleep(0.05)
                continue
            sock.settimeout(None)
            with self._lock:
                self._socket = sock
            self.connected.set()
            try:
                self._serve(sock)
            except OSError:
                pass
            finally:
                self.connected.clear()
                self._hang_up()

    def _serve(self, sock: socket.socket) -> None:
        while self._inserted.is_set():
            header = self._receive(sock, 2)
            if header is None:
                return
            payload = self._receive(sock, struct.unpack(">H", header)[0])
            if payload is None:
                return
            if len(payload) == 1:
                if payload[0] == 4:
                    self._send(sock, self.atr)
                continue
            self.apdus += 1
            if self.remove_after_apdus is not None and self.apdus > self.remove_after_apdus:
                self._inserted.clear()
                return
            self._send(sock, self.logic(payload))

    @staticmethod
    def _receive(sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            data += chunk
        return data

    @staticmethod
    def _send(sock: socket.socket, payload: bytes) -> None:
        sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _hang_up(self) -> None:
        with self._lock:
            if self._socket is not None:
                with contextlib.suppress(OSError):
                    self._socket.shutdown(socket.SHUT_RDWR)
                self._socket.close()
                self._socket = None
