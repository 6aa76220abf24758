"""Random frames, blocks and records: only the named decode errors may come out."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.cards.errors import CardError, DecodeError
from devices.cards.ga467 import contents_of_reply, encode_contents, encode_reply, parse_reply
from devices.cards.social_security import RECORDS, parse_records, unwrap
from devices.cards.text_block import decode_text_block

from . import vectors

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_random_blocks(block: bytes) -> None:
    with contextlib.suppress(DecodeError):
        decode_text_block(block)


@FUZZ
@given(
    st.sampled_from([vectors.RESIDENT, vectors.HMT, vectors.FOREIGN_2017, vectors.FOREIGN_2023]),
    st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_real_blocks_with_bytes_flipped(block: bytes, flips: list[tuple[int, int]]) -> None:
    data = bytearray(block)
    for at, value in flips:
        data[at] = value
    with contextlib.suppress(DecodeError):
        decode_text_block(bytes(data))


@FUZZ
@given(st.binary(max_size=1400))
def test_random_frames(frame: bytes) -> None:
    try:
        contents = contents_of_reply(frame)
        decode_text_block(contents.text, contents.photo)
    except (DecodeError, CardError):
        pass


@FUZZ
@given(st.integers(0, 1294), st.integers(0, 255))
def test_a_read_reply_with_one_byte_changed(at: int, value: int) -> None:
    frame = bytearray(encode_reply(0x90, encode_contents(vectors.RESIDENT, bytes(1024))))
    frame[at] = value
    try:
        parse_reply(bytes(frame))
        contents = contents_of_reply(bytes(frame))
        decode_text_block(contents.text)
    except (DecodeError, CardError):
        pass


@FUZZ
@given(st.lists(st.binary(max_size=40), min_size=len(RECORDS), max_size=len(RECORDS)))
def test_random_social_security_records(raw: list[bytes]) -> None:
    with contextlib.suppress(DecodeError):
        parse_records({r.name: unwrap(r, data) for r, data in zip(RECORDS, raw, strict=True)})


@FUZZ
@given(st.lists(st.binary(min_size=1, max_size=30), min_size=len(RECORDS), max_size=len(RECORDS)))
def test_random_record_values(values: list[bytes]) -> None:
    with contextlib.suppress(DecodeError):
        parse_records({r.name: v for r, v in zip(RECORDS, values, strict=True)})
