"""Every way reading a card can fail, as one named state a clerk can act on.

After web-eid-app's ``retriableerror.hpp``: the backends turn each low-level
fault (a PC/SC code, a GA 467 status byte, a serial exception) into one
``FailureKind``; the clerk's message says what happened and what to do, and no
kind needs a restart of the program.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from terminal.i18n import TongbanError, current_language


class FailureKind(Enum):
    SERVICE_NOT_RUNNING = "service_not_running"  # pcscd is not running
    NO_READER = "no_reader"
    READER_GONE = "reader_gone"  # unplugged while the program runs
    READER_BUSY = "reader_busy"  # another program holds the reader
    PORT_UNAVAILABLE = "port_unavailable"  # the serial port cannot be opened
    PORT_GONE = "port_gone"  # the serial port vanished while in use
    CARD_REMOVED_EARLY = "card_removed_early"
    UNSUPPORTED_CARD = "unsupported_card"
    TWO_CARDS = "two_cards"
    CARD_UNREADABLE = "card_unreadable"
    CARD_DATA_INVALID = "card_data_invalid"  # the card answered, but its data does not decode
    GARBLED_FRAME = "garbled_frame"
    BAD_CHECKSUM = "bad_checksum"
    WRONG_LENGTH = "wrong_length"
    TIMEOUT = "timeout"  # the reader did not answer in time
    SAM_AUTH_FAILED = "sam_auth_failed"
    SAM_FAULT = "sam_fault"  # the reader's security module is not working or not authorised
    READER_ERROR = "reader_error"  # a fault with no better name; the detail carries the code

    @property
    def msg_id(self) -> str:
        return f"card.failure.{self.value}"


class CardError(TongbanError):
    """A failure of one kind; ``detail`` (optional) says precisely what the hardware reported.

    The clerk reads ``text()``: the kind's message, what to do, then the detail.
    """

    def __init__(self, kind: FailureKind, detail: TongbanError | None = None, **params: Any):
        super().__init__(kind.msg_id, **params)
        self.kind = kind
        self.detail = detail

    def text(self, language: str | None = None) -> str:
        main = super().text(language)
        if self.detail is None:
            return main
        detail = self.detail.text(language)
        if (language or current_language()) == "zh_CN":
            return f"{main}（{detail}）"
        return f"{main} ({detail})"


class DecodeError(TongbanError):
    """Bytes that are not a document: a text block, a GA 467 frame or a card record.

    The message names the exact reason (which field, which byte range, which rule).
    """


def failure(kind: FailureKind, detail_id: str | None = None, **params: Any) -> CardError:
    """A ``CardError`` whose detail message is ``detail_id`` with ``params``."""
    detail = TongbanError(detail_id, **params) if detail_id else None
    return CardError(kind, detail)
