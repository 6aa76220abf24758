"""One GA 467 exchange over a serial port: send a command frame, receive one reply frame.

Every fault of the line becomes a ``CardError`` of its own kind: the port
cannot be opened or vanished, the reader stays silent (timeout), the reply is
garbled, shorter than it announced, or fails its checksum.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import serial

from devices.cards.backend import WireClock
from devices.cards.errors import CardError, FailureKind, failure
from devices.cards.ga467 import (
    HEADER_SIZE,
    MAX_BODY,
    PREAMBLE,
    Command,
    FrameError,
    Reply,
    encode_command,
    parse_reply,
)

DEFAULT_BAUD = 115_200
DEFAULT_TIMEOUT = 1.0  # a certified reader answers within ~0.5 s, plus the reply's own line time
_MAX_JUNK = 64  # bytes of line noise tolerated before a reply's preamble

SerialFactory = Callable[..., serial.Serial]

try:  # pyserial lets termios.error through from tcflush on a vanished tty (POSIX only)
    from termios import error as _TermiosError

    PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, _TermiosError)
except ImportError:  # pragma: no cover - Windows
    PORT_ERRORS = (serial.SerialException, OSError)
OPEN_ERRORS: tuple[type[BaseException], ...] = (*PORT_ERRORS, ValueError)  # ValueError: a bad baud


class Ga467Link:
    def __init__(
        self,
        port: str,
        baud: int = DEFAULT_BAUD,
        timeout: float = DEFAULT_TIMEOUT,
        open_serial: SerialFactory = serial.Serial,
    ) -> None:
        self.port = port
        self.baud = baud
        self.timeout = timeout
        self._open_serial = open_serial
        self._serial: serial.Serial | None = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def open(self, vanished_before: bool = False) -> None:
        try:
            self._serial = self._open_serial(
                self.port, self.baud, timeout=self.timeout, write_timeout=self.timeout
            )
        except OPEN_ERRORS as e:
            kind = FailureKind.PORT_GONE if vanished_before else FailureKind.PORT_UNAVAILABLE
            raise failure(
                kind, "card.detail.port_error", port=self.port, error=_reason(e)
            ) from None

    def close(self) -> None:
        if self._serial is not None:
            with contextlib.suppress(*PORT_ERRORS):  # it may be gone already
                self._serial.close()
            self._serial = None

    def transact(self, command: Command, wire: WireClock | None = None) -> Reply:
        """Send ``command`` and return the reader's reply, whatever its status byte."""
        if self._serial is None:
            self.open()
        assert self._serial is not None
        wire = wire or WireClock()
        try:
            with wire.on_wire():
                # A late answer to an earlier command must not pass for this one's.
                self._serial.reset_input_buffer()
                self._serial.write(encode_command(command))
                self._serial.flush()
                frame = self._receive(self._serial)
        except PORT_ERRORS as e:
            self.close()
            raise failure(
                FailureKind.PORT_GONE, "card.detail.port_error", port=self.port, error=_reason(e)
            ) from None
        try:
            return parse_reply(frame)
        except FrameError as e:
            raise CardError(e.kind, e) from None

    def _receive(self, port: serial.Serial) -> bytes:
        deadline = time.monotonic() + self.timeout
        head = self._read(port, HEADER_SIZE, deadline)
        if not head:
            raise failure(FailureKind.TIMEOUT, "card.detail.no_answer", seconds=self.timeout)
        junk = 0
        while head[: len(PREAMBLE)] != PREAMBLE:
            junk += 1
            more = self._read(port, 1, deadline)
            if junk > _MAX_JUNK or not more:
                error = FrameError(FailureKind.GARBLED_FRAME, "card.frame.preamble")
                raise CardError(error.kind, error)
            head = head[1:] + more
        if len(head) < HEADER_SIZE:
            error = FrameError(FailureKind.WRONG_LENGTH, "card.frame.truncated", size=len(head))
            raise CardError(error.kind, error)
        announced = int.from_bytes(head[5:7], "big")
        if not 4 <= announced <= MAX_BODY:
            error = FrameError(
                FailureKind.WRONG_LENGTH, "card.frame.bad_announced", announced=announced
            )
            raise CardError(error.kind, error)
        # The reply may be long (2,314 bytes with the fingerprint): allow for its line time.
        deadline += announced * 10 / self.baud
        rest = self._read(port, announced, deadline)
        if len(rest) < announced:
            error = FrameError(
                FailureKind.WRONG_LENGTH, "card.frame.short", announced=announced, actual=len(rest)
            )
            raise CardError(error.kind, error)
        return head + rest

    @staticmethod
    def _read(port: serial.Serial, size: int, deadline: float) -> bytes:
        data = b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            port.timeout = left
            chunk = port.read(size - len(data))
            if not chunk:
                break
            data += chunk
        return data


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
