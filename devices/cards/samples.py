"""Invented citizens for the demo reader and the UI tests: no real person behind any of them.

Their numbers are built with ``check_character`` so they pass GB 11643-1999;
two are made wrong on purpose (an expired card, a bad check character) so the
clerk's warnings can be shown without real cards.
"""

from __future__ import annotations

from datetime import date

from terminal.identity import (
    DocumentKind,
    ForeignPermanentResidenceCard,
    HmtResidencePermit,
    IdentityDocument,
    ResidentIdCard,
    Sex,
    SocialSecurityCard,
    check_character,
)


def _number(first17: str) -> str:
    return first17 + check_character(first17)


def _wrong_check(first17: str) -> str:
    right = check_character(first17)
    return first17 + ("0" if right != "0" else "1")


CHEN = ResidentIdCard(
    kind=DocumentKind.RESIDENT_ID,
    name="陈示例",
    id_number=_number("31010419850312003"),
    sex=Sex.MALE,
    birth_date=date(1985, 3, 12),
    valid_from=date(2016, 5, 1),
    valid_to=date(2036, 5, 1),
    ethnicity_code="01",
    address="上海市徐汇区示例路88弄8号101室",
    issuer="上海市公安局徐汇分局",
)

LIN = ResidentIdCard(
    kind=DocumentKind.RESIDENT_ID,
    name="林样本",
    id_number="11010519491231002X",  # GB 11643-1999's own example
    sex=Sex.FEMALE,
    birth_date=date(1949, 12, 31),
    valid_from=date(2010, 1, 15),
    valid_to=None,  # 长期
    ethnicity_code="03",
    address="北京市朝阳区样本街1号院2号楼3单元401",
    issuer="北京市公安局朝阳分局",
)

HUANG_EXPIRED = ResidentIdCard(
    kind=DocumentKind.RESIDENT_ID,
    name="黄过期",
    id_number=_number("31011519900704001"),
    sex=Sex.MALE,
    birth_date=date(1990, 7, 4),
    valid_from=date(2005, 8, 1),
    valid_to=date(2015, 8, 1),
    ethnicity_code="01",
    address="上海市浦东新区测试路9号",
    issuer="上海市公安局浦东分局",
)

ZHOU_BAD_CHECK = ResidentIdCard(
    kind=DocumentKind.RESIDENT_ID,
    name="周校验",
    id_number=_wrong_check("31010619751120002"),
    sex=Sex.FEMALE,
    birth_date=date(1975, 11, 20),
    valid_from=date(2019, 3, 1),
    valid_to=date(2039, 3, 1),
    ethnicity_code="08",
    address="上海市长宁区校验路20号",
    issuer="上海市公安局长宁分局",
)

HE_HMT = HmtResidencePermit(
    kind=DocumentKind.HMT_RESIDENCE_PERMIT,
    name="何示范",
    id_number=_number("81000019920215002"),
    sex=Sex.FEMALE,
    birth_date=date(1992, 2, 15),
    valid_from=date(2024, 6, 1),
    valid_to=date(2029, 6, 1),
    address="上海市静安区示范路66号",
    issuer="上海市公安局静安分局",
    pass_number="H12345678",
    issue_count=1,
)

SMITH_2017 = ForeignPermanentResidenceCard(
    kind=DocumentKind.FOREIGN_PERMANENT_2017,
    name="史密斯",
    id_number="USA310080071500",
    sex=Sex.MALE,
    birth_date=date(1980, 7, 15),
    valid_from=date(2018, 9, 1),
    valid_to=date(2028, 9, 1),
    name_en="SMITH, JOHN EXAMPLE",
    nationality="USA",
    issuer="1500",
)

MULLER_2023 = ForeignPermanentResidenceCard(
    kind=DocumentKind.FOREIGN_PERMANENT_2023,
    name="穆勒",
    id_number=_number("93127619780422002"),
    sex=Sex.FEMALE,
    birth_date=date(1978, 4, 22),
    valid_from=date(2024, 1, 10),
    valid_to=date(2034, 1, 10),
    name_en="MULLER-LANGENSCHEIDT, ANNA KATHARINA SAMPLE",
    nationality="DEU",
    issuer="国家移民管理局",
)

CHEN_SOCIAL_SECURITY = SocialSecurityCard(
    kind=DocumentKind.SOCIAL_SECURITY,
    name="陈示例",
    id_number=CHEN.id_number,
    sex=Sex.MALE,
    birth_date=date(1985, 3, 12),
    valid_from=date(2020, 10, 9),
    valid_to=date(2030, 10, 9),
    card_number="A01234567",
    region_code="310100",
    issued_on=date(2020, 10, 9),
)

SAMPLE_CITIZENS: dict[str, IdentityDocument] = {
    "chen": CHEN,
    "lin": LIN,
    "huang-expired": HUANG_EXPIRED,
    "zhou-bad-check": ZHOU_BAD_CHECK,
    "he-hmt": HE_HMT,
    "smith-2017": SMITH_2017,
    "muller-2023": MULLER_2023,
    "chen-social-security": CHEN_SOCIAL_SECURITY,
}
