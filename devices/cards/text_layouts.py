"""The 256-byte text block of the second-generation ID card family: one field table a layout.

Every field is UCS-2 little-endian, padded with spaces. The character at byte
248 names the layout. Offsets and lengths are in bytes, as the standards
print them; a test adds each table up to 256 and checks the type mark's place.
"""

from __future__ import annotations

from dataclasses import dataclass

from terminal.identity import DocumentKind

BLOCK_SIZE = 256
TYPE_MARK_OFFSET = 248


@dataclass(frozen=True)
class Field:
    name: str
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


def _table(*sizes: tuple[str, int]) -> tuple[Field, ...]:
    fields, at = [], 0
    for name, length in sizes:
        fields.append(Field(name, at, length))
        at += length
    assert at == BLOCK_SIZE, at
    return tuple(fields)


# 居民身份证 (GA 467 / GB 19224 machine-readable information).
RESIDENT = _table(
    ("name", 30),
    ("sex", 2),
    ("ethnicity", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),  # bytes 248-249 hold a space: the resident card's type mark
)

# 港澳台居民居住证 (type J): the resident layout, with the ethnicity slot left empty and the
# pass number and issue count taken from the reserved tail.
HMT_PERMIT = _table(
    ("name", 30),
    ("sex", 2),
    ("reserved1", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("pass_number", 18),
    ("issue_count", 4),
    ("reserved2", 6),
    ("type_mark", 2),
    ("reserved3", 6),
)

# 外国人永久居留身份证 2017 (type I).
FOREIGN_2017 = _table(
    ("name_en", 120),
    ("sex", 2),
    ("id_number", 30),
    ("nationality", 6),
    ("name", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("birth_date", 16),
    ("card_version", 4),
    ("authority", 8),  # the code of the accepting authority
    ("type_mark", 2),
    ("reserved", 6),
)

# 外国人永久居留身份证 2023 (type Y): it moved to the resident card's positions (name, sex,
# birth date, number, authority, validity) with the English name in the address slot.
# Reconstructed from vendors' published notes, not from the NIA's text: see docs/cards.md.
FOREIGN_2023 = _table(
    ("name", 30),
    ("sex", 2),
    ("renewal_count", 4),
    ("birth_date", 16),
    ("name_en", 70),
    ("id_number", 36),
    ("authority", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("name_en_more", 22),
    ("nationality", 6),
    ("type_mark", 2),
    ("previous_link", 6),
)

LAYOUTS: dict[str, tuple[DocumentKind, tuple[Field, ...]]] = {
    " ": (DocumentKind.RESIDENT_ID, RESIDENT),
    "J": (DocumentKind.HMT_RESIDENCE_PERMIT, HMT_PERMIT),
    "I": (DocumentKind.FOREIGN_PERMANENT_2017, FOREIGN_2017),
    "Y": (DocumentKind.FOREIGN_PERMANENT_2023, FOREIGN_2023),
}

LONG_TERM = "长期"

# GB 3304-91 codes of China's ethnic groups, as printed on the resident card (without 族).
_ETHNIC_NAMES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺"
).split()
ETHNICITIES: dict[str, str] = {
    **{f"{i:02d}": name for i, name in enumerate(_ETHNIC_NAMES, start=1)},
    "97": "其他",
    "98": "外国血统中国籍人士",
}


def field_map(layout: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in layout}
