"""GA 467 serial frames: the commands we send, the replies a certified ID reader gives.

``AA AA AA 96 69 | LEN (2, big-endian: the bytes after it, checksum included)
| body | XOR of LEN and body``. A command's body is ``CMD PARA [data]``; a
reply's is ``SW1 SW2 SW3 [data]``, SW3 naming the outcome. Frames are checked
both ways: we compute our checksum and length, the reader reports ours wrong
with SW3 10/11, and we refuse a reply whose checksum or length is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import reduce
from typing import Any

from devices.cards.errors import CardError, DecodeError, FailureKind, failure

PREAMBLE = bytes.fromhex("AAAAAA9669")
HEADER_SIZE = len(PREAMBLE) + 2
TEXT_SIZE, PHOTO_SIZE, FINGERPRINT_SIZE = 256, 1024, 1024
MAX_BODY = 4096  # the largest reply (text, photo, fingerprint) is 2,314 bytes


class Command(Enum):
    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND_CARD = (0x20, 0x01)
    SELECT_CARD = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)


# SW3 → (name, what the clerk is told). Names are the ids of the detail messages.
STATUS_OK, STATUS_FOUND, STATUS_NOT_FOUND, STATUS_NOT_SELECTED = 0x90, 0x9F, 0x80, 0x81
STATUS_NO_CONTENT = 0x91
STATUSES: dict[int, tuple[str, FailureKind | None]] = {
    0x90: ("ok", None),
    0x9F: ("found", None),
    0x91: ("no_content", None),
    0x10: ("rx_checksum", FailureKind.BAD_CHECKSUM),
    0x11: ("rx_length", FailureKind.WRONG_LENGTH),
    0x21: ("bad_command", FailureKind.READER_ERROR),
    0x23: ("not_permitted", FailureKind.READER_ERROR),
    0x24: ("unknown_error", FailureKind.READER_ERROR),
    0x31: ("card_rejected_sam", FailureKind.SAM_AUTH_FAILED),
    0x32: ("sam_rejected_card", FailureKind.SAM_AUTH_FAILED),
    0x33: ("info_check_failed", FailureKind.SAM_AUTH_FAILED),
    0x40: ("unknown_card_type", FailureKind.UNSUPPORTED_CARD),
    0x41: ("read_failed", FailureKind.CARD_UNREADABLE),
    0x47: ("random_failed", FailureKind.SAM_FAULT),
    0x60: ("sam_self_test_failed", FailureKind.SAM_FAULT),
    0x66: ("sam_not_authorised", FailureKind.SAM_FAULT),
    0x80: ("find_failed", FailureKind.CARD_REMOVED_EARLY),
    0x81: ("select_failed", FailureKind.CARD_UNREADABLE),
}


class FrameError(DecodeError):
    """A reply that is not a well-formed frame; ``kind`` is the state the clerk sees."""

    def __init__(self, kind: FailureKind, msg_id: str, **params: Any) -> None:
        super().__init__(msg_id, **params)
        self.kind = kind


def checksum(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    head = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([checksum(head + body)])


def encode_command(command: Command, data: bytes = b"") -> bytes:
    return _frame(bytes(command.value) + data)


def encode_reply(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, sw3]) + data)


def frame_body(frame: bytes) -> bytes:
    """The body of one complete frame, after checking preamble, length and checksum."""
    if len(frame) < HEADER_SIZE + 1:
        raise FrameError(FailureKind.WRONG_LENGTH, "card.frame.truncated", size=len(frame))
    if frame[: len(PREAMBLE)] != PREAMBLE:
        raise FrameError(FailureKind.GARBLED_FRAME, "card.frame.preamble")
    announced = int.from_bytes(frame[5:7], "big")
    if announced != len(frame) - HEADER_SIZE:
        raise FrameError(
            FailureKind.WRONG_LENGTH,
            "card.frame.length",
            announced=announced,
            actual=len(frame) - HEADER_SIZE,
        )
    if checksum(frame[5:-1]) != frame[-1]:
        raise FrameError(FailureKind.BAD_CHECKSUM, "card.frame.checksum")
    return frame[7:-1]


@dataclass(frozen=True)
class Reply:
    sw3: int
    data: bytes

    def failure(self) -> CardError:
        """The named failure this status stands for (the reader's own words in the detail)."""
        name, kind = STATUSES.get(self.sw3, ("unknown_status", FailureKind.READER_ERROR))
        return failure(
            kind or FailureKind.READER_ERROR, f"card.ga467.{name}", code=f"{self.sw3:02X}"
        )


def parse_reply(frame: bytes) -> Reply:
    body = frame_body(frame)
    if len(body) < 3:
        raise FrameError(FailureKind.WRONG_LENGTH, "card.frame.truncated", size=len(frame))
    return Reply(body[2], body[3:])


def parse_command(frame: bytes) -> tuple[int, int, bytes]:
    body = frame_body(frame)
    if len(body) < 2:
        raise FrameError(FailureKind.WRONG_LENGTH, "card.frame.truncated", size=len(frame))
    return body[0], body[1], body[2:]


@dataclass(frozen=True)
class CardContents:
    text: bytes
    photo: bytes
    fingerprint: bytes | None


def parse_contents(data: bytes, *, with_fingerprint: bool) -> CardContents:
    """The data of a read reply: each part's length (2 bytes, big-endian), then the parts."""
    count = 3 if with_fingerprint else 2
    if len(data) < 2 * count:
        raise FrameError(FailureKind.WRONG_LENGTH, "card.frame.contents_short", size=len(data))
    sizes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, 2 * count, 2)]
    fingerprint_ok = not with_fingerprint or sizes[2] in (0, FINGERPRINT_SIZE)
    if sizes[:2] != [TEXT_SIZE, PHOTO_SIZE] or not fingerprint_ok:
        raise FrameError(
            FailureKind.WRONG_LENGTH,
            "card.frame.contents_sizes",
            sizes="/".join(map(str, sizes)),
        )
    if len(data) != 2 * count + sum(sizes):
        raise FrameError(
            FailureKind.WRONG_LENGTH,
            "card.frame.length",
            announced=2 * count + sum(sizes),
            actual=len(data),
        )
    at = 2 * count
    text, photo = data[at : at + TEXT_SIZE], data[at + TEXT_SIZE : at + TEXT_SIZE + PHOTO_SIZE]
    fingerprint = data[at + TEXT_SIZE + PHOTO_SIZE :] if with_fingerprint and sizes[2] else None
    return CardContents(text, photo, fingerprint)


