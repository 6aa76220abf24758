"""Counts read as English, not as "material(s)": the core's messages carry plural forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from terminal.i18n import tr

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("count", "said"), [(1, "1 material is still missing"), (3, "3 materials are still missing")]
)
def test_a_missing_material_count_reads_as_english(count: int, said: str) -> None:
    assert tr("case.accept_with_missing", "en", count=count, names="户口簿").startswith(said)


def test_two_counts_in_one_message_each_take_their_own_form() -> None:
    assert tr("catalogue.counts", "en", originals=1, copies=2) == "1 original, 2 copies"
    assert tr("catalogue.counts", "en", originals=0, copies=1) == "0 originals, 1 copy"


def test_chinese_writes_the_number_plainly() -> None:
    said = tr("case.accept_with_missing", "zh_CN", count=3, names="户口簿")
    assert "3" in said and "户口簿" in said and "plural" not in said


def test_no_english_message_hedges_its_plural() -> None:
    hedged = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in ROOT.glob("*/locale/en*.json")
        for line in path.read_text("utf-8").splitlines()
        if re.search(r"\w\((s|es|ies)\)", line)
    ]
    assert hedged == []


def test_a_form_may_hold_another_parameter_and_the_count_may_come_as_text() -> None:
    from terminal import i18n

    template = "{count, plural, one {# item: {names}} other {# items: {names}}}"
    assert i18n.parameters(template) == {"count", "names"}
    assert i18n._plurals(template, {"count": 1}).format(count=1, names="A") == "1 item: A"
    assert i18n._plurals(template, {"count": "1"}).format(count="1", names="A") == "1 item: A"
    said = i18n._plurals(template, {"count": 2}).format(count=2, names="{x}#")
    assert said == "2 items: {x}#"  # a value's braces and # are the value's, never parsed
