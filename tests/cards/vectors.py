"""Byte-level test vectors, built from the standards' field tables as printed, not from our layouts.

Each table lists (byte offset, byte length, value); a block is 256 bytes of
UCS-2 spaces with each value written at its offset. If our decoder's layout
and these tables disagree by one byte, the vectors catch it.
"""

from __future__ import annotations

SPACE = " ".encode("utf-16-le")


def block(fields: list[tuple[int, int, str]], type_mark: str = " ") -> bytes:
    data = bytearray(SPACE * 128)
    for offset, length, value in fields:
        raw = value.encode("utf-16-le")
        assert len(raw) <= length, (offset, value)
        data[offset : offset + len(raw)] = raw
    data[248:250] = type_mark.encode("utf-16-le")
    return bytes(data)


# 居民身份证: name 0/30, sex 30/2, ethnicity 32/4, birth 36/16, address 52/70,
# number 122/36, authority 158/30, valid from 188/16, valid to 204/16, reserved 220/36.
RESIDENT_FIELDS = [
    (0, 30, "陈示例"),
    (30, 2, "1"),
    (32, 4, "01"),
    (36, 16, "19850312"),
    (52, 70, "上海市徐汇区示例路88弄8号101室"),
    (122, 36, "31010419850312003X"),
    (158, 30, "上海市公安局徐汇分局"),
    (188, 16, "20160501"),
    (204, 16, "20360501"),
]
RESIDENT = block(RESIDENT_FIELDS)

RESIDENT_LONG_TERM = block(
    [
        (0, 30, "林样本"),
        (30, 2, "2"),
        (32, 4, "03"),
        (36, 16, "19491231"),
        (52, 70, "北京市朝阳区样本街1号院2号楼3单元401"),
        (122, 36, "11010519491231002X"),
        (158, 30, "北京市公安局朝阳分局"),
        (188, 16, "20100115"),
        (204, 16, "长期"),
    ]
)

# 港澳台居民居住证 (J): as the resident card, ethnicity slot empty; pass number 220/18,
# issue count 238/4, reserved 242/6, type mark 248/2 "J", reserved 250/6.
HMT = block(
    [
        (0, 30, "何示范"),
        (30, 2, "2"),
        (36, 16, "19920215"),
        (52, 70, "上海市静安区示范路66号"),
        (122, 36, "810000199202150026"),
        (158, 30, "上海市公安局静安分局"),
        (188, 16, "20240601"),
        (204, 16, "20290601"),
        (220, 18, "H12345678"),
        (238, 4, "01"),
    ],
    type_mark="J",
)

# 外国人永久居留身份证 2017 (I): English name 0/120, sex 120/2, number 122/30,
# nationality 152/6, Chinese name 158/30, valid from 188/16, valid to 204/16,
# birth 220/16, version 236/4, authority code 240/8, type mark 248/2 "I", reserved 250/6.
FOREIGN_2017 = block(
    [
        (0, 120, "SMITH, JOHN EXAMPLE"),
        (120, 2, "1"),
        (122, 30, "USA310080071500"),
        (152, 6, "USA"),
        (158, 30, "史密斯"),
        (188, 16, "20180901"),
        (204, 16, "20280901"),
        (220, 16, "19800715"),
        (236, 4, "02"),
        (240, 8, "1500"),
    ],
    type_mark="I",
)

# 外国人永久居留身份证 2023 (Y), as reconstructed (docs/cards.md): Chinese name 0/30,
# sex 30/2, renewal count 32/4, birth 36/16, English name 52/70, number 122/36,
# authority 158/30, valid from 188/16, valid to 204/16, English name continued 220/22,
# nationality 242/6, type mark 248/2 "Y", previous-card link 250/6.
FOREIGN_2023 = block(
    [
        (0, 30, "穆勒"),
        (30, 2, "2"),
        (32, 4, "00"),
        (36, 16, "19780422"),
        (52, 70, "MULLER-LANGENSCHEIDT, ANNA KATHARIN"),
        (122, 36, "931276197804220025"),
        (158, 30, "国家移民管理局"),
        (188, 16, "20240110"),
        (204, 16, "20340110"),
        (220, 22, "A SAMPLE"),
        (242, 6, "DEU"),
    ],
    type_mark="Y",
)