def encode_contents(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    sizes = [len(text), len(photo)] + ([] if fingerprint is None else [len(fingerprint)])
    return b"".join(s.to_bytes(2, "big") for s in sizes) + text + photo + (fingerprint or b"")


def contents_of_reply(frame: bytes) -> CardContents:
    """A whole read reply (with or without fingerprint) into its parts, or the named reason."""
    reply = parse_reply(frame)
    if reply.sw3 != STATUS_OK:
        raise reply.failure()
    # Which read it answers shows in its size: 4 + 1,280 bytes, or 6 + 2,304 with the fingerprint.
    with_fingerprint = len(reply.data) >= 6 and len(reply.data) != 4 + TEXT_SIZE + PHOTO_SIZE
    return parse_contents(reply.data, with_fingerprint=with_fingerprint)


def format_sam_id(data: bytes) -> str:
    """The SAM's 16-byte id as vendors print it: ``05.01-20101105-0011234567-1234567890``."""
    if len(data) != 16:
        raise FrameError(FailureKind.WRONG_LENGTH, "card.frame.sam_id", size=len(data))
    parts = [
        int.from_bytes(data[a:b], "little") for a, b in ((0, 2), (2, 4), (4, 8), (8, 12), (12, 16))
    ]
    return f"{parts[0]:02d}.{parts[1]:02d}-{parts[2]:08d}-{parts[3]:010d}-{parts[4]:010d}"
