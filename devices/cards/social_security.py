"""The social-security card (社会保障卡): its basic files, read without a PIN.

The SSSE application is selected by name (``sx1.sh.社会保障``, the Chinese in
GBK); under it EF05 holds the issuer's data and EF06 the holder's. Each record
is read by number (``00 B2 nn 04 Le``) and comes back as tag, length, value.
Field numbers and sizes follow the card's published file structure
(人社信息函 2012 37 号, V2.0).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devices.cards.apdu import Transmit, exchange
from devices.cards.errors import DecodeError, FailureKind, failure
from terminal.identity import DocumentKind, Sex, SocialSecurityCard

SSSE_NAME = b"sx1.sh." + "社会保障".encode("gbk")
SELECT_SSSE = bytes([0x00, 0xA4, 0x04, 0x00, len(SSSE_NAME)]) + SSSE_NAME
SW_OK = 0x9000


@dataclass(frozen=True)
class Record:
    file_id: int
    number: int  # position in its file, as READ RECORD addresses it
    tag: int  # the data item's number in the specification
    size: int
    name: str


# Only what the document needs; the rest of EF05/EF06 (card type, version, issuer
# code, name extension, ethnicity, birthplace) is left on the card.
RECORDS = (
    Record(0xEF05, 1, 0x01, 16, "identification"),  # 卡的识别码: starts with the region code
    Record(0xEF05, 5, 0x05, 4, "issued_on"),  # 发卡日期, BCD
    Record(0xEF05, 6, 0x06, 4, "valid_to"),  # 卡有效期, BCD
    Record(0xEF05, 7, 0x07, 9, "card_number"),  # 卡号
    Record(0xEF06, 1, 0x08, 18, "id_number"),  # 社会保障号码
    Record(0xEF06, 2, 0x09, 30, "name"),  # 姓名, GBK
    Record(0xEF06, 4, 0x0B, 1, "sex"),  # 性别, GB/T 2261.1
    Record(0xEF06, 7, 0x0E, 4, "birth_date"),  # 出生日期, BCD
)


def select_file(file_id: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02]) + file_id.to_bytes(2, "big")


def read_record(number: int, expected: int) -> bytes:
    return bytes([0x00, 0xB2, number, 0x04, expected])


def read_card(transmit: Transmit, atr: bytes) -> SocialSecurityCard:
    """Select SSSE and read the records; ``CardError`` when the card is not one, or fails."""
    _, sw = exchange(transmit, SELECT_SSSE)
    if sw != SW_OK:
        raise failure(
            FailureKind.UNSUPPORTED_CARD,
            "card.detail.not_social_security",
            atr=atr.hex(" ").upper(),
            sw=f"{sw:04X}",
        )
    values: dict[str, bytes] = {}
    selected = 0
    for record in RECORDS:
        if record.file_id != selected:
            _, sw = exchange(transmit, select_file(record.file_id))
            if sw != SW_OK:
                raise failure(
                    FailureKind.CARD_UNREADABLE,
                    "card.detail.sw",
                    step=f"{record.file_id:04X}",
                    sw=f"{sw:04X}",
                )
            selected = record.file_id
        data, sw = exchange(transmit, read_record(record.number, record.size + 2))
        if sw != SW_OK:
            raise failure(
                FailureKind.CARD_UNREADABLE, "card.detail.sw", step=record.name, sw=f"{sw:04X}"
            )
        values[record.name] = unwrap(record, data)
    return parse_records(values)


def unwrap(record: Record, data: bytes) -> bytes:
    if len(data) < 2 or data[0] != record.tag or data[1] != len(data) - 2:
        raise DecodeError("card.ssc.record", record=record.name)
    return data[2:]


def parse_records(values: dict[str, bytes]) -> SocialSecurityCard:
    issued_on = _bcd_date("issued_on", values["issued_on"])
    return SocialSecurityCard(
        kind=DocumentKind.SOCIAL_SECURITY,
        name=_text("name", values["name"], "gbk"),
        id_number=_text("id_number", values["id_number"], "ascii"),
        sex=_sex(values["sex"]),
        birth_date=_bcd_date("birth_date", values["birth_date"]),
        valid_from=issued_on,
        valid_to=_bcd_date("valid_to", values["valid_to"], open_ended=True),
        card_number=_text("card_number", values["card_number"], "ascii"),
        region_code=_bcd_digits("identification", values["identification"][:3]),
        issued_on=issued_on,
    )


def _text(name: str, raw: bytes, encoding: str) -> str:
    # "an" items are left-aligned and padded with 00 (some issuers pad with spaces).
    try:
        value = raw.rstrip(b"\x00 ").decode(encoding)
    except UnicodeDecodeError:
        raise DecodeError("card.ssc.bad_text", record=name) from None
    if not value or any(c < " " for c in value):
        raise DecodeError("card.ssc.bad_text", record=name)
    return value


def _bcd_digits(name: str, raw: bytes) -> str:
    digits = raw.hex()
    if not digits.isdigit():
        raise DecodeError("card.ssc.bad_bcd", record=name)
    return digits


def _bcd_date(name: str, raw: bytes, open_ended: bool = False) -> date | None:
    if open_ended and raw in (b"\xff" * 4, b"\x00" * 4):
        return None
    digits = _bcd_digits(name, raw)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise DecodeError("card.ssc.bad_bcd", record=name) from None


def _sex(raw: bytes) -> Sex | None:
    # GB/T 2261.1: 1 male, 2 female, 0/9 not known or not stated. Some issuers write the digit
    # as a character, some as a binary value.
    return {b"1": Sex.MALE, b"\x01": Sex.MALE, b"2": Sex.FEMALE, b"\x02": Sex.FEMALE}.get(raw)
