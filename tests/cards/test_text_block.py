"""The four text-block layouts, decoded from byte-level vectors; and each way a block can be wrong."""

from __future__ import annotations

from datetime import date

import pytest

from devices.cards import samples
from devices.cards.errors import DecodeError
from devices.cards.text_block import card_kind, decode_text_block, encode_text_block
from devices.cards.text_layouts import LAYOUTS
from terminal.identity import (
    DocumentKind,
    DocumentWarning,
    ForeignPermanentResidenceCard,
    HmtResidencePermit,
    ResidentIdCard,
    Sex,
)

from . import vectors
from .conftest import TODAY


def test_every_layout_fills_256_bytes_and_marks_its_type_at_byte_248() -> None:
    for mark, (_, layout) in LAYOUTS.items():
        assert sum(f.length for f in layout) == 256
        assert [f.offset for f in layout] == sorted(f.offset for f in layout)
        if mark != " ":
            assert next(f for f in layout if f.name == "type_mark").offset == 248


def test_resident_card() -> None:
    doc = decode_text_block(vectors.RESIDENT, photo=b"W" * 1024)
    assert isinstance(doc, ResidentIdCard)
    assert doc.kind is DocumentKind.RESIDENT_ID
    assert (doc.name, doc.sex, doc.ethnicity_code) == ("陈示例", Sex.MALE, "01")
    assert doc.birth_date == date(1985, 3, 12)
    assert doc.address == "上海市徐汇区示例路88弄8号101室"
    assert doc.id_number == "31010419850312003X"
    assert doc.issuer == "上海市公安局徐汇分局"
    assert (doc.valid_from, doc.valid_to) == (date(2016, 5, 1), date(2036, 5, 1))
    assert doc.photo == b"W" * 1024
    assert doc.warnings(TODAY) == []


def test_resident_card_valid_for_life() -> None:
    doc = decode_text_block(vectors.RESIDENT_LONG_TERM)
    assert doc.valid_to is None and doc.sex is Sex.FEMALE
    assert doc.id_number == "11010519491231002X"


def test_hmt_residence_permit() -> None:
    doc = decode_text_block(vectors.HMT)
    assert isinstance(doc, HmtResidencePermit)
    assert doc.kind is DocumentKind.HMT_RESIDENCE_PERMIT
    assert (doc.name, doc.sex, doc.birth_date) == ("何示范", Sex.FEMALE, date(1992, 2, 15))
    assert (doc.pass_number, doc.issue_count) == ("H12345678", 1)
    assert doc.id_number == "810000199202150026" and doc.warnings(TODAY) == []


def test_foreign_permanent_residence_2017() -> None:
    doc = decode_text_block(vectors.FOREIGN_2017)
    assert isinstance(doc, ForeignPermanentResidenceCard)
    assert doc.kind is DocumentKind.FOREIGN_PERMANENT_2017
    assert (doc.name, doc.name_en, doc.nationality) == ("史密斯", "SMITH, JOHN EXAMPLE", "USA")
    assert (doc.id_number, doc.issuer, doc.birth_date) == (
        "USA310080071500",
        "1500",
        date(1980, 7, 15),
    )
    assert doc.warnings(TODAY) == []


def test_foreign_permanent_residence_2023_joins_the_long_english_name() -> None:
    doc = decode_text_block(vectors.FOREIGN_2023)
    assert isinstance(doc, ForeignPermanentResidenceCard)
    assert doc.kind is DocumentKind.FOREIGN_PERMANENT_2023
    assert doc.name_en == "MULLER-LANGENSCHEIDT, ANNA KATHARINA SAMPLE"
    assert (doc.name, doc.nationality, doc.sex) == ("穆勒", "DEU", Sex.FEMALE)
    assert doc.id_number == "931276197804220025" and doc.warnings(TODAY) == []


@pytest.mark.parametrize("key", sorted(k for k in samples.SAMPLE_CITIZENS if "social" not in k))
def test_encoding_then_decoding_gives_the_same_document(key: str) -> None:
    doc = samples.SAMPLE_CITIZENS[key]
    assert decode_text_block(encode_text_block(doc)) == doc


def test_encoder_writes_the_standard_bytes() -> None:
    assert encode_text_block(samples.CHEN) == vectors.RESIDENT


def test_expired_card_and_wrong_check_character_are_read_but_flagged() -> None:
    expired = decode_text_block(encode_text_block(samples.HUANG_EXPIRED))
    assert expired.warnings(TODAY) == [DocumentWarning.EXPIRED]
    wrong = decode_text_block(encode_text_block(samples.ZHOU_BAD_CHECK))
    assert wrong.warnings(TODAY) == [DocumentWarning.CHECK_CHARACTER]


def _with(block: bytes, offset: int, raw: bytes) -> bytes:
    return block[:offset] + raw + block[offset + len(raw) :]


@pytest.mark.parametrize(
    ("block", "msg_id", "field"),
    [
        (vectors.RESIDENT[:255], "card.decode.block_size", None),
        (_with(vectors.RESIDENT, 248, "Q".encode("utf-16-le")), "card.decode.unknown_type", None),
        (
            _with(vectors.RESIDENT, 0, " ".encode("utf-16-le") * 15),
            "card.decode.empty_field",
            "name",
        ),
        (_with(vectors.RESIDENT, 30, "3".encode("utf-16-le")), "card.decode.bad_sex", "sex"),
        (
            _with(vectors.RESIDENT, 36, "19851332".encode("utf-16-le")),
            "card.decode.bad_date",
            "birth_date",
        ),
        (
            _with(vectors.RESIDENT, 204, "２０３６".encode("utf-16-le")),
            "card.decode.bad_date",
            "valid_to",
        ),
        (_with(vectors.RESIDENT, 60, b"\x00\xd8A\x00"), "card.decode.not_ucs2", "address"),
        (_with(vectors.RESIDENT, 2, b"\x07\x00"), "card.decode.control_char", "name"),
        (
            _with(vectors.HMT, 238, "x1".encode("utf-16-le")),
            "card.decode.bad_number",
            "issue_count",
        ),
    ],
)
def test_each_fault_names_its_reason(block: bytes, msg_id: str, field: str | None) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_text_block(block)
    assert caught.value.msg_id == msg_id
    if field is not None:
        assert caught.value.params["field"] == field
        assert "第" in caught.value.text("zh_CN") and "bytes" in caught.value.text("en")


def test_card_kind_reads_only_the_type_mark() -> None:
    assert card_kind(vectors.FOREIGN_2023) is DocumentKind.FOREIGN_PERMANENT_2023
    assert card_kind(vectors.HMT) is DocumentKind.HMT_RESIDENCE_PERMIT
