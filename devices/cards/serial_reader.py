"""The GA 467 certified ID reader on a serial port (USB-serial in most halls).

Presence is polled: "find card" answers 9F for a card that entered the field;
a card already read and still lying there answers "find" with 80 but "select"
with 90 on the readers we know, so both are asked before the card counts as
gone. Each absent→present change is a new insertion, read once.
"""

from __future__ import annotations

import threading

import serial
from serial.tools import list_ports

from devices.cards.backend import SlotView, WireClock
from devices.cards.errors import CardError, DecodeError, FailureKind, failure
from devices.cards.ga467 import (
    STATUS_FOUND,
    STATUS_NOT_FOUND,
    STATUS_NOT_SELECTED,
    STATUS_OK,
    Command,
    FrameError,
    format_sam_id,
    parse_contents,
)
from devices.cards.serial_link import DEFAULT_BAUD, DEFAULT_TIMEOUT, Ga467Link, SerialFactory
from devices.cards.text_block import decode_text_block
from terminal.identity import IdentityDocument

DEFAULT_POLL = 0.1  # "find card" costs ~2 ms of line time at 115,200 baud


class SerialReader:
    def __init__(
        self,
        port: str | None,
        baud: int = DEFAULT_BAUD,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        poll_seconds: float = DEFAULT_POLL,
        with_fingerprint: bool = False,
        open_serial: SerialFactory = serial.Serial,
    ) -> None:
        self.port = port
        self.baud = baud
        self.timeout = timeout
        self.with_fingerprint = with_fingerprint
        self._open_serial = open_serial
        self._poll = poll_seconds
        self._link: Ga467Link | None = None
        self._lost = False  # the port vanished: report PORT_GONE until it is back
        self._present = False
        self._insertion = 0
        self._scanned_once = False
        self._wake = threading.Event()

    @property
    def name(self) -> str:
        return f"serial:{self.port}" if self.port else "serial"

    def scan(self, wait: float) -> list[SlotView]:
        if self._scanned_once:
            self._wake.wait(min(wait, self._poll))
            self._wake.clear()
        self._scanned_once = True
        link = self._ensure_link()
        present = self._card_present(link)
        if present and not self._present:
            self._insertion += 1
        self._present = present
        return [SlotView(link.port, self._insertion if present else None)]

    def read(self, reader: str, wire: WireClock) -> IdentityDocument:
        link = self._ensure_link()
        command = (
            Command.READ_TEXT_PHOTO_FINGERPRINT
            if self.with_fingerprint
            else Command.READ_TEXT_PHOTO
        )
        selected = link.transact(Command.SELECT_CARD, wire)
        if selected.sw3 != STATUS_OK:
            raise self._why_not_read(link, selected.failure())
        reply = link.transact(command, wire)
        if reply.sw3 != STATUS_OK:
            raise self._why_not_read(link, reply.failure())
        try:
            contents = parse_contents(reply.data, with_fingerprint=self.with_fingerprint)
        except FrameError as e:
            raise CardError(e.kind, e) from None
        try:
            # The fingerprint block stays here: the document carries no biometrics.
            return decode_text_block(contents.text, contents.photo)
        except DecodeError as e:
            raise CardError(FailureKind.CARD_DATA_INVALID, e) from None

    def sam_id(self) -> str:
        reply = self._ensure_link().transact(Command.SAM_ID)
        if reply.sw3 != STATUS_OK:
            raise reply.failure()
        try:
            return format_sam_id(reply.data)
        except FrameError as e:
            raise CardError(e.kind, e) from None

    def sam_status(self) -> None:
        """Returns when the security module reports itself working; ``CardError`` otherwise."""
        reply = self._ensure_link().transact(Command.SAM_STATUS)
        if reply.sw3 != STATUS_OK:
            raise reply.failure()

    def wake(self) -> None:
        self._wake.set()

    def close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _ensure_link(self) -> Ga467Link:
        if self._link is not None and not self._link.is_open:
            # The link closes itself only when the port failed under it.
            self._link, self._lost = None, True
        if self._link is None:
            port = self.port or find_reader_port(self.baud, self._open_serial)
            link = Ga467Link(port, self.baud, self.timeout, self._open_serial)
            link.open(vanished_before=self._lost)
            self._link, self._lost = link, False
        return self._link

    def _card_present(self, link: Ga467Link) -> bool:
        found = link.transact(Command.FIND_CARD)
        if found.sw3 == STATUS_FOUND:
            return True
        if found.sw3 != STATUS_NOT_FOUND:
            raise found.failure()
        selected = link.transact(Command.SELECT_CARD)
        if selected.sw3 in (STATUS_OK, STATUS_NOT_SELECTED):
            return selected.sw3 == STATUS_OK
        raise selected.failure()

    def _why_not_read(self, link: Ga467Link, error: CardError) -> CardError:
        """A read that failed because the card left the field is "removed too early", not "unreadable"."""
        if error.kind not in (FailureKind.CARD_UNREADABLE, FailureKind.CARD_REMOVED_EARLY):
            return error
        try:
            still_there = self._card_present(link)
        except CardError:
            return error
        return error if still_there else CardError(FailureKind.CARD_REMOVED_EARLY, error.detail)


def find_reader_port(baud: int, open_serial: SerialFactory = serial.Serial) -> str:
    """The first USB-serial port whose device answers "SAM status" like a GA 467 reader."""
    for info in list_ports.comports():
        if info.vid is None:
            continue  # built-in UARTs: not an ID reader, and probing them can upset other devices
        link = Ga467Link(info.device, baud, 0.3, open_serial)
        try:
            if link.transact(Command.SAM_STATUS).sw3 == STATUS_OK:
                return info.device
        except CardError:
            continue
        finally:
            link.close()
    raise failure(FailureKind.PORT_UNAVAILABLE, "card.detail.no_serial_reader")
