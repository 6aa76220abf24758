"""A social security card's T=0 behaviour, written from the card's published file structure.

It answers the way such cards do: SELECT by name leaves its FCI waiting
(``61xx``, fetch it with GET RESPONSE), and READ RECORD with the wrong Le is
refused with ``6Cxx`` naming the right one. The records are built here byte
by byte, not with the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SSSE = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")  # "sx1.sh." + 社会保障 in GBK
FCI = bytes.fromhex("6F 1A 84 0F") + SSSE + bytes.fromhex("A5 07 9F 08 02 02 00 88 01 01")


def bcd(value: date) -> bytes:
    return bytes.fromhex(value.strftime("%Y%m%d"))


def tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag, len(value)]) + value


@dataclass
class Holder:
    name: str = "陈示例"
    id_number: str = "31010419850312003X"
    sex: bytes = b"1"
    birth: date = date(1985, 3, 12)
    card_number: str = "A01234567"
    region: str = "310100"
    issued: date = date(2020, 10, 9)
    valid_to: bytes | None = None  # None: 10 years after issue


def records(h: Holder) -> dict[int, dict[int, bytes]]:
    valid_to = (
        h.valid_to if h.valid_to is not None else bcd(h.issued.replace(year=h.issued.year + 10))
    )
    identification = bytes.fromhex(h.region) + bytes.fromhex("D15600000599") + bytes(7)
    return {
        0xEF05: {
            1: tlv(0x01, identification),
            2: tlv(0x02, b"3"),
            3: tlv(0x03, b"3.00"),
            4: tlv(0x04, bytes.fromhex("310100000000000000000000")),
            5: tlv(0x05, bcd(h.issued)),
            6: tlv(0x06, valid_to),
            7: tlv(0x07, h.card_number.encode("ascii")),
        },
        0xEF06: {
            1: tlv(0x08, h.id_number.encode("ascii")),
            2: tlv(0x09, h.name.encode("gbk").ljust(30, b"\x00")),
            3: tlv(0x0A, bytes(20)),
            4: tlv(0x0B, h.sex),
            5: tlv(0x0C, b"\x01"),
            6: tlv(0x0D, bytes.fromhex(h.region)),
            7: tlv(0x0E, bcd(h.birth)),
        },
    }


@dataclass
class SocialSecurityCardLogic:
    holder: Holder = field(default_factory=Holder)
    in_ssse: bool = False
    current_ef: int | None = None
    waiting: bytes = b""
    log: list[bytes] = field(default_factory=list)

    def __call__(self, apdu: bytes) -> bytes:
        self.log.append(apdu)
        _cla, ins, p1, p2 = apdu[:4]
        if ins == 0xA4 and p1 == 0x04:
            if apdu[5 : 5 + apdu[4]] != SSSE:
                return b"\x6a\x82"
            self.in_ssse, self.current_ef, self.waiting = True, None, FCI
            return bytes([0x61, len(FCI)])
        if ins == 0xC0:
            if not self.waiting:
                return b"\x69\x85"
            if apdu[4] != len(self.waiting):
                return bytes([0x6C, len(self.waiting)])
            data, self.waiting = self.waiting, b""
            return data + b"\x90\x00"
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(apdu[5:7], "big")
            if not self.in_ssse or fid not in records(self.holder):
                return b"\x6a\x82"
            self.current_ef = fid
            return b"\x90\x00"
        if ins == 0xB2 and p2 == 0x04:
            if self.current_ef is None:
                return b"\x69\x86"
            record = records(self.holder)[self.current_ef].get(p1)
            if record is None:
                return b"\x6a\x83"
            if len(apdu) < 5 or apdu[4] != len(record):
                return bytes([0x6C, len(record)])
            return record + b"\x90\x00"
        return b"\x6d\x00"


def unsupported_card(apdu: bytes) -> bytes:
    """A card with no social security application: every SELECT finds nothing."""
    return b"\x6a\x82" if apdu[1] == 0xA4 else b"\x6d\x00"
