"""Identity documents and GB 11643-1999 ID number validation.

The card readers deliver one of the document types below; everything after
the reader (case capture, receipts, sync) works on these values only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from terminal.i18n import TongbanError
from terminal.records import Record

# ISO 7064 MOD 11-2 as GB 11643-1999 applies it to the first 17 characters.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Province-level codes (GB/T 2260) that lead a citizen ID number; 81/82/83
# lead the numbers of residence permits for Hong Kong, Macao and Taiwan
# residents (810000, 820000, 830000).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_PERMIT_AREAS = frozenset({"810000", "820000", "830000"})
_EARLIEST_BIRTH = date(1880, 1, 1)


class Sex(Enum):
    MALE = "male"
    FEMALE = "female"


class IdNumberInvalid(TongbanError):
    """An ID number that fails GB 11643-1999; ``msg_id`` names which rule."""


@dataclass(frozen=True, eq=False, repr=False)
class IdNumberFacts(Record):
    number: str
    area_code: str
    birth_date: date
    sex: Sex
    for_permit: bool  # an HK/Macao/Taiwan residence permit number (81/82/83 0000)


def normalise_id_number(raw: str) -> str:
    """Full-width digits from a Chinese input method, spaces and a lower-case x are common."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


def check_character(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def check_id_number(raw: str, today: date | None = None) -> IdNumberFacts:
    """Validate an 18-character ID number; raise ``IdNumberInvalid`` naming the first rule broken."""
    number = normalise_id_number(raw)
    today = today or date.today()
    if not number:
        raise IdNumberInvalid("id.empty")
    if len(number) != 18:
        raise IdNumberInvalid("id.length", length=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberInvalid("id.characters")
    area = number[:6]
    if area[:2] not in _PROVINCES or (area[:2] in {"81", "82", "83"} and area not in _PERMIT_AREAS):
        raise IdNumberInvalid("id.area", area=area)
    birth = _birth_date(number[6:14])
    if birth > today:
        raise IdNumberInvalid("id.birth_future", birth=birth.isoformat())
    if birth < _EARLIEST_BIRTH:
        raise IdNumberInvalid("id.birth_too_old", birth=birth.isoformat())
    if check_character(number[:17]) != number[17]:
        raise IdNumberInvalid("id.check_character")
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumberFacts(number, area, birth, sex, area in _PERMIT_AREAS)


def check_foreigner_2023_number(raw: str, today: date | None = None) -> date:
    """The 2023 foreigner's permanent residence card number: 9 + province + country + birth + seq + check."""
    number = normalise_id_number(raw)
    today = today or date.today()
    if len(number) != 18:
        raise IdNumberInvalid("id.length", length=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberInvalid("id.characters")
    if number[0] != "9" or number[1:3] not in _PROVINCES:
        raise IdNumberInvalid("id.area", area=number[:6])
    birth = _birth_date(number[6:14])
    if birth > today:
        raise IdNumberInvalid("id.birth_future", birth=birth.isoformat())
    if check_character(number[:17]) != number[17]:
        raise IdNumberInvalid("id.check_character")
    return birth


def _birth_date(yyyymmdd: str) -> date:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise IdNumberInvalid("id.birth_invalid", digits=yyyymmdd) from None


_LAST_FOUR = re.compile(r"[0-9]{3}[0-9X]")


def last_four(text: str) -> str | None:
    """The last four characters of an ID number as a citizen types them (spaces, x in either
    case), or None when they cannot be: the proof asked with a receipt at the kiosk."""
    tail = normalise_id_number(text)
    return tail if _LAST_FOUR.fullmatch(tail) else None


def ends_with(id_number: str, tail: str) -> bool:
    """Whether the ID number ends with these four characters."""
    return normalise_id_number(id_number)[-4:] == normalise_id_number(tail)


def mask_name(name: str) -> str:
    """张三 → 张*: enough to greet the right person, not enough for the one behind to read."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_id_number(number: str) -> str:
    """``310104********1234``: enough for a person to recognise, not enough to misuse."""
    n = normalise_id_number(number)
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


class DocumentKind(Enum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证 (type J)
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"  # 外国人永久居留身份证 2017 (type I)
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"  # 外国人永久居留身份证 2023 (type Y)
    SOCIAL_SECURITY = "social_security"  # 社会保障卡


class DocumentWarning(Enum):
    """Facts about a card that was read: shown to the clerk, never a reason to refuse the read."""

    EXPIRED = "expired"
    CHECK_CHARACTER = "check_character"
    NUMBER_INVALID = "number_invalid"


@dataclass(frozen=True, eq=False, repr=False)
class IdentityDocument(Record):
    """What every card gives: a holder, a number, a validity. Subclasses add their own fields."""

    kind: DocumentKind
    name: str
    id_number: str
    sex: Sex | None
    birth_date: date | None
    valid_from: date | None
    valid_to: date | None  # None: 长期 (no end)
    photo: bytes | None = field(default=None, repr=False, compare=False)

    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    def is_expired(self, today: date | None = None) -> bool:
        return self.valid_to is not None and self.valid_to < (today or date.today())

    def warnings(self, today: date | None = None) -> list[DocumentWarning]:
        found = []
        if self.is_expired(today):
            found.append(DocumentWarning.EXPIRED)
        problem = self.number_problem(today)
        if problem is not None:
            found.append(
                DocumentWarning.CHECK_CHARACTER
                if problem.msg_id == "id.check_character"
                else DocumentWarning.NUMBER_INVALID
            )
        return found

    def number_problem(self, today: date | None = None) -> IdNumberInvalid | None:
        try:
            check_id_number(self.id_number, today)
        except IdNumberInvalid as e:
            return e
        return None


@dataclass(frozen=True, eq=False, repr=False)
class ResidentIdCard(IdentityDocument):
    ethnicity_code: str = ""  # GB 3304, e.g. "01" 汉
    address: str = ""
    issuer: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class HmtResidencePermit(IdentityDocument):
    address: str = ""
    issuer: str = ""
    pass_number: str = ""  # 通行证号码
    issue_count: int = 0  # 签发次数


@dataclass(frozen=True, eq=False, repr=False)
class ForeignPermanentResidenceCard(IdentityDocument):
    """Both generations: 2017 (15-character number) and 2023 (18 digits, GB 11643-like)."""

    name_en: str = ""
    nationality: str = ""  # ISO 3166-1 alpha-3
    issuer: str = ""
    previous_number: str = ""  # 2023 cards carry the number of the card they replace

    def number_problem(self, today: date | None = None) -> IdNumberInvalid | None:
        if self.kind is DocumentKind.FOREIGN_PERMANENT_2017:
            n = normalise_id_number(self.id_number)
            if len(n) == 15 and n[:3].isalpha() and n[3:].isdigit():
                return None
            return IdNumberInvalid("id.foreign_2017_shape")
        try:
            check_foreigner_2023_number(self.id_number, today)
        except IdNumberInvalid as e:
            return e
        return None


@dataclass(frozen=True, eq=False, repr=False)
class SocialSecurityCard(IdentityDocument):
    card_number: str = ""  # 卡号
    region_code: str = ""  # 发卡地区行政区划代码
    issued_on: date | None = None
