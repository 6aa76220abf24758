"""告知承诺 and 容缺 by the catalogue's rule (issue 16): a promise only where the catalogue
allows one and with its text, never for the ID card or what must be presented in person;
a case's promise must be signed; 容缺 within its deadline rule."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from terminal import catalogue
from terminal.attachments.model import Attachment
from terminal.cases import CaseInvalid, Decision, Handed, MaterialsGiven, MaterialStatus, decide
from terminal.catalogue import CatalogueError
from terminal.clock import CHINA
from terminal.pledges import Pledge, document_text, verify_by
from terminal.workdays import default_calendar

from .test_cases import capture

RECEIVED = datetime(2026, 12, 7, 10, 0, tzinfo=CHINA)  # a Monday
ENVELOPE = "e" * 64


def shipped() -> dict[str, Any]:
    return json.loads((catalogue.DATA_DIR / "catalogue.json").read_text("utf-8"))


def test_the_shipped_catalogue_allows_promises_for_certificates_never_for_the_id_card() -> None:
    cat = catalogue.load_default()
    proof = cat.materials["CL-QSGX"]  # 亲属关系证明: a 证明事项 the city takes a promise for
    assert proof.promise is not None and "承诺" in proof.promise.text
    assert proof.promise.text_en != proof.promise.text and proof.promise.verify_working_days == 30
    assert proof.defer_working_days == 10
    for code in ("CL-SFZ", "CL-WTSFZ", "CL-SBK", "CL-JHSM"):
        m = cat.materials[code]
        assert m.promise is None and not m.may_defer, code
    assert cat.version == "2026.12.2"
    # The services whose materials' terms changed say so by their own version.
    assert cat.services["310104-GA-JZZ-0001"].version == 2


@pytest.mark.parametrize(
    ("code", "change", "words"),
    [
        ("CL-SFZ", {"promise": {"text": "本人承诺", "verify_working_days": 5}}, "identity card"),
        ("CL-JHSM", {"promise": {"text": "本人承诺", "verify_working_days": 5}}, "in person"),
        ("CL-SFZ", {"defer_working_days": 5}, "handed in later"),
    ],
)
def test_the_parser_refuses_a_promise_on_the_id_card_or_an_in_person_material(
    code: str, change: dict[str, Any], words: str
) -> None:
    raw = shipped()
    raw["materials"][code].update(change)
    with pytest.raises(CatalogueError) as caught:
        catalogue.parse(raw, "catalogue.json")
    text = caught.value.text("en")
    assert code in text and words in text and "never" in text
    assert "Traceback" not in text
    assert caught.value.text("zh_CN").startswith("事项目录")


def test_a_promise_needs_its_text_and_a_verification_rule() -> None:
    raw = shipped()
    raw["materials"]["CL-ZP"]["promise"] = {"text": " ", "verify_working_days": 5}
    with pytest.raises(CatalogueError, match="text"):
        catalogue.parse(raw, "c.json")
    raw = shipped()
    raw["materials"]["CL-ZP"]["promise"] = {"text": "本人承诺", "verify_working_days": 0}
    with pytest.raises(CatalogueError, match="verify_working_days"):
        catalogue.parse(raw, "c.json")


def _residence(given: MaterialsGiven, attachments: tuple[Attachment, ...] = ()) -> Any:
    cap = capture(
        "310104-GA-JZZ-0001",
        answers={"jzz_apply_type": "first", "jzz_basis": "employment", "residence_type": "rented"},
        form={
            "residence_address": "上海市徐汇区测试路1号",
            "residence_start_date": "2026-01-05",
            "applicant_phone": "13800000000",
        },
        given=given,
    )
    return replace(cap, attachments=attachments)


def _signed(code: str) -> tuple[Pledge, Attachment]:
    a = Attachment(code, ENVELOPE, 1, 900, "clerk1", RECEIVED.isoformat())
    return Pledge(ENVELOPE, "f" * 64, date(2027, 1, 6)), a


def test_a_signed_promise_covers_its_material_and_an_unsigned_one_does_not() -> None:
    cat = catalogue.load_default()
    pledge, attachment = _signed("CL-ZLHT")
    handed = {"CL-SFZ": Handed(1, 1), "CL-LDHT": Handed(1, 1)}
    given = MaterialsGiven(handed=handed, pledges={"CL-ZLHT": pledge})
    cal = default_calendar()
    decided = decide(
        cat, _residence(given, (attachment,)), Decision.ACCEPTED, received_at=RECEIVED, calendar=cal
    )
    status = {x.requirement.material.code: x.status for x in decided.lines}
    assert status["CL-ZLHT"] is MaterialStatus.PLEDGED and not decided.missing
    assert MaterialsGiven.from_json(given.to_json()) == given
    with pytest.raises(CaseInvalid) as unsigned:
        decide(cat, _residence(given), Decision.ACCEPTED, received_at=RECEIVED, calendar=cal)
    assert "签名" in unsigned.value.text("zh_CN")


def test_no_promise_or_deferral_for_what_the_catalogue_does_not_allow() -> None:
    cat = catalogue.load_default()
    pledge, attachment = _signed("CL-SFZ")
    handed = {"CL-ZLHT": Handed(1, 1), "CL-LDHT": Handed(1, 1)}
    cal = default_calendar()
    for given in (
        MaterialsGiven(handed=handed, pledges={"CL-SFZ": pledge}),
        MaterialsGiven(handed=handed, promises={"CL-SFZ": date(2026, 12, 10)}),
    ):
        with pytest.raises(CaseInvalid) as caught:
            decide(
                cat,
                _residence(given, (attachment,)),
                Decision.ACCEPTED,
                received_at=RECEIVED,
                calendar=cal,
            )
        assert "居民身份证" in caught.value.text("zh_CN")


def test_deferral_within_the_catalogues_working_days() -> None:
    cat = catalogue.load_default()
    cal = default_calendar()
    latest = cal.add_working_days(RECEIVED.date(), 10)
    handed = {"CL-SFZ": Handed(1, 1), "CL-LDHT": Handed(1, 1)}
    ok = MaterialsGiven(handed=handed, promises={"CL-ZLHT": latest})
    decide(cat, _residence(ok), Decision.ACCEPTED, received_at=RECEIVED, calendar=cal)
    late = MaterialsGiven(handed=handed, promises={"CL-ZLHT": cal.add_working_days(latest, 1)})
    with pytest.raises(CaseInvalid) as caught:
        decide(cat, _residence(late), Decision.ACCEPTED, received_at=RECEIVED, calendar=cal)
    assert latest.isoformat() in caught.value.text("zh_CN")


def test_the_promise_document_carries_the_catalogue_text_and_the_check_day() -> None:
    cat = catalogue.load_default()
    m = cat.materials["CL-ZLHT"]
    day = verify_by(m, RECEIVED.date(), default_calendar())
    assert day == default_calendar().add_working_days(RECEIVED.date(), 20)
    text = document_text(
        material=m,
        service="居住证办理",
        name="张示例",
        id_number="11010519491231002X",
        case_id="case-1",
        check_day=day,
    )
    assert text.startswith("告知承诺书") and m.promise is not None and m.promise.text in text
    assert "110105********002X" in text and "11010519491231002X" not in text
    assert f"{day.year}年{day.month}月{day.day}日前" in text
