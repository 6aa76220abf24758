"""A case's life after its decision, in the store: the return after 补正 within the same case,
a withdrawal, a void and a correction; each one outbox row and one journal entry naming the
people involved; nothing overwritten without trace."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from terminal import case_events, casebook, journal
from terminal.approval import Approval, ApprovalRefused
from terminal.case_approvals import correction_change, void_change
from terminal.case_events import Change, Citizen
from terminal.case_machine import CaseError
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.store import Store
from terminal.workdays import default_calendar
from tests.approvals import approved

from .conftest import VALID_ID

CAL = default_calendar()
FORM = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}


def notice_case(store: Store, cat: Catalogue, at: datetime) -> str:
    """A 补正 notice: the tenancy contract is missing."""
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP")})
    cap = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "测试甲", VALID_ID),
        {"first": "yes", "agent": "no"},
        FORM,
        given,
    )
    d = decide(cat, cap, Decision.NEEDS_CORRECTION, received_at=at, calendar=CAL)
    with store.write():
        casebook.record_decision(store.conn, d, terminal_id="XH-W01", clerk="wang", at=at)
    return cap.case_id


def come_back(store: Store, cat: Catalogue, case_id: str, at: datetime) -> str:
    detail = casebook.load_detail(store, case_id)
    handed = dict(MaterialsGiven.from_json(detail["materials"]).handed)
    handed["CL-ZLHT"] = Handed(1, 1)
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed))
    d = decide(cat, cap, Decision.ACCEPTED, received_at=at, calendar=CAL)
    with store.write():
        return case_events.record_return(store.conn, d, terminal_id="XH-W02", clerk="li", at=at)


def test_the_return_accepts_the_same_case_and_the_clock_runs_from_that_day(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    first = casebook.find(store, case_id)
    assert [r.id for r in case_events.open_corrections(store, VALID_ID)] == [case_id]
    later = at + timedelta(days=7)
    receipt = come_back(store, mini_catalogue, case_id, later)
    row = casebook.find(store, case_id)
    assert receipt == first.receipt_no  # the citizen's papers keep one number
    assert (row.decision, row.state) == ("accepted", "accepted")
    detail = casebook.load_detail(store, case_id)
    assert detail["missing"] == []
    assert detail["due_date"] == CAL.add_working_days(later.date(), 15).isoformat()
    assert detail["received_at"] == first.received_at  # when the case began stays
    assert case_events.open_corrections(store, VALID_ID) == []
    (event,) = case_events.events_of(store.conn, case_id)
    assert event["kind"] == "materials_complete" and event["sync"] == "pending"
    assert [m["material"] for m in event["missing_before"]] == ["CL-ZLHT"]
    entry = journal.recent(store.conn, 1)[0]
    assert (entry.action, entry.actor, entry.details["arrived"]) == (
        "case.materials_complete",
        "li",
        ["CL-ZLHT"],
    )
    with pytest.raises(CaseError):  # once only
        come_back(store, mini_catalogue, case_id, later)


def test_a_return_still_missing_something_is_not_accepted(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    detail = casebook.load_detail(store, case_id)
    cap = case_events.return_capture(detail, MaterialsGiven.from_json(detail["materials"]))
    with pytest.raises(Exception, match="缺"):
        decide(mini_catalogue, cap, Decision.ACCEPTED, received_at=at, calendar=CAL)


def test_withdrawal_names_the_citizen_and_only_the_applicant_may(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with store.write(), pytest.raises(CaseError):
        case_events.record_withdrawal(
            store.conn,
            case_id,
            citizen=Citizen("别人", "110105194912310037", "card"),
            reason="",
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    with store.write():
        case_events.record_withdrawal(
            store.conn,
            case_id,
            citizen=Citizen("测试甲", VALID_ID, "card"),
            reason="不再需要",
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    assert casebook.find(store, case_id).state == "withdrawn"
    entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "case.withdrawn" and entry.actor == "li"
    assert entry.details["citizen"] == "110105********002X"
    assert entry.details["proof"] == "card"
    with store.write(), pytest.raises(CaseError):  # a withdrawn case is not voided
        case_events.record_void(
            store.conn,
            case_id,
            reason="x",
            approval=approved(store, "case.void", case_id, "XH-W01", at, change=void_change("x")),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )


def test_a_void_carries_the_supervisors_approval(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with store.write(), pytest.raises(CaseError):  # an approval of something else
        case_events.record_void(
            store.conn,
            case_id,
            reason="受理错误",
            approval=approved(
                store, "case.correct", case_id, "XH-W01", at, change=void_change("受理错误")
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    with store.write():
        case_events.record_void(
            store.conn,
            case_id,
            reason="受理错误",
            approval=approved(
                store, "case.void", case_id, "XH-W01", at, change=void_change("受理错误")
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    assert casebook.find(store, case_id).state == "voided"
    entry = journal.recent(store.conn, 1)[0]
    assert (entry.action, entry.actor, entry.details["approved_by"]) == (
        "case.voided",
        "li",
        "zhou.sup",
    )


def test_a_correction_keeps_every_version_and_refuses_a_stale_one(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with store.write(), pytest.raises(CaseError):  # a 补正 notice is not corrected
        case_events.record_correction(
            store.conn,
            case_id,
            changes=[Change("applicant.name", "测试甲", "测试乙")],
            reason="录错",
            approval=approved(
                store,
                "case.correct",
                case_id,
                "XH-W01",
                at,
                change=correction_change([Change("applicant.name", "测试甲", "测试乙")], "录错"),
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    come_back(store, mini_catalogue, case_id, at)
    detail = casebook.load_detail(store, case_id)
    changes = case_events.changes_of(
        detail, "测试乙", {**detail["form"], "applicant_phone": "13900000000"}
    )
    assert [c.field for c in changes] == ["applicant.name", "form.applicant_phone"]
    with store.write():
        version = case_events.record_correction(
            store.conn,
            case_id,
            changes=changes,
            reason="姓名录错",
            approval=approved(
                store,
                "case.correct",
                case_id,
                "XH-W01",
                at,
                change=correction_change(changes, "姓名录错"),
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    assert version == 3  # the notice, the receipt after the return, now the corrected one
    detail = casebook.load_detail(store, case_id)
    assert detail["applicant_name"] == "测试乙"
    assert detail["form"]["applicant_phone"] == "13900000000"
    event = case_events.events_of(store.conn, case_id)[-1]
    assert event["changes"][0] == {"field": "applicant.name", "before": "测试甲", "after": "测试乙"}
    entry = journal.recent(store.conn, 1)[0]
    assert entry.details["fields"] == ["applicant.name", "form.applicant_phone"]
    assert "测试乙" not in json.dumps(entry.details, ensure_ascii=False)
    with store.write(), pytest.raises(CaseError):  # the same change again: 'before' is stale
        case_events.record_correction(
            store.conn,
            case_id,
            changes=changes,
            reason="again",
            approval=approved(
                store,
                "case.correct",
                case_id,
                "XH-W01",
                at,
                change=correction_change(changes, "again"),
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )


def test_the_kiosk_says_how_and_until_when_to_come_back_then_that_it_is_accepted(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    from sync.cases.lookup import from_portal
    from terminal.case_status import look_up

    case_id = notice_case(store, mini_catalogue, at)
    receipt = casebook.find(store, case_id).receipt_no
    by = casebook.load_detail(store, case_id)["return_by"]  # the service's (10 days)
    assert by == default_calendar().add_working_days(at.date(), 10).isoformat()
    local = look_up(store, receipt, VALID_ID[-4:])
    assert by in local.advice and "补正告知书或申请人身份证件" in local.advice
    assert "房屋租赁合同" in local.advice
    answer = {"receipt_no": receipt, "state": "received", "decision": "needs_correction",
              "missing": ["房屋租赁合同"], "return_by": by}  # fmt: skip
    assert by in from_portal(answer, lambda code: code).advice
    come_back(store, mini_catalogue, case_id, at + timedelta(days=3))
    after = look_up(store, receipt, VALID_ID[-4:])
    assert after.state_text == "已受理" and "承诺办结日期" in after.advice


def test_an_impossible_action_is_refused_in_words_a_clerk_reads(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with store.write():
        case_events.record_withdrawal(
            store.conn,
            case_id,
            citizen=Citizen("测试甲", VALID_ID, "receipt"),
            reason="",
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    with store.write(), pytest.raises(CaseError) as refused:
        case_events.record_correction(
            store.conn,
            case_id,
            changes=[Change("applicant.name", "测试甲", "测试乙")],
            reason="录错",
            approval=approved(
                store,
                "case.correct",
                case_id,
                "XH-W01",
                at,
                change=correction_change([Change("applicant.name", "测试甲", "测试乙")], "录错"),
            ),
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )
    assert (
        refused.value.text("zh_CN")
        == "此办件当前状态（已撤回，决定：待补正）不能办理此操作（更正）。"
    )


def test_a_void_needs_an_approval_the_journal_holds_and_spends_it_once(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    first, second = (notice_case(store, mini_catalogue, at) for _ in range(2))
    given = approved(store, "case.void", first, "XH-W01", at, change=void_change("受理错误"))

    def void(case_id: str, approval: Approval) -> None:
        with store.write():
            case_events.record_void(
                store.conn,
                case_id,
                reason="受理错误",
                approval=approval,
                terminal_id="XH-W01",
                clerk="li",
                at=at,
            )

    with pytest.raises(ApprovalRefused):  # built by hand: no such entry in the journal
        void(first, replace(given, entry_hash="c" * 64))
    void(first, given)
    with pytest.raises(ApprovalRefused):  # the same approval for the next case (and again)
        void(second, replace(given, subject=second))
    assert casebook.find(store, second).state != "voided"
