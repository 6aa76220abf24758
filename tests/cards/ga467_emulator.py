"""An emulated GA 467 ID reader on the far side of a pseudo-terminal.

The program under test opens the pty's slave (or a symlink to it, so a test
can "replug" the reader on a new pty under the same name); the emulator reads
command frames from the master and answers like a certified reader, at the
line speed of the configured baud rate. Faults are switched on by attributes:
answer late, drop bytes, corrupt the checksum, garble the preamble, lie about
the length, say nothing, or answer a command with a given SW3.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path

from devices.cards.ga467 import PREAMBLE, FrameError, encode_contents, encode_reply, parse_command

FIND, SELECT, READ, READ_FP = (0x20, 0x01), (0x20, 0x02), (0x30, 0x01), (0x30, 0x10)
SAM_STATUS, SAM_ID, RESET_SAM = (0x11, 0xFF), (0x12, 0xFF), (0x10, 0xFF)
# 05.01-20101105-0011234567-1234567890 as the reader stores it (little-endian parts).
SAM_ID_BYTES = (
    (5).to_bytes(2, "little")
    + (1).to_bytes(2, "little")
    + (20101105).to_bytes(4, "little")
    + (11234567).to_bytes(4, "little")
    + (1234567890).to_bytes(4, "little")
)


@dataclass
class Faults:
    commands: set[tuple[int, int]] = field(default_factory=lambda: {READ, READ_FP})
    times: int | None = None  # None: every time
    delay: float = 0.0
    drop_last: int = 0
    corrupt_checksum: bool = False
    garble: bool = False
    wrong_length: bool = False
    silent: bool = False
    status: int | None = None  # answer with this SW3 instead
    remove_card: bool = False  # the card leaves the field during the command

    def applies(self, command: tuple[int, int]) -> bool:
        return command in self.commands and (self.times is None or self.times > 0)


class EmulatedReader:
    def __init__(self, link: Path | None = None, baud: int = 115_200) -> None:
        self.baud = baud
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.slave_path = os.ttyname(self._slave)
        self.link = link
        if link is not None:
            link.unlink(missing_ok=True)
            link.symlink_to(self.slave_path)
        self.port = str(link or self.slave_path)
        self.card: tuple[bytes, bytes, bytes | None] | None = None
        self.card_fresh = False
        self.faults = Faults(times=0)
        self.commands: list[tuple[int, int]] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ga467-emulator", daemon=True)
        self._thread.start()

    def place(
        self, text: bytes, photo: bytes = bytes(1024), fingerprint: bytes | None = None
    ) -> None:
        self.card, self.card_fresh = (text, photo, fingerprint), True

    def remove(self) -> None:
        self.card, self.card_fresh = None, False

    def inject(self, **faults: object) -> None:
        self.faults = Faults(**faults)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop answering and close the pty: the port vanishes, as when a USB cable is pulled."""
        self._stopping.set()
        self._thread.join(5)
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run(self) -> None:
        buffer = b""
        while not self._stopping.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                buffer += os.read(self.master, 4096)
            except OSError:
                return
            while (frame := self._take_frame(buffer)) is not None:
                buffer = buffer[len(frame) :]
                self._answer(frame)

    @staticmethod
    def _take_frame(buffer: bytes) -> bytes | None:
        start = buffer.find(PREAMBLE)
        if start < 0 or len(buffer) < start + 7:
            return None
        size = 7 + int.from_bytes(buffer[start + 5 : start + 7], "big")
        return buffer[: start + size] if len(buffer) >= start + size else None

    def _answer(self, frame: bytes) -> None:
        try:
            cmd, para, _ = parse_command(frame[frame.find(PREAMBLE) :])
        except FrameError as e:
            self._write(encode_reply(0x10 if "checksum" in e.msg_id else 0x11))
            return
        command = (cmd, para)
        self.commands.append(command)
        sw3, data = self._execute(command)
        faults = self.faults
        if faults.applies(command):
            if faults.times is not None:
                faults.times -= 1
            if faults.remove_card:
                self.remove()
                sw3, data = 0x41, b""
            if faults.status is not None:
                sw3, data = faults.status, b""
            if faults.silent:
                return
            time.sleep(faults.delay)
            reply = bytearray(encode_reply(sw3, data))
            if faults.corrupt_checksum:
                reply[-1] ^= 0xFF
            if faults.garble:
                reply[0:5] = b"\x00\x13\x37\x00\x42"
            if faults.wrong_length:
                reply[6] ^= 0x01
            self._write(bytes(reply[: len(reply) - faults.drop_last]))
            return
        self._write(encode_reply(sw3, data))

    def _execute(self, command: tuple[int, int]) -> tuple[int, bytes]:
        if command == FIND:
            return (0x9F if self.card and self.card_fresh else 0x80), bytes(4)
        if command == SELECT:
            if self.card is None:
                return 0x81, b""
            self.card_fresh = False
            return 0x90, bytes(8)
        if command in (READ, READ_FP):
            if self.card is None:
                return 0x41, b""
            text, photo, fingerprint = self.card
            if command == READ_FP:
                return 0x90, encode_contents(text, photo, fingerprint or b"")
            return 0x90, encode_contents(text, photo)
        if command in (SAM_STATUS, RESET_SAM):
            return 0x90, b""
        if command == SAM_ID:
            return 0x90, SAM_ID_BYTES
        return 0x21, b""

    def _write(self, reply: bytes) -> None:
        """At the line's speed: 10 bits a byte (start, 8 data, stop)."""
        start = time.perf_counter()
        for at in range(0, len(reply), 64):
            chunk = reply[at : at + 64]
            try:
                os.write(self.master, chunk)
            except OSError:
                return
            due = start + (at + len(chunk)) * 10 / self.baud
            if (pause := due - time.perf_counter()) > 0:
                time.sleep(pause)
