"""A late return and an agent's withdrawal reach the reference portal as recorded (review 5,
findings 9 and 14): the portal's contract admits them and keeps who presented it and the
lateness with the event."""

from __future__ import annotations

import json
from datetime import timedelta

from terminal import case_events, casebook
from terminal.case_events import Citizen
from terminal.cases import Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .helpers import AT, TERMINAL, Admin, client_for, drain
from .test_case_events import CAL, events_on_portal, notice


def test_a_late_return_reaches_the_portal_marked_late(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = notice(store, mini_catalogue)
    drain(store, client_for(terminal.key))
    detail = casebook.load_detail(store, case_id)
    handed = {**MaterialsGiven.from_json(detail["materials"]).handed, "CL-ZLHT": Handed(1, 1)}
    later = AT + timedelta(days=60)  # long after the notice's 10 working days
    cap = case_events.return_capture(detail, MaterialsGiven(handed=handed))
    d = decide(mini_catalogue, cap, Decision.ACCEPTED, received_at=later, calendar=CAL)
    with store.write():
        case_events.record_return(store.conn, d, terminal_id=TERMINAL, clerk="li", at=later)
    drain(store, client_for(terminal.key))
    [event] = events_on_portal(admin, case_id)
    late = event["late"]
    assert isinstance(late, dict) and late["return_by"] == detail["return_by"]
    assert late["days_late"] > 0


def test_an_agents_withdrawal_reaches_the_portal_naming_the_agent(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    store = terminal.store
    case_id = notice(store, mini_catalogue)
    row = store.conn.execute("SELECT materials FROM cases WHERE id = ?", (case_id,)).fetchone()
    materials = json.loads(row[0])
    agent = {"kind": "resident_id", "name": "代办乙", "id_number": "110105194912310037"}
    materials["parties"] = {"kind": "agent", "agent": agent, "relation": "spouse"}
    with store.write():
        store.conn.execute(
            "UPDATE cases SET materials = ? WHERE id = ?", (json.dumps(materials), case_id)
        )
    drain(store, client_for(terminal.key))
    with store.write():
        case_events.record_withdrawal(
            store.conn,
            case_id,
            citizen=Citizen("代办乙", agent["id_number"], "card"),
            reason="不办了",
            terminal_id=TERMINAL,
            clerk="li",
            at=AT + timedelta(days=1),
        )
    drain(store, client_for(terminal.key))
    [event] = events_on_portal(admin, case_id)
    assert event["presented_by"] == {"role": "agent", "name": "代办乙", "proof": "card"}
    assert casebook.find(store, case_id).state == "withdrawn"
