"""A counter's events on a case reach the reference portal signed, once, in order, through
faults; the portal refuses one its state does not allow, with a code the clerk is told."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest

from sync.link import protocol
from terminal import case_events, casebook
from terminal.case_approvals import correction_change, void_change
from terminal.case_events import Citizen
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.store import Store
from terminal.workdays import default_calendar
from tests.approvals import approved

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import AT, TERMINAL, Admin, client_for, drain, invented_id

CAL = default_calendar()
CITIZEN = invented_id(7)


def notice(store: Store, cat: Catalogue) -> str:
    cap = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "测试", CITIZEN),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"},
        MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP")}),
    )
    d = decide(cat, cap, Decision.NEEDS_CORRECTION, received_at=AT, calendar=CAL)
    with store.write():
        casebook.record_decision(store.conn, d, terminal_id=TERMINAL, clerk="wang", at=AT)
    return cap.case_id


def come_back(store: Store, cat: Catalogue, case_id: str) -> None:
    detail = casebook.load_detail(store, case_id)
    handed = {**MaterialsGiven.from_json(detail["materials"]).handed, "CL-ZLHT": Handed(1, 1)}
    later = AT + timedelta(days=6)
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed))
    d = decide(cat, cap, Decision.ACCEPTED, received_at=later, calendar=CAL)
    with store.write():
        case_events.record_return(store.conn, d, terminal_id=TERMINAL, clerk="li", at=later)


def events_on_portal(admin: Admin, case_id: str) -> list[dict[str, object]]:
    r = admin.http.get(f"{admin.url}/admin/cases/{case_id}/events", timeout=10)
    assert r.status_code == 200
    events: list[dict[str, object]] = r.json()["events"]
    return events


def portal_case(admin: Admin, case_id: str) -> dict[str, object]:
    return next(c for c in admin.cases() if c["case_id"] == case_id)


@pytest.mark.parametrize("fault", [Fault.RESET_AFTER_COMMIT, Fault.ERROR_500_AFTER_COMMIT])
def test_the_return_reaches_the_portal_once_through_a_fault(
    fault: Fault, terminal: Terminal, admin: Admin, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = notice(store, mini_catalogue)
    drain(store, client_for(terminal.key))
    assert casebook.find(store, case_id).state == "synced"
    come_back(store, mini_catalogue, case_id)
    assert casebook.find(store, case_id).state == "accepted"  # waiting to tell the portal
    # Every request faults once after the portal committed, then passes: the event is
    # retried under its own id and the portal replays its first answer.
    proxy.then(*[fault] * 6)
    drain(store, client_for(terminal.key, proxy.url))
    assert proxy.applied[fault] == 6
    (event,) = events_on_portal(admin, case_id)
    assert event["kind"] == "materials_complete" and event["clerk"] == "li"
    assert casebook.find(store, case_id).state == "synced"
    (local,) = case_events.events_of(store.conn, case_id)
    assert local["sync"] == "sent"
    # A citizen asking at a kiosk now hears 受理, not 补正.
    status = client_for(terminal.key).send(
        "POST",
        protocol.PATH_CASE_STATUS,
        json.dumps({"receipt_no": local["receipt_no"], "id_last4": CITIZEN[-4:]}).encode(),
    )
    answer = status.json()
    assert (answer["decision"], answer["missing"]) == ("accepted", [])
    assert (
        answer["due_date"] == CAL.add_working_days((AT + timedelta(days=6)).date(), 15).isoformat()
    )


def test_a_notice_awaiting_its_materials_says_until_when(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = notice(store, mini_catalogue)
    drain(store, client_for(terminal.key))
    receipt = casebook.find(store, case_id).receipt_no
    answer = (
        client_for(terminal.key)
        .send(
            "POST",
            protocol.PATH_CASE_STATUS,
            json.dumps({"receipt_no": receipt, "id_last4": CITIZEN[-4:]}).encode(),
        )
        .json()
    )
    assert answer["decision"] == "needs_correction"
    # The service's deadline (mini catalogue: 10 working days), as the notice printed it.
    assert answer["return_by"] == CAL.add_working_days(AT.date(), 10).isoformat()
    assert answer["return_by"] != case_events.return_by(AT.date()).isoformat()
    # The page the notice's QR opens on a phone says the same.
    import requests

    from terminal.config import Config
    from terminal.documents.model import tracking_url

    page = tracking_url(Config(portal_url=terminal.key.portal_url), receipt)
    shown = requests.post(page, data={"id_last4": CITIZEN[-4:]}, timeout=10).text
    assert answer["return_by"] in shown and "补正告知书或申请人身份证件" in shown


def test_withdrawal_void_and_correction_each_once_and_the_portal_sees_the_state(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    withdrawn, voided, corrected = (notice(store, mini_catalogue) for _ in range(3))
    come_back(store, mini_catalogue, corrected)
    sup = "zhou.sup"
    with store.write():
        case_events.record_withdrawal(
            store.conn,
            withdrawn,
            citizen=Citizen("测试", CITIZEN, "card"),
            reason="不办了",
            terminal_id=TERMINAL,
            clerk="li",
            at=AT,
        )
        case_events.record_void(
            store.conn,
            voided,
            reason="事项选错",
            approval=approved(
                store, "case.void", voided, TERMINAL, AT, change=void_change("事项选错")
            ),
            terminal_id=TERMINAL,
            clerk="li",
            at=AT,
        )
        detail = casebook.load_detail(store, corrected)
        case_events.record_correction(
            store.conn,
            corrected,
            changes=(shown := case_events.changes_of(detail, "测试改", detail["form"])),
            reason="姓名录错",
            approval=approved(
                store,
                "case.correct",
                corrected,
                TERMINAL,
                AT,
                change=correction_change(shown, "姓名录错"),
            ),
            terminal_id=TERMINAL,
            clerk="li",
            at=AT,
        )
    # Recorded before the cases were ever pushed: each event waits for its case.
    drain(store, client_for(terminal.key))
    states = {c: portal_case(admin, c)["state"] for c in (withdrawn, voided, corrected)}
    assert states == {withdrawn: "withdrawn", voided: "voided", corrected: "received"}
    kinds = [e["kind"] for e in events_on_portal(admin, corrected)]
    assert kinds == ["materials_complete", "corrected"]  # in the order they happened
    (fix,) = [e for e in events_on_portal(admin, corrected) if e["kind"] == "corrected"]
    assert fix["changes"] == [{"field": "applicant.name", "before": "测试", "after": "测试改"}]
    assert fix["approval"] == {
        "approved_by": sup,
        "approved_role": "supervisor",
        "approval_entry": fix["approval"]["approval_entry"],
    }
    # The entry cited is the supervisor's approval in this terminal's journal, spent once.
    entry = store.conn.execute(
        "SELECT action, actor FROM journal WHERE hash = ?", (fix["approval"]["approval_entry"],)
    ).fetchone()
    assert tuple(entry) == ("approval.given", sup)
    assert casebook.find(store, voided).state == "voided"
    assert casebook.find(store, withdrawn).state == "withdrawn"


def test_the_portal_refuses_an_event_its_state_does_not_allow(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = notice(store, mini_catalogue)
    drain(store, client_for(terminal.key))
    admin.set_state(case_id, "withdrawn")  # withdrawn online; this counter has not heard yet
    come_back(store, mini_catalogue, case_id)
    summary = drain(store, client_for(terminal.key))
    assert summary.online
    row = store.conn.execute(
        "SELECT state, reason, problem FROM outbox WHERE kind = 'case.event'"
    ).fetchone()
    assert row[0] == "sent"  # settled by the signed refusal, which is kept (not for IT)
    assert casebook.find(store, case_id).state == "withdrawn"  # as the portal has it
    reason = json.loads(row[1])
    assert reason["id"] == "sync.reason.event_refused"
    problem = json.loads(row[2])
    assert problem["type"].endswith("case-transition-refused")
    assert (problem["state"], problem["event"]) == ("withdrawn", "materials_complete")
    assert events_on_portal(admin, case_id) == []


def test_a_scan_made_at_the_return_reaches_the_portal_after_its_event(
    terminal: Terminal, portal: Any, mini_catalogue: Catalogue
) -> None:
    import hashlib
    import random

    from sync.attachments.upload import UploadSettings
    from sync.portal.uploads import taken
    from terminal.attachments.files import put_file
    from terminal.attachments.model import Attachment

    from .attaching import invented_pdf
    from .test_attachments import assert_arrived_once, drain_files

    store, folder = terminal.store, terminal.data_dir / "attachments"
    case_id = notice(store, mini_catalogue)
    drain(store, client_for(terminal.key))
    data = invented_pdf(random.Random(3), 40_000)
    sha = put_file(folder, data)
    assert sha == hashlib.sha256(data).hexdigest()
    detail = casebook.load_detail(store, case_id)
    handed = {**MaterialsGiven.from_json(detail["materials"]).handed, "CL-ZLHT": Handed(1, 1)}
    scan = Attachment("CL-ZLHT", sha, 1, len(data), "li", AT.isoformat())
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed), (scan,))
    d = decide(mini_catalogue, cap, Decision.ACCEPTED, received_at=AT, calendar=CAL)
    with store.write():
        case_events.record_return(store.conn, d, terminal_id=TERMINAL, clerk="li", at=AT)
    drain_files(store, client_for(terminal.key), attachments=UploadSettings(folder))
    assert_arrived_once(portal, {sha: data})
    assert taken(portal.portal)[sha]["complete"]
