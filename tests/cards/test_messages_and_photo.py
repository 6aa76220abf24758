"""Every card message in Chinese and English; the photo hook; the T=0 exchange and SSC records."""

from __future__ import annotations

import ast
import json
import re
import zlib
from pathlib import Path

import pytest

from devices.cards.apdu import exchange
from devices.cards.errors import DecodeError, FailureKind
from devices.cards.photo import PHOTO_HEIGHT, PHOTO_WIDTH, photo_image, placeholder_png
from devices.cards.social_security import RECORDS, SELECT_SSSE, parse_records, unwrap
from terminal.i18n import parameters

from .ssc_card import SSSE, Holder, SocialSecurityCardLogic, records

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "devices" / "locale"


def catalogue(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((LOCALE / f"{lang}.json").read_text("utf-8"))
    return data


def test_card_messages_exist_in_both_languages_with_the_same_parameters() -> None:
    zh, en = catalogue("zh_CN"), catalogue("en")
    assert set(zh) == set(en)
    terminal = json.loads((ROOT / "terminal" / "locale" / "zh_CN.json").read_text("utf-8"))
    assert not set(zh) & set(terminal)
    for key in zh:
        assert key.startswith("card."), key
        assert parameters(zh[key]) == parameters(en[key]), key
        assert re.search(r"[\u4e00-\u9fff]", zh[key]), key


def test_every_card_message_id_in_the_code_exists() -> None:
    """Literal ids anywhere in devices/cards (tr, errors, f-string prefixes for kinds and fields)."""
    zh = catalogue("zh_CN")
    used: set[str] = set()
    for path in (ROOT / "devices" / "cards").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"card(\.[a-z0-9_]+)+", node.value)
            ):
                used.add(node.value)
    assert len(used) > 40
    assert sorted(used - set(zh)) == []
    for kind in FailureKind:
        assert kind.msg_id in zh
    prefixes = ("card.ga467.", "card.type.", "card.field.", "card.warning.")
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in zh), prefix


def test_placeholder_is_a_valid_grey_png_of_the_photo_size() -> None:
    png = placeholder_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == PHOTO_WIDTH
    assert int.from_bytes(png[20:24], "big") == PHOTO_HEIGHT
    idat = png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8]
    assert len(zlib.decompress(idat)) == PHOTO_HEIGHT * (PHOTO_WIDTH + 1)


def test_the_vendor_decoder_is_used_and_its_failure_falls_back() -> None:
    assert photo_image(b"W" * 1024, lambda wlt: b"BM" + wlt[:4]) == (b"BMWWWW", True)

    def broken(wlt: bytes) -> bytes:
        raise OSError("vendor library crashed")

    assert photo_image(b"W" * 1024, broken) == (placeholder_png(), False)
    assert photo_image(None, lambda wlt: b"never") == (placeholder_png(), False)


def test_t0_get_response_and_wrong_le() -> None:
    card = SocialSecurityCardLogic()
    data, sw = exchange(card, SELECT_SSSE)
    assert sw == 0x9000 and SSSE in data
    assert [a[1] for a in card.log] == [0xA4, 0xC0]
    card.log.clear()
    exchange(card, bytes.fromhex("00A4020002EF06"))
    data, sw = exchange(card, bytes.fromhex("00B2010400"))
    assert sw == 0x9000 and data[:2] == b"\x08\x12"
    assert [a[4] for a in card.log[1:]] == [0x00, 0x14]  # Le 00 refused with 6C14, asked again


def test_exchange_gives_up_on_a_card_that_loops() -> None:
    with pytest.raises(DecodeError) as caught:
        exchange(lambda apdu: b"\x61\x10", SELECT_SSSE)
    assert caught.value.msg_id == "card.apdu.endless"
    with pytest.raises(DecodeError):
        exchange(lambda apdu: b"\x90", SELECT_SSSE)


def test_social_security_records_byte_by_byte() -> None:
    raw = records(Holder(valid_to=b"\xff" * 4, sex=b"\x02"))
    values = {r.name: unwrap(r, raw[r.file_id][r.number]) for r in RECORDS}
    card = parse_records(values)
    assert (card.name, card.id_number, card.card_number) == (
        "陈示例",
        "31010419850312003X",
        "A01234567",
    )
    assert card.region_code == "310100" and card.valid_to is None and card.sex is not None
    assert card.sex.value == "female"


def test_a_record_with_the_wrong_tag_is_named() -> None:
    with pytest.raises(DecodeError) as caught:
        unwrap(RECORDS[0], b"\x02\x01\x00")
    assert caught.value.params == {"record": "identification"}
