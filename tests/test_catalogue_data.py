"""The catalogue the program ships: big enough to serve a hall, consistent, bilingual."""

from __future__ import annotations

import re

import pytest

from terminal import catalogue
from terminal.catalogue import CatalogueError

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_realistic_hall_catalogue() -> None:
    cat = catalogue.load_default()
    assert len(cat.services) >= 15
    assert len({s.department.code for s in cat.services.values()}) >= 6
    assert len(cat.bundles) >= 3
    names = " ".join(s.name for s in cat.services.values())
    for must in (
        "居住证",
        "出生",
        "社会保障卡",
        "个体工商户",
        "食品经营许可",
        "养老金",
        "公积金",
        "户口",
    ):
        assert must in names
    bundles = " ".join(b.name for b in cat.bundles.values())
    for must in ("新生儿出生一件事", "开办餐饮店一件事", "退休一件事"):
        assert must in bundles


def test_every_text_a_citizen_reads_is_chinese_with_english_beside_it() -> None:
    cat = catalogue.load_default()
    for s in cat.services.values():
        assert HAN.search(s.name) and s.name_en and not HAN.search(s.name_en), s.code
        assert s.legal_basis, s.code
        for r in s.requirements:
            # The one-time notice prints why a material is needed and where to get it.
            assert r.why and r.material.where, (s.code, r.material.code)
            assert r.why_en and not HAN.search(r.why_en), (s.code, r.material.code)


def test_every_bundle_answer_set_gives_a_materials_list() -> None:
    cat = catalogue.load_default()
    for code in cat.bundles:
        intake = cat.intake(code)
        first = {q.id: q.options[0].value for q in intake.questions}
        required = intake.required_materials(first)
        assert required and len({r.material.code for r in required}) == len(required)


def test_a_broken_catalogue_names_the_entry() -> None:
    raw = {
        "format": catalogue.FORMAT,
        "version": "x",
        "departments": {"D": {"name": "部门"}},
        "materials": {"M": {"name": "材料"}},
        "services": [
            {
                "code": "S1",
                "version": 1,
                "name": "事项",
                "department": "D",
                "time_limit_days": 1,
                "questions": [],
                "fields": [],
                "materials": [{"material": "M", "originals": 1, "when": {"q": ["yes"]}}],
            }
        ],
    }
    with pytest.raises(CatalogueError) as caught:
        catalogue.parse(raw, "test.json")
    assert "S1" in caught.value.text() and "q" in caught.value.text()
