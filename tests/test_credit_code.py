"""统一社会信用代码 (GB 32100-2015): a mistyped code is caught, an old one only reported.

The codes below are invented (organisation codes TT00000n), their check characters
worked out by hand from the standard's rule, not by the code under test: a weight of
3^(i-1) mod 31 for position i, and a check value making the weighted sum a multiple of 31.
"""

from __future__ import annotations

import pytest

from terminal import credit_code
from terminal.credit_code import CHARS, CreditCodeInvalid, check, check_character, inspect

INVENTED = [
    "91310104TT00000158",  # 市场监管 / 企业, Xuhui
    "52310000TT00000235",  # 民政 / 社会团体... (5 2), Shanghai
    "Y1310115TT00000316",  # 其他, Pudong
    "11100000TT000004XD",  # 机构编制 / 机关; organisation code check character X
]


def _sum_is_a_multiple_of_31(code: str) -> bool:
    """The standard's rule, stated the other way round: all 18, weighted, sum to 0 mod 31."""
    weights = [3**i % 31 for i in range(17)] + [1]
    return sum(CHARS.index(c) * w for c, w in zip(code, weights, strict=True)) % 31 == 0


@pytest.mark.parametrize("code", INVENTED)
def test_a_valid_code_passes_and_its_parts_are_read(code: str) -> None:
    assert _sum_is_a_multiple_of_31(code)
    assert check(code) == code
    facts = inspect(code)
    assert facts.check_ok and facts.org_code_ok
    assert (facts.authority, facts.area_code, facts.org_code) == (code[0], code[2:8], code[8:17])


def test_what_an_input_method_and_a_hurried_clerk_type_is_normalised() -> None:
    # Full-width characters, lower case, spaces and hyphens as printed on some licences.
    assert check("９１３１０１０４ｔｔ０００００１５８") == INVENTED[0]
    assert check(" 91310104-TT000001-58 ") == INVENTED[0]
    assert check("y1310115tt00000316") == INVENTED[2]


@pytest.mark.parametrize("position", range(18))
def test_every_single_mistyped_character_is_caught(position: int) -> None:
    """One character changed anywhere, to any other allowed one: the check catches it
    (MOD 31-3 catches every single substitution)."""
    code = INVENTED[0]
    for other in CHARS:
        if other == code[position] or (2 <= position < 8 and not other.isdigit()):
            continue
        typo = code[:position] + other + code[position + 1 :]
        assert not inspect(typo).check_ok, typo


def test_two_neighbours_swapped_are_caught() -> None:
    code = INVENTED[1]
    for i in range(17):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code and swapped[2:8].isdigit():
            assert not inspect(swapped).check_ok, swapped


def test_a_check_mismatch_is_reported_not_refused() -> None:
    """Codes from the early years exist that fail the check: the counter warns and a
    supervisor may accept (issue 14), so ``inspect`` says so and ``check`` refuses."""
    old = INVENTED[0][:17] + ("0" if INVENTED[0][17] != "0" else "1")
    facts = inspect(old)
    assert facts.code == old and not facts.check_ok and facts.org_code_ok
    with pytest.raises(CreditCodeInvalid) as refused:
        check(old)
    assert refused.value.msg_id == "uscc.check_character"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "uscc.empty"),
        ("91310104TT0000015", "uscc.length"),
        ("91310104TT000001588", "uscc.length"),
        ("91310104TT0000015I", "uscc.characters"),  # I reads like 1: never used
        ("91310104TO00000158", "uscc.characters"),  # nor O (0)
        ("913101A4TT00000158", "uscc.area"),  # the division code is six digits
    ],
)
def test_a_code_of_the_wrong_shape_is_refused_with_a_reason(raw: str, why: str) -> None:
    with pytest.raises(CreditCodeInvalid) as refused:
        inspect(raw)
    assert refused.value.msg_id == why
    # The reason is a sentence a clerk can act on, in both languages.
    for language in ("zh_CN", "en"):
        said = refused.value.text(language)
        assert said != why and "{" not in said


def test_the_organisation_code_check_points_at_a_typo_in_the_middle() -> None:
    # The 17th character is the organisation code's own check: change the body, keep both
    # check characters, and both checks fail.
    typo = INVENTED[0][:10] + "1" + INVENTED[0][11:]
    facts = inspect(typo)
    assert not facts.check_ok and not facts.org_code_ok
    assert credit_code.org_check_character("TT00000") is None  # 7 characters: not a body


def test_check_character_refuses_what_is_not_17_allowed_characters() -> None:
    assert check_character(INVENTED[3][:17]) == "D"
    with pytest.raises(CreditCodeInvalid):
        check_character("9131010")


def test_a_form_s_credit_code_field_checks_by_the_same_rule() -> None:
    from datetime import date

    from terminal.catalogue import FieldSpec
    from terminal.forms import validate_form

    spec = FieldSpec("uscc", "统一社会信用代码", "Unified social credit code", "uscc", True, {})
    old = INVENTED[0][:17] + "0"

    def errors(value: str) -> list[str]:
        found = validate_form(
            (spec,), {"uscc": value}, require_complete=True, today=date(2026, 12, 5)
        )
        return [e.msg_id for e in found.errors.values()]

    assert errors(" 91310104-tt000001-58 ") == []
    assert errors(old) == ["field.uscc_check"]
    assert errors("913101A4TT00000158") == ["field.not_uscc"]
