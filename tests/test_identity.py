from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.identity import (
    DocumentKind,
    DocumentWarning,
    ForeignPermanentResidenceCard,
    IdNumberInvalid,
    ResidentIdCard,
    Sex,
    check_character,
    check_foreigner_2023_number,
    check_id_number,
    mask_id_number,
)

TODAY = date(2026, 11, 26)


def make_number(area: str, birth: date, seq: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def test_the_standards_own_example_is_valid() -> None:
    facts = check_id_number("11010519491231002X", TODAY)
    assert facts.birth_date == date(1949, 12, 31)
    assert facts.sex is Sex.FEMALE
    assert facts.area_code == "110105"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "id.empty"),
        ("11010519491231002", "id.length"),
        ("1101051949123100211", "id.length"),
        ("1101051949123100AX", "id.characters"),
        ("990105194912310021", "id.area"),
        ("810105194912310021", "id.area"),
        ("110105194902300021", "id.birth_invalid"),
        ("110105203001010021", "id.birth_future"),
        ("110105187001010021", "id.birth_too_old"),
        ("110105194912310021", "id.check_character"),
    ],
)
def test_each_failure_has_its_own_reason(number: str, reason: str) -> None:
    with pytest.raises(IdNumberInvalid) as caught:
        check_id_number(number, TODAY)
    assert caught.value.msg_id == reason
    assert caught.value.text("zh_CN") != caught.value.text("en")


def test_the_message_tells_the_clerk_what_to_do() -> None:
    with pytest.raises(IdNumberInvalid) as caught:
        check_id_number("11010519491231002", TODAY)
    assert "18" in caught.value.text("zh_CN") and "17" in caught.value.text("zh_CN")


def test_what_a_chinese_keyboard_types_is_accepted() -> None:
    # Full-width digits from an input method, spaces, a lower-case x.
    assert check_id_number("１１０１０５ 1949 1231 002x", TODAY).number == "11010519491231002X"


def test_residence_permit_numbers_validate() -> None:
    number = make_number("810000", date(1990, 5, 6), 123)
    assert check_id_number(number, TODAY).for_permit


def test_born_today_is_valid_and_tomorrow_is_not() -> None:
    assert check_id_number(make_number("310104", TODAY, 11), TODAY)
    with pytest.raises(IdNumberInvalid):
        check_id_number(make_number("310104", TODAY + timedelta(days=1), 11), TODAY)


birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
areas = st.sampled_from(["110105", "310104", "440305", "510107", "650102", "820000"])


@given(areas, birth_dates, st.integers(0, 999))
def test_every_well_formed_number_validates_with_its_facts(
    area: str, birth: date, seq: int
) -> None:
    facts = check_id_number(make_number(area, birth, seq), TODAY)
    assert facts.birth_date == birth
    assert facts.sex is (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(areas, birth_dates, st.integers(0, 999), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(
    area: str, birth: date, seq: int, pos: int, delta: int
) -> None:
    number = make_number(area, birth, seq)
    typo = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    with pytest.raises(IdNumberInvalid):
        check_id_number(typo, TODAY)


@given(areas, birth_dates, st.integers(0, 999), st.integers(0, 15))
def test_swapping_two_different_neighbours_is_caught(
    area: str, birth: date, seq: int, pos: int
) -> None:
    number = make_number(area, birth, seq)
    if number[pos] == number[pos + 1] or number[pos + 1] == "X":
        return
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    with pytest.raises(IdNumberInvalid):
        check_id_number(swapped, TODAY)


def test_masking_keeps_area_and_last_four() -> None:
    assert mask_id_number("310104199003071234") == "310104********1234"
    assert mask_id_number("12") == "**"


def test_foreigner_2023_number() -> None:
    first17 = "931840" + "19850412" + "001"
    number = first17 + check_character(first17)
    assert check_foreigner_2023_number(number, TODAY) == date(1985, 4, 12)
    with pytest.raises(IdNumberInvalid):
        check_foreigner_2023_number("1" + number[1:], TODAY)


def _card(number: str, valid_to: date | None) -> ResidentIdCard:
    return ResidentIdCard(
        DocumentKind.RESIDENT_ID,
        "测试甲",
        number,
        Sex.FEMALE,
        date(1949, 12, 31),
        date(2020, 1, 1),
        valid_to,
    )


def test_expired_card_is_read_but_flagged() -> None:
    card = _card("11010519491231002X", date(2026, 1, 1))
    assert card.warnings(TODAY) == [DocumentWarning.EXPIRED]
    assert _card("11010519491231002X", None).warnings(TODAY) == []  # 长期


def test_wrong_check_character_on_a_card_is_flagged_not_refused() -> None:
    card = _card("110105194912310021", date(2040, 1, 1))
    assert card.warnings(TODAY) == [DocumentWarning.CHECK_CHARACTER]
    assert card.masked_id() == "110105********0021"


def test_foreign_2017_card_number_shape() -> None:
    ok = ForeignPermanentResidenceCard(
        DocumentKind.FOREIGN_PERMANENT_2017,
        "测试乙",
        "USA310085010101",
        Sex.MALE,
        None,
        None,
        date(2030, 1, 1),
    )
    bad = ForeignPermanentResidenceCard(
        DocumentKind.FOREIGN_PERMANENT_2017,
        "测试乙",
        "US3100850101011",
        Sex.MALE,
        None,
        None,
        date(2030, 1, 1),
    )
    assert ok.warnings(TODAY) == []
    assert bad.warnings(TODAY) == [DocumentWarning.NUMBER_INVALID]


def test_the_last_four_a_citizen_types_are_read_as_typed_and_checked_against_the_number() -> None:
    from terminal.identity import ends_with, last_four

    assert last_four(" 002x ") == "002X"  # spaces and a small x, as typed at a kiosk
    assert last_four("ABCD") is None and last_four("12345") is None and last_four("0X12") is None
    assert ends_with("11010519491231002X", "002x")
    assert not ends_with("11010519491231002X", "0021")
