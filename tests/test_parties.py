"""Who applies (issue 14): the card read ticks its holder's ID material, the catalogue says
which kinds a service takes, an agent's case needs the 授权委托书 and names the agent, a
company's code that fails its check character needs a supervisor's approval."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from devices.cards.samples import SAMPLE_CITIZENS
from terminal import casebook, journal
from terminal.approval import ApprovalRefused
from terminal.cases import Applicant, Capture, CaseInvalid, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue, CatalogueError, load_default, parse
from terminal.credit_code import CHARS, check_character
from terminal.decision_approvals import override_change
from terminal.identity import DocumentKind
from terminal.parties import AGENT, COMPANY, Company, Parties, card_materials
from terminal.store import Store
from terminal.workdays import default_calendar
from tests.approvals import approved

CHEN = next(c for c in SAMPLE_CITIZENS.values() if c.name == "陈示例")
LIN = next(c for c in SAMPLE_CITIZENS.values() if c.name == "林样本")
JZZ = "310104-GA-JZZ-0001"  # no 代办 question, no 委托书 of its own
BIRTH = "310104-WJ-SY-0001"  # 生育登记: asks 是否委托他人代办
MARRIAGE = "310104-MZ-HY-0001"  # in person only
HYGIENE = "310104-WJ-WS-0003"  # companies only
GOOD_CODE = "91310104MA1FL0000" + check_character("91310104MA1FL0000")
BAD_CODE = GOOD_CODE[:17] + next(c for c in CHARS if c != GOOD_CODE[17])


def person(card: Any) -> Applicant:
    return Applicant(card.kind, card.name, card.id_number)


def jzz(parties: Parties, given: dict[str, int]) -> Capture:
    return Capture(
        str(uuid.uuid4()),
        JZZ,
        person(CHEN),
        {"jzz_apply_type": "first", "jzz_basis": "employment", "residence_type": "rented"},
        {
            "residence_address": "上海市徐汇区示例路88号",
            "residence_start_date": "2026-05-01",
            "applicant_phone": "13800000088",
        },
        MaterialsGiven(handed={c: Handed(n, 0) for c, n in given.items()}),
        parties=parties,
    )


ALL_JZZ = {"CL-SFZ": 1, "CL-ZLHT": 1, "CL-LDHT": 1}
AT = datetime.fromisoformat("2026-11-26T09:30:00+08:00")


def decided(catalogue: Catalogue, capture: Capture, decision: Decision = Decision.ACCEPTED) -> Any:
    return decide(catalogue, capture, decision, received_at=AT, calendar=default_calendar())


def test_a_card_ticks_its_holders_id_material_not_the_other_persons() -> None:
    intake = load_default().intake(BIRTH)
    answers = {"child_order": "first", "couple_hukou": "local", "is_proxy": "yes"}
    card = DocumentKind.RESIDENT_ID
    assert card_materials(intake, answers, card, "applicant") == ["CL-SFZ"]
    assert card_materials(intake, answers, card, "agent") == ["CL-WTSFZ"]
    # A social security card is not a 居民身份证; nor is a card the service does not ask for.
    assert card_materials(intake, answers, DocumentKind.SOCIAL_SECURITY, "applicant") == []
    assert card_materials(intake, {**answers, "is_proxy": "no"}, card, "agent") == []


def test_the_catalogue_says_who_may_apply_and_refuses_what_cannot_be() -> None:
    catalogue = load_default()
    assert catalogue.intake(JZZ).applicants == ("self", "agent")  # the default
    assert catalogue.intake(MARRIAGE).applicants == ("self",)
    assert catalogue.intake(HYGIENE).applicants == ("company",)
    assert catalogue.intake("310104-YJS-0004").applicants == ("self",)  # 婚育户: marriage in it
    raw = json.loads(catalogue_path := _catalogue_text())
    raw["services"][0]["applicants"] = ["robot"]
    with pytest.raises(CatalogueError, match="applicants"):
        parse(raw, "t")
    raw = json.loads(catalogue_path)
    for s in raw["services"]:
        if s["code"] == HYGIENE:
            s["applicants"] = ["company"]
    raw["bundles"][0]["services"].append(HYGIENE)  # a person's bundle with a company's service
    with pytest.raises(CatalogueError, match="no applicant kind in common"):
        parse(raw, "t")
    raw = json.loads(catalogue_path)
    raw["agent_letter"] = "CL-NONE"
    with pytest.raises(CatalogueError, match="agent_letter"):
        parse(raw, "t")


def _catalogue_text() -> str:
    from terminal.catalogue import DATA_DIR

    return (DATA_DIR / "catalogue.json").read_text("utf-8")


def test_an_agent_case_needs_the_letter_and_the_agent_and_is_refused_where_in_person_only() -> None:
    catalogue = load_default()
    agent = Parties(AGENT, person(LIN), "relative")
    with pytest.raises(CaseInvalid) as refused:
        decided(catalogue, jzz(agent, ALL_JZZ))
    assert "授权委托书" in refused.value.text("zh_CN")
    case = decided(catalogue, jzz(agent, {**ALL_JZZ, "CL-WTS": 1}))
    assert [line.requirement.material.code for line in case.lines][-1] == "CL-WTS"
    # A notice for the same case lists the letter among what is missing.
    notice = decided(catalogue, jzz(agent, {"CL-SFZ": 1}), Decision.NEEDS_CORRECTION)
    assert "授权委托书" in [m.requirement.material.name for m in notice.missing]
    for wrong, words in (
        (Parties(AGENT, None, "relative"), "代办人的证件"),
        (Parties(AGENT, person(CHEN), "relative"), "同一人"),
        (Parties(AGENT, person(LIN), ""), "关系"),
    ):
        with pytest.raises(CaseInvalid) as refused:
            decided(catalogue, jzz(wrong, {**ALL_JZZ, "CL-WTS": 1}))
        assert words in refused.value.text("zh_CN")
    marriage = replace(jzz(agent, {}), intake_code=MARRIAGE)
    with pytest.raises(CaseInvalid) as refused:
        decided(catalogue, marriage, Decision.REJECTED)
    assert "须本人到场办理" in refused.value.text("zh_CN")


def test_a_company_code_failing_its_check_needs_a_supervisors_approval(store: Store) -> None:
    catalogue = load_default()
    answers = {"venue_type": "hotel", "central_ac": "no", "is_proxy": "no"}
    form = {
        "shop_name": "示例酒店",
        "business_address": "上海市徐汇区示例路1号",
        "uscc": GOOD_CODE,
        "business_area_m2": 800,
        "staff_count": 20,
        "applicant_phone": "13800000088",
    }

    def company_case(code: str, override: dict[str, str]) -> Capture:
        company = Company("上海示例酒店管理有限公司", code, "赵示例", override)
        return Capture(
            str(uuid.uuid4()),
            HYGIENE,
            person(CHEN),
            answers,
            {**form, "uscc": code},  # the form's own credit-code field: the same code
            MaterialsGiven(),
            parties=Parties(COMPANY, company=company),
        )

    assert decided(catalogue, company_case(GOOD_CODE, {}), Decision.NEEDS_CORRECTION)
    with pytest.raises(CaseInvalid) as refused:
        decided(catalogue, company_case(BAD_CODE, {}), Decision.NEEDS_CORRECTION)
    assert "主管" in refused.value.text("zh_CN")
    approval = {"approved_by": "li.zhuguan", "approved_role": "supervisor", "approval_entry": "ab"}
    other = BAD_CODE[:16] + ("1" if BAD_CODE[16] != "1" else "2") + BAD_CODE[17]
    with pytest.raises(CaseInvalid) as refused:  # an approval for another code: not this one
        decided(
            catalogue,
            company_case(BAD_CODE, {**approval, "credit_code": other}),
            Decision.NEEDS_CORRECTION,
        )
    assert "主管" in refused.value.text("zh_CN")
    case = decided(catalogue, company_case(BAD_CODE, approval), Decision.NEEDS_CORRECTION)
    assert case.form["uscc"] == BAD_CODE  # the approval stands for the form's field too
    # Recorded, the approval must be the journal's: one typed into a draft is refused, and a
    # real one is spent with the case.
    with pytest.raises(ApprovalRefused), store.write():
        casebook.record_decision(store.conn, case, terminal_id="XH-W01", clerk="li", at=AT)
    real = approved(
        store,
        "uscc.override",
        case.capture.case_id,
        "XH-W01",
        AT,
        change=override_change(BAD_CODE),
    )
    override = {**real.as_details(), "credit_code": BAD_CODE}
    case = decided(
        catalogue,
        replace(
            case.capture,
            parties=Parties(
                COMPANY, company=Company("上海示例酒店管理有限公司", BAD_CODE, "赵示例", override)
            ),
        ),
        Decision.NEEDS_CORRECTION,
    )
    with store.write():
        casebook.record_decision(store.conn, case, terminal_id="XH-W01", clerk="li", at=AT)
    assert journal.recent(store.conn, 2)[1].action == "approval.used"
    # A person's case on a companies-only service is refused.
    with pytest.raises(CaseInvalid) as refused:
        decided(catalogue, replace(company_case(GOOD_CODE, {}), parties=Parties()))
    assert "不受理个人" in refused.value.text("zh_CN")


def test_the_agent_travels_with_the_case_and_the_journal_names_them_masked(store: Store) -> None:
    catalogue = load_default()
    case = decided(catalogue, jzz(Parties(AGENT, person(LIN), "spouse"), {**ALL_JZZ, "CL-WTS": 1}))
    with store.write():
        receipt = casebook.record_decision(store.conn, case, terminal_id="XH-W01", clerk="w", at=AT)
    [body] = store.conn.execute("SELECT body FROM outbox").fetchone()
    sent = json.loads(body)["parties"]
    assert sent["kind"] == "agent" and sent["relation"] == "spouse"
    assert sent["agent"]["id_number"] == LIN.id_number and sent["agent"]["name"] == LIN.name
    detail = casebook.load_detail(store, receipt)
    assert detail["parties"]["agent"]["name"] == LIN.name
    assert "parties" not in detail["materials"]  # lifted out: the materials read as before
    entry = next(e for e in journal.recent(store.conn) if e.action == "case.decided")
    text = json.dumps(entry.details, ensure_ascii=False)
    assert LIN.id_number not in text and LIN.name not in text
    assert entry.details["parties"]["agent"].startswith(LIN.name[0])


def test_ones_own_case_keeps_the_body_it_always_had(store: Store) -> None:
    case = decided(load_default(), jzz(Parties(), ALL_JZZ))
    with store.write():
        receipt = casebook.record_decision(store.conn, case, terminal_id="XH-W01", clerk="w", at=AT)
    [body] = store.conn.execute("SELECT body FROM outbox").fetchone()
    assert "parties" not in json.loads(body)
    assert casebook.load_detail(store, receipt)["parties"] is None


def test_a_paper_agents_case_is_imported_with_its_agent(store: Store) -> None:
    from terminal.importer import import_records

    from .test_cli import EXAMPLE

    record = json.loads(EXAMPLE.read_text("utf-8"))["cases"][0]
    record["materials"]["handed"]["CL-WTS"] = {"originals": 1, "copies": 0}
    agent = {"kind": "resident_id", "name": LIN.name, "id_number": LIN.id_number}
    record["parties"] = {"kind": "agent", "agent": agent, "relation": "child"}
    raw = {"format": "tongban.case-import/1", "cases": [record]}
    import_records(
        store,
        raw,
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id="XH-W01",
        actor="sup.test",
    )
    [body] = store.conn.execute("SELECT body FROM outbox").fetchone()
    assert json.loads(body)["parties"]["agent"]["name"] == LIN.name
