"""A void or withdrawal the portal refuses with its signed 409 does not leave two truths
(review 4, finding 2): the case goes to the portal's state, journaled with the reason
``event_refused``, the row is settled with the refusal kept, and the window is told."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from sync import state
from terminal import case_events, casebook, journal
from terminal.case_approvals import void_change
from terminal.case_events import Citizen
from terminal.catalogue import Catalogue
from tests.approvals import approved

from .conftest import Terminal
from .helpers import AT, TERMINAL, Admin, client_for, drain
from .test_case_events import CITIZEN, come_back, notice, portal_case


@pytest.fixture(autouse=True)
def _the_day_of_the_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "now", lambda: AT + timedelta(hours=2))


def _accepted_and_synced(terminal: Terminal, cat: Catalogue) -> str:
    case_id = notice(terminal.store, cat)
    come_back(terminal.store, cat, case_id)
    drain(terminal.store, client_for(terminal.key))
    return case_id


def test_a_void_the_portal_refuses_leaves_the_case_as_the_portal_has_it(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = _accepted_and_synced(terminal, mini_catalogue)
    admin.set_state(case_id, "in_progress")
    admin.set_state(case_id, "completed")  # 办结 online; this counter has not pulled yet
    with store.write():
        case_events.record_void(
            store.conn, case_id, reason="选错事项",
            approval=approved(
                store, "case.void", case_id, TERMINAL, AT, change=void_change("选错事项")
            ),
            terminal_id=TERMINAL, clerk="li", at=AT,
        )  # fmt: skip
    assert casebook.find(store, case_id).state == "voided"  # the window showed 作废
    drain(store, client_for(terminal.key))
    assert casebook.find(store, case_id).state == portal_case(admin, case_id)["state"]
    assert casebook.find(store, case_id).state == "completed"
    # Settled for good, with the portal's refusal kept: nothing for IT to release.
    row = store.conn.execute(
        "SELECT state, reason, problem, answer_id FROM outbox WHERE kind = 'case.event'"
        " AND json_extract(body, '$.kind') = 'voided'"
    ).fetchone()
    assert row[0] == "sent" and row[3] is not None
    assert json.loads(row[1])["id"] == "sync.reason.event_refused"
    assert json.loads(row[2])["state"] == "completed"
    assert state.read_status(store.conn).stuck == []
    moves = [
        e.details for e in journal.recent(store.conn, 20)
        if e.subject == case_id and e.action == "case.state" and e.details["from"] == "voided"
    ]  # fmt: skip
    assert moves == [
        {"from": "voided", "to": "completed", "reason": "event_refused", "event": "voided",
         "answer": row[3]}
    ]  # fmt: skip
    (told,) = state.read_status(store.conn).refused_events
    assert (told.case_id, told.event, told.state) == (case_id, "voided", "completed")
    # The portal's later word is not dropped as a move out of 作废 any more.
    assert not [
        e for e in journal.recent(store.conn, 30)
        if e.action == "sync.state_refused" and e.details["from"] == "voided"
    ]  # fmt: skip


def test_a_withdrawal_refused_by_the_portal_ends_as_the_portal_decided(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = _accepted_and_synced(terminal, mini_catalogue)
    admin.set_state(case_id, "in_progress")
    admin.set_state(case_id, "not_approved")
    with store.write():
        case_events.record_withdrawal(
            store.conn, case_id, citizen=Citizen("测试", CITIZEN, "card"), reason="不办了",
            terminal_id=TERMINAL, clerk="li", at=AT,
        )  # fmt: skip
    drain(store, client_for(terminal.key))
    assert casebook.find(store, case_id).state == "not_approved"
    assert portal_case(admin, case_id)["state"] == "not_approved"
    (told,) = state.read_status(store.conn).refused_events
    assert (told.event, told.state) == ("withdrawn", "not_approved")
