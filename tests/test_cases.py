"""Materials computation, decisions and the state machine, on the small test catalogue."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.case_machine import COUNTER_MOVES, TRANSITIONS, CaseError, CaseState, check_transition
from terminal.cases import (
    Applicant,
    Capture,
    CaseInvalid,
    Decision,
    Handed,
    MaterialsGiven,
    MaterialStatus,
    check_materials,
    decide,
)
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.workdays import default_calendar

from .conftest import VALID_ID

FULL_FORM = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}


def capture(
    code: str = "T-GA-JZZ",
    answers: dict[str, str] | None = None,
    form: dict[str, object] | None = None,
    given: MaterialsGiven | None = None,
    id_number: str = VALID_ID,
) -> Capture:
    return Capture(
        str(uuid.uuid4()),
        code,
        Applicant(DocumentKind.RESIDENT_ID, "测试甲", id_number),
        answers if answers is not None else {"first": "yes", "agent": "no"},
        form if form is not None else dict(FULL_FORM),
        given or MaterialsGiven(),
    )


def everything(originals: int = 1, copies: int = 2) -> MaterialsGiven:
    codes = ["CL-SFZ", "CL-ZP", "CL-ZLHT", "CL-WTS"]
    return MaterialsGiven(handed={c: Handed(originals, copies) for c in codes})


def test_situation_answers_decide_which_materials_are_required(mini_catalogue: Catalogue) -> None:
    intake = mini_catalogue.intake("T-GA-JZZ")
    first_alone = {
        r.material.code for r in intake.required_materials({"first": "yes", "agent": "no"})
    }
    renew_agent = {
        r.material.code for r in intake.required_materials({"first": "no", "agent": "yes"})
    }
    assert first_alone == {"CL-SFZ", "CL-ZP", "CL-ZLHT"}
    assert renew_agent == {"CL-SFZ", "CL-ZLHT", "CL-WTS"}


def test_a_bundle_asks_shared_things_once_and_takes_the_largest_count(
    mini_catalogue: Catalogue,
) -> None:
    intake = mini_catalogue.intake("T-B-1")
    assert [q.id for q in intake.questions] == ["first", "agent"]
    assert [f.id for f in intake.fields].count("applicant_phone") == 1
    ids = {r.material.code: r for r in intake.required_materials({"first": "no", "agent": "no"})}
    assert (ids["CL-SFZ"].originals, ids["CL-SFZ"].copies) == (1, 2)
    assert intake.time_limit_days == 15
    assert str(intake.fee_yuan) == "10.00"


def test_missing_is_required_minus_handed_minus_ecert_minus_promised(
    mini_catalogue: Catalogue,
) -> None:
    intake = mini_catalogue.intake("T-GA-JZZ")
    given = MaterialsGiven(
        handed={"CL-ZLHT": Handed(1, 0)},  # the copy is short
        ecerts=frozenset({"CL-SFZ", "CL-ZP"}),  # the photo cannot be an e-certificate
        promises={"CL-WTS": date(2026, 12, 10)},
    )
    lines = {
        line.requirement.material.code: line
        for line in check_materials(intake, {"first": "yes", "agent": "yes"}, given)
    }
    assert lines["CL-SFZ"].status is MaterialStatus.ECERT
    assert lines["CL-ZP"].status is MaterialStatus.MISSING
    assert lines["CL-WTS"].status is MaterialStatus.PROMISED
    assert lines["CL-ZLHT"].status is MaterialStatus.MISSING
    assert (lines["CL-ZLHT"].short_originals, lines["CL-ZLHT"].short_copies) == (0, 1)


answers = st.fixed_dictionaries(
    {"first": st.sampled_from(["yes", "no"]), "agent": st.sampled_from(["yes", "no"])}
)
codes = st.sampled_from(["CL-SFZ", "CL-ZP", "CL-ZLHT", "CL-WTS"])
givens = st.builds(
    MaterialsGiven,
    handed=st.dictionaries(codes, st.builds(Handed, st.integers(0, 2), st.integers(0, 2))),
    ecerts=st.frozensets(codes),
    promises=st.dictionaries(codes, st.just(date(2026, 12, 31))),
)


@given(answers, givens)
def test_missing_property(
    mini_catalogue: Catalogue, ans: dict[str, str], given: MaterialsGiven
) -> None:
    intake = mini_catalogue.intake("T-GA-JZZ")
    required = intake.required_materials(ans)
    lines = check_materials(intake, ans, given)
    assert [line.requirement.material.code for line in lines] == [r.material.code for r in required]
    for line in lines:
        r, code = line.requirement, line.requirement.material.code
        handed = given.handed.get(code, Handed())
        covered = (
            (handed.originals >= r.originals and handed.copies >= r.copies)
            or (code in given.ecerts and r.material.ecert)
            or code in given.promises
        )
        assert (line.status is MaterialStatus.MISSING) == (not covered)


def test_accepting_a_complete_case_computes_the_promised_date(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    decided = decide(
        mini_catalogue,
        capture(given=everything()),
        Decision.ACCEPTED,
        received_at=at,
        calendar=default_calendar(),
    )
    assert decided.missing == []
    # 2026-11-26 (Thu) + 15 working days = 2026-12-17 (Thu)
    assert decided.due_date == date(2026, 12, 17)


def test_working_days_skip_the_spring_festival_and_count_the_adjusted_saturday() -> None:
    cal = default_calendar()
    assert cal.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # Saturday, 调休上班
    assert cal.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)  # after the holiday
    assert cal.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)  # 即办


def test_accepting_with_missing_material_names_what_is_missing(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    with pytest.raises(CaseInvalid) as caught:
        decide(
            mini_catalogue,
            capture(),
            Decision.ACCEPTED,
            received_at=at,
            calendar=default_calendar(),
        )
    text = caught.value.text("zh_CN")
    assert "居民身份证" in text and "房屋租赁合同" in text and "一次性告知" in text


def test_a_notice_lists_every_missing_item_and_runs_the_five_day_clock(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    given = MaterialsGiven(handed={"CL-SFZ": Handed(1, 1)})
    decided = decide(
        mini_catalogue,
        capture(given=given, form={}),
        Decision.NEEDS_CORRECTION,
        received_at=at,
        calendar=default_calendar(),
    )
    assert [m.requirement.material.code for m in decided.missing] == ["CL-ZP", "CL-ZLHT"]
    assert all(m.requirement.why and m.requirement.material.where for m in decided.missing)
    assert decided.notice_due == date(2026, 12, 3)


def test_a_notice_when_nothing_is_missing_is_refused(
    mini_catalogue: Catalogue, at: datetime
) -> None:
    with pytest.raises(CaseInvalid) as caught:
        decide(
            mini_catalogue,
            capture(given=everything()),
            Decision.NEEDS_CORRECTION,
            received_at=at,
            calendar=default_calendar(),
        )
    assert [p.msg_id for p in caught.value.problems] == ["case.notice_without_missing"]


def test_rejection_needs_reason_and_legal_basis(mini_catalogue: Catalogue, at: datetime) -> None:
    with pytest.raises(CaseInvalid):
        decide(
            mini_catalogue,
            capture(),
            Decision.REJECTED,
            received_at=at,
            calendar=default_calendar(),
            reason="不属于本机关职权范围",
        )
    decided = decide(
        mini_catalogue,
        capture(answers={}, form={}),
        Decision.REJECTED,
        received_at=at,
        calendar=default_calendar(),
        reason="不属于本机关职权范围",
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项",
    )
    assert decided.due_date is None


def test_every_problem_is_reported_at_once(mini_catalogue: Catalogue, at: datetime) -> None:
    bad = capture(
        answers={"first": "maybe"},
        form={"applicant_phone": "123", "months": "3"},
        given=MaterialsGiven(ecerts=frozenset({"CL-ZP"}), promises={"CL-ZLHT": date(2026, 11, 1)}),
        id_number="110105194912310021",
    )
    with pytest.raises(CaseInvalid) as caught:
        decide(mini_catalogue, bad, Decision.ACCEPTED, received_at=at, calendar=default_calendar())
    ids = {p.msg_id for p in caught.value.problems}
    assert {
        "id.check_character",
        "case.bad_answer",
        "case.unanswered",
        "field.not_phone",
        "field.out_of_range",
        "field.required",
        "case.no_ecert_for",
        "case.promise_deadline",
        "case.accept_with_missing",
    } <= ids


def test_state_machine() -> None:
    check_transition(CaseState.DRAFT, CaseState.ACCEPTED)
    check_transition(CaseState.SYNCED, CaseState.COMPLETED)
    with pytest.raises(CaseError):
        check_transition(CaseState.COMPLETED, CaseState.IN_PROGRESS)
    with pytest.raises(CaseError):
        check_transition(CaseState.REJECTED, CaseState.ACCEPTED)


@given(st.sampled_from(list(CaseState)), st.sampled_from(list(CaseState)))
def test_only_listed_transitions_pass(old: CaseState, new: CaseState) -> None:
    if new in TRANSITIONS[old]:
        check_transition(old, new)
    else:
        with pytest.raises(CaseError):
            check_transition(old, new)


def test_every_state_is_reachable_from_draft() -> None:
    """Through the portal's word (TRANSITIONS) or a clerk's action (COUNTER_MOVES: 作废)."""
    seen, todo = {CaseState.DRAFT}, [CaseState.DRAFT]
    while todo:
        state = todo.pop()
        by_clerk = {m[state] for m in COUNTER_MOVES.values() if state in m}
        for nxt in (TRANSITIONS[state] | by_clerk) - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert seen == set(CaseState)
