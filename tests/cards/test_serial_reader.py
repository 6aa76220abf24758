"""The GA 467 backend against an emulated reader on a pseudo-terminal, at 115,200 baud line speed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from devices.cards import photo, samples
from devices.cards.backend import WireClock
from devices.cards.errors import CardError, FailureKind
from devices.cards.events import (
    CardFailure,
    CardPresent,
    CardRemoved,
    DocumentRead,
    ReaderAttached,
    ReaderGone,
)
from devices.cards.serial_reader import SerialReader
from devices.cards.text_block import encode_text_block
from terminal.identity import DocumentKind, DocumentWarning

from .conftest import device_thread
from .ga467_emulator import READ, SELECT, EmulatedReader

PHOTO = bytes(range(256)) * 4


def reader_for(emulator: EmulatedReader, **options: object) -> SerialReader:
    return SerialReader(emulator.port, timeout=0.5, poll_seconds=0.02, **options)  # type: ignore[arg-type]


def test_sam_id_and_status(emulator: EmulatedReader) -> None:
    reader = reader_for(emulator)
    reader.sam_status()
    assert reader.sam_id() == "05.01-20101105-0011234567-1234567890"
    reader.close()


def test_a_card_placed_is_read_once_with_its_photo(emulator: EmulatedReader) -> None:
    with device_thread(reader_for(emulator)) as log:
        log.wait_for(ReaderAttached)
        emulator.place(encode_text_block(samples.CHEN), PHOTO)
        read = log.wait_for(DocumentRead)
        assert read.document == samples.CHEN and read.document.photo == PHOTO
        # No vendor decoder here: the clerk is shown the outline, and told it is one.
        assert read.portrait is not None and not read.portrait.decoded
        assert read.warnings == () and read.wire_seconds > 0
        log.settle(0.3)  # the card stays on the reader: polls go on, no second read
        assert len(log.of(DocumentRead)) == 1 and len(log.of(CardPresent)) == 1


def test_a_new_card_is_read_the_same_card_again_only_after_removal(
    emulator: EmulatedReader,
) -> None:
    with device_thread(reader_for(emulator)) as log:
        emulator.place(encode_text_block(samples.CHEN))
        log.wait_for(DocumentRead)
        emulator.remove()
        log.wait_for(CardRemoved)
        emulator.place(encode_text_block(samples.HE_HMT))
        assert log.wait_for(DocumentRead).document.kind is DocumentKind.HMT_RESIDENCE_PERMIT
        emulator.remove()
        log.wait_for(CardRemoved)
        emulator.place(encode_text_block(samples.HE_HMT))
        assert log.wait_for(DocumentRead).document == samples.HE_HMT


def test_fingerprint_variant(emulator: EmulatedReader) -> None:
    emulator.place(encode_text_block(samples.SMITH_2017), PHOTO, b"F" * 1024)
    reader = reader_for(emulator, with_fingerprint=True)
    assert reader.scan(0)[0].card is not None
    assert reader.read(emulator.port, WireClock()) == samples.SMITH_2017
    reader.close()


def test_a_slow_reader_within_the_timeout_is_fine(emulator: EmulatedReader) -> None:
    emulator.place(encode_text_block(samples.LIN))
    emulator.inject(delay=0.3)
    reader = reader_for(emulator)
    reader.scan(0)
    wire = WireClock()
    assert reader.read(emulator.port, wire) == samples.LIN
    assert wire.seconds >= 0.3
    reader.close()


@pytest.mark.parametrize(
    ("faults", "kind"),
    [
        ({"corrupt_checksum": True}, FailureKind.BAD_CHECKSUM),
        ({"drop_last": 40}, FailureKind.WRONG_LENGTH),
        ({"wrong_length": True}, FailureKind.WRONG_LENGTH),
        ({"garble": True}, FailureKind.GARBLED_FRAME),
        ({"silent": True}, FailureKind.TIMEOUT),
        ({"delay": 0.8}, FailureKind.TIMEOUT),
        ({"status": 0x31}, FailureKind.SAM_AUTH_FAILED),
        ({"status": 0x33}, FailureKind.SAM_AUTH_FAILED),
        ({"status": 0x60}, FailureKind.SAM_FAULT),
        ({"status": 0x41}, FailureKind.CARD_UNREADABLE),
        ({"remove_card": True}, FailureKind.CARD_REMOVED_EARLY),
    ],
)
def test_each_fault_is_one_named_failure_and_the_next_card_reads(
    emulator: EmulatedReader, faults: dict[str, object], kind: FailureKind
) -> None:
    with device_thread(reader_for(emulator)) as log:
        emulator.inject(times=1, **faults)
        emulator.place(encode_text_block(samples.CHEN))
        failure = log.wait_for(CardFailure)
        assert failure.kind is kind and failure.reader == emulator.port
        assert failure.message_zh != failure.message_en
        emulator.remove()
        log.wait_for(CardRemoved)
        emulator.place(encode_text_block(samples.CHEN))
        assert log.wait_for(DocumentRead).document == samples.CHEN


def test_the_reader_rejecting_our_frame_is_named(emulator: EmulatedReader) -> None:
    emulator.inject(commands={SELECT}, times=1, status=0x10)
    emulator.place(encode_text_block(samples.CHEN))
    reader = reader_for(emulator)
    reader.scan(0)
    with pytest.raises(CardError) as caught:
        reader.read(emulator.port, WireClock())
    assert caught.value.kind is FailureKind.BAD_CHECKSUM
    reader.close()


def test_garbage_on_the_card_is_card_data_invalid(emulator: EmulatedReader) -> None:
    emulator.place(b"\x07\x00" * 128)
    with device_thread(reader_for(emulator)) as log:
        assert log.wait_for(CardFailure).kind is FailureKind.CARD_DATA_INVALID


def test_expired_card_and_bad_check_character_are_read_but_flagged(
    emulator: EmulatedReader,
) -> None:
    with device_thread(reader_for(emulator)) as log:
        emulator.place(encode_text_block(samples.HUANG_EXPIRED))
        assert log.wait_for(DocumentRead).warnings == (DocumentWarning.EXPIRED,)
        emulator.remove()
        log.wait_for(CardRemoved)
        emulator.place(encode_text_block(samples.ZHOU_BAD_CHECK))
        assert log.wait_for(DocumentRead).warnings == (DocumentWarning.CHECK_CHARACTER,)


def test_port_vanishes_and_comes_back(tmp_path: Path) -> None:
    link = tmp_path / "ttyGA467"
    first = EmulatedReader(link)
    with device_thread(reader_for(first), retry_seconds=0.05) as log:
        log.wait_for(ReaderAttached)
        first.stop()  # the USB cable is pulled
        log.wait_for(ReaderGone)
        assert log.wait_for(CardFailure).kind is FailureKind.PORT_GONE
        second = EmulatedReader(link)  # plugged in again: a new tty under the same name
        try:
            log.wait_for(ReaderAttached)
            second.place(encode_text_block(samples.CHEN))
            assert log.wait_for(DocumentRead).document == samples.CHEN
            assert [f.kind for f in log.of(CardFailure)] == [FailureKind.PORT_GONE]
        finally:
            second.stop()


def test_a_port_that_never_existed_is_unavailable(tmp_path: Path) -> None:
    reader = SerialReader(str(tmp_path / "nothing"), timeout=0.2)
    with device_thread(reader, retry_seconds=0.05) as log:
        failure = log.wait_for(CardFailure)
        assert failure.kind is FailureKind.PORT_UNAVAILABLE
        log.settle(0.3)
        assert len(log.of(CardFailure)) == 1  # a standing state: reported once


def test_a_silent_reader_while_polling_is_a_timeout(emulator: EmulatedReader) -> None:
    emulator.inject(commands={(0x20, 0x01)}, silent=True)
    with device_thread(reader_for(emulator), retry_seconds=0.05) as log:
        assert log.wait_for(CardFailure).kind is FailureKind.TIMEOUT
        emulator.inject(times=0)
        log.wait_for(ReaderAttached)
        emulator.place(encode_text_block(samples.CHEN))
        log.wait_for(DocumentRead)


def test_read_commands_follow_find_and_select(emulator: EmulatedReader) -> None:
    emulator.place(encode_text_block(samples.CHEN))
    with device_thread(reader_for(emulator)) as log:
        log.wait_for(DocumentRead)
    assert emulator.commands[:3] == [(0x20, 0x01), SELECT, READ]


def test_an_installed_photo_decoder_turns_the_card_photo_into_the_picture_shown(
    emulator: EmulatedReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vendor's decoder (an entry point in tongban.photo_decoders) runs on the device thread."""
    decoded_on: list[str] = []

    def vendor_decoder(wlt: bytes) -> bytes:
        decoded_on.append(threading.current_thread().name)
        return b"BM" + wlt[:8]

    monkeypatch.setattr(photo, "find_photo_decoder", lambda: vendor_decoder)
    with device_thread(reader_for(emulator)) as log:
        emulator.place(encode_text_block(samples.CHEN), PHOTO)
        read = log.wait_for(DocumentRead)
    assert read.portrait == photo.Portrait(b"BM" + PHOTO[:8], True)
    assert decoded_on and decoded_on[0] != threading.main_thread().name
