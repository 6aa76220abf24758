"""Who presented a withdrawal (review 5, finding 9): the applicant, or the agent of record with
their own card read; anyone else refused in a sentence; the event says who, the journal names
them masked."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from terminal import case_events, journal
from terminal.case_events import Citizen
from terminal.case_machine import CaseError
from terminal.catalogue import Catalogue
from terminal.identity import mask_id_number
from terminal.store import Store

from .conftest import VALID_ID
from .test_case_events import notice_case

AGENT_ID = "110105194912310037"
STRANGER = "310104198001010012"


def with_agent(store: Store, case_id: str) -> None:
    """The case as an agent's case records it: the 代办人 rides in its materials JSON."""
    row = store.conn.execute("SELECT materials FROM cases WHERE id = ?", (case_id,)).fetchone()
    materials = json.loads(row[0])
    materials["parties"] = {
        "kind": "agent",
        "agent": {"kind": "resident_id", "name": "代办乙", "id_number": AGENT_ID},
        "relation": "spouse",
    }
    with store.write():
        store.conn.execute(
            "UPDATE cases SET materials = ? WHERE id = ?", (json.dumps(materials), case_id)
        )


def withdraw(store: Store, case_id: str, citizen: Citizen, at: datetime) -> str:
    with store.write():
        return case_events.record_withdrawal(
            store.conn,
            case_id,
            citizen=citizen,
            reason="不办了",
            terminal_id="XH-W01",
            clerk="li",
            at=at,
        )


def test_the_agent_of_record_withdraws_with_their_card_and_is_named(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with_agent(store, case_id)
    with pytest.raises(CaseError, match="代办人"):  # the agent's number keyed: no card, no
        withdraw(store, case_id, Citizen("", AGENT_ID, "receipt"), at)
    with pytest.raises(CaseError, match="申请人本人或办件登记的代办人"):
        withdraw(store, case_id, Citizen("别人", STRANGER, "card"), at)
    withdraw(store, case_id, Citizen("代办乙", AGENT_ID, "card"), at)
    (event,) = case_events.events_of(store.conn, case_id)
    assert event["presented_by"] == {"role": "agent", "name": "代办乙", "proof": "card"}
    entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "case.withdrawn" and entry.actor == "li"
    assert entry.details["role"] == "agent"
    assert entry.details["citizen"] == mask_id_number(AGENT_ID)
    assert AGENT_ID not in json.dumps(entry.details, ensure_ascii=False)


def test_the_applicant_withdraws_and_the_event_says_so(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    with pytest.raises(CaseError):  # no agent on this case: the agent's card is anyone's
        withdraw(store, case_id, Citizen("代办乙", AGENT_ID, "card"), at)
    withdraw(store, case_id, Citizen("", VALID_ID.lower(), "receipt"), at)
    (event,) = case_events.events_of(store.conn, case_id)
    assert event["presented_by"] == {"role": "applicant", "name": "测试甲", "proof": "receipt"}
    assert journal.recent(store.conn, 1)[0].details["role"] == "applicant"
