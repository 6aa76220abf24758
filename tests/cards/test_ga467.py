"""GA 467 frames byte by byte: the commands we send, the replies we accept, each status named."""

from __future__ import annotations

import pytest

from devices.cards.errors import CardError, FailureKind
from devices.cards.ga467 import (
    STATUSES,
    Command,
    FrameError,
    Reply,
    contents_of_reply,
    encode_command,
    encode_contents,
    encode_reply,
    format_sam_id,
    parse_command,
    parse_reply,
)

from . import vectors
from .ga467_emulator import SAM_ID_BYTES

# The commands as reader manuals print them: preamble, LEN 00 03, CMD PARA, XOR(LEN..PARA).
COMMANDS = {
    Command.FIND_CARD: "AA AA AA 96 69 00 03 20 01 22",
    Command.SELECT_CARD: "AA AA AA 96 69 00 03 20 02 21",
    Command.READ_TEXT_PHOTO: "AA AA AA 96 69 00 03 30 01 32",
    Command.READ_TEXT_PHOTO_FINGERPRINT: "AA AA AA 96 69 00 03 30 10 23",
    Command.SAM_ID: "AA AA AA 96 69 00 03 12 FF EE",
    Command.SAM_STATUS: "AA AA AA 96 69 00 03 11 FF ED",
    Command.RESET_SAM: "AA AA AA 96 69 00 03 10 FF EC",
}


@pytest.mark.parametrize(("command", "expected"), COMMANDS.items())
def test_command_frames(command: Command, expected: str) -> None:
    assert encode_command(command) == bytes.fromhex(expected)
    assert parse_command(bytes.fromhex(expected)) == (*command.value, b"")


def test_reply_frames_as_a_reader_sends_them() -> None:
    found = bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    assert parse_reply(found) == Reply(0x9F, bytes(4))
    assert encode_reply(0x9F, bytes(4)) == found
    selected = bytes.fromhex("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C")
    assert parse_reply(selected) == Reply(0x90, bytes(8))


def test_a_read_reply_is_1295_bytes_and_gives_text_and_photo() -> None:
    photo = bytes(range(256)) * 4
    frame = encode_reply(0x90, encode_contents(vectors.RESIDENT, photo))
    assert len(frame) == 1295 and frame[5:7] == b"\x05\x08"
    contents = contents_of_reply(frame)
    assert (contents.text, contents.photo, contents.fingerprint) == (vectors.RESIDENT, photo, None)


def test_the_fingerprint_variant_adds_a_third_part() -> None:
    frame = encode_reply(0x90, encode_contents(vectors.HMT, bytes(1024), b"F" * 1024))
    assert len(frame) == 7 + 3 + 6 + 256 + 1024 + 1024 + 1
    assert contents_of_reply(frame).fingerprint == b"F" * 1024


@pytest.mark.parametrize(
    ("frame", "kind", "msg_id"),
    [
        (b"\xaa\xaa\xaa\x96", FailureKind.WRONG_LENGTH, "card.frame.truncated"),
        (
            bytes.fromhex("AB AA AA 96 69 00 03 00 00 90 93"),
            FailureKind.GARBLED_FRAME,
            "card.frame.preamble",
        ),
        (
            bytes.fromhex("AA AA AA 96 69 00 05 00 00 90 95"),
            FailureKind.WRONG_LENGTH,
            "card.frame.length",
        ),
        (
            bytes.fromhex("AA AA AA 96 69 00 04 00 00 90 00"),
            FailureKind.BAD_CHECKSUM,
            "card.frame.checksum",
        ),
    ],
)
def test_bad_frames_are_refused_with_their_kind(
    frame: bytes, kind: FailureKind, msg_id: str
) -> None:
    with pytest.raises(FrameError) as caught:
        parse_reply(frame)
    assert (caught.value.kind, caught.value.msg_id) == (kind, msg_id)


def test_part_lengths_inside_a_read_reply_are_checked() -> None:
    wrong = encode_reply(0x90, encode_contents(vectors.RESIDENT[:200], bytes(1024)))
    with pytest.raises(FrameError) as caught:
        contents_of_reply(wrong)
    assert caught.value.msg_id == "card.frame.contents_sizes"
    assert caught.value.kind is FailureKind.WRONG_LENGTH


def test_every_status_byte_is_a_named_failure() -> None:
    for sw3 in sorted(set(range(256)) - {0x90, 0x9F, 0x91}):
        error = Reply(sw3, b"").failure()
        assert isinstance(error, CardError)
        name = STATUSES.get(sw3, ("unknown_status", None))[0]
        assert error.detail is not None and error.detail.msg_id == f"card.ga467.{name}"
        assert f"{sw3:02X}" in error.text("en")


def test_status_table_maps_the_documented_codes() -> None:
    assert Reply(0x31, b"").failure().kind is FailureKind.SAM_AUTH_FAILED
    assert Reply(0x32, b"").failure().kind is FailureKind.SAM_AUTH_FAILED
    assert Reply(0x33, b"").failure().kind is FailureKind.SAM_AUTH_FAILED
    assert Reply(0x10, b"").failure().kind is FailureKind.BAD_CHECKSUM
    assert Reply(0x11, b"").failure().kind is FailureKind.WRONG_LENGTH
    assert Reply(0x40, b"").failure().kind is FailureKind.UNSUPPORTED_CARD
    assert Reply(0x41, b"").failure().kind is FailureKind.CARD_UNREADABLE
    assert Reply(0x60, b"").failure().kind is FailureKind.SAM_FAULT
    assert Reply(0x77, b"").failure().kind is FailureKind.READER_ERROR


def test_a_failed_read_reply_gives_the_reader_s_reason() -> None:
    with pytest.raises(CardError) as caught:
        contents_of_reply(encode_reply(0x41))
    assert caught.value.kind is FailureKind.CARD_UNREADABLE


def test_sam_id_as_vendors_print_it() -> None:
    assert format_sam_id(SAM_ID_BYTES) == "05.01-20101105-0011234567-1234567890"
    with pytest.raises(FrameError):
        format_sam_id(SAM_ID_BYTES[:15])
