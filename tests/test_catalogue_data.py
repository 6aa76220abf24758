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


def test_every_service_offers_its_own_reasons_to_refuse_each_with_a_cited_rule() -> None:
    """不予受理 presets: the service's own first, then the common ones (not in its power,
    no capacity); each reason names the rule it rests on, in Chinese with English beside."""
    cat = catalogue.load_default()
    common = cat.services["310104-GA-JZZ-0001"].rejections[-2:]
    for service in cat.services.values():
        own = service.rejections[: -len(common)]
        assert own, f"{service.code} has no reason of its own to refuse"
        assert service.rejections[-len(common) :] == common
        for r in service.rejections:
            assert HAN.search(r.reason) and re.search(r"《.+》第.+条", r.basis), r
            assert r.reason_en != r.reason and r.basis_en != r.basis, r
    bundle = cat.intake("310104-YJS-0001")
    assert len(set(bundle.rejections)) == len(bundle.rejections)  # the common ones once
    assert all(r in bundle.rejections for s in bundle.services for r in s.rejections)


def test_a_preset_refusal_without_its_legal_basis_is_refused() -> None:
    raw = {
        "format": catalogue.FORMAT,
        "departments": {"D": {"name": "部门"}},
        "materials": {},
        "services": [
            {
                "code": "S1",
                "version": 1,
                "name": "事项",
                "department": "D",
                "time_limit_days": 1,
                "rejections": [{"reason": "不符合条件"}],
            }
        ],
    }
    with pytest.raises(CatalogueError) as caught:
        catalogue.parse(raw, "test.json")
    assert "S1" in caught.value.text() and "rejections[0]" in caught.value.text()


def test_every_department_names_where_a_refusal_is_contested() -> None:
    """A rejection notice names the 复议机关 and the court: every department has both, the
    region's unless its own (a municipal or vertically managed department)."""
    cat = catalogue.load_default()
    for dept in cat.departments.values():
        assert dept.review_body and dept.court, dept.code
    assert cat.departments["SJ"].review_body == "上海市徐汇区人民政府"
    assert cat.departments["GJJ"].review_body == "上海市人民政府"
    assert cat.departments["SW"].review_body == "国家税务总局上海市税务局"
