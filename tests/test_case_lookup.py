"""Opening a case by its receipt number needs the citizen present (review 5, finding 6): the
applicant's or the agent's card read, or the applicant's number's last 4 characters typed;
every lookup, allowed or refused, journaled with the clerk and the receipt, no ID number."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from terminal import case_lookup, casebook, journal
from terminal.case_machine import CaseError
from terminal.catalogue import Catalogue
from terminal.store import Store

from .conftest import VALID_ID
from .test_case_events import notice_case

OTHER = "110105194912310037"


def lookups(store: Store) -> list[journal.Entry]:
    return [e for e in journal.recent(store.conn, 50) if e.action == case_lookup.ACTION]


def test_a_receipt_number_alone_opens_nothing_and_is_journaled(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    receipt = casebook.find(store, notice_case(store, mini_catalogue, at)).receipt_no
    ask = {"clerk": "li", "terminal_id": "XH-W02", "at": at}
    with pytest.raises(CaseError, match="市民在场"):
        case_lookup.look_up(store, receipt, **ask)
    with pytest.raises(CaseError, match="不符"):
        case_lookup.look_up(store, receipt, last4="0000", **ask)
    with pytest.raises(CaseError, match="不符"):
        case_lookup.look_up(store, receipt, cards=[OTHER], **ask)
    assert case_lookup.look_up(store, receipt, last4=VALID_ID[-4:].lower(), **ask)["id_number"]
    assert case_lookup.look_up(store, receipt, cards=[VALID_ID], **ask)["receipt_no"] == receipt
    entries = lookups(store)
    assert [e.details["outcome"] for e in reversed(entries)] == [
        "refused",
        "refused",
        "refused",
        "allowed",
        "allowed",
    ]
    assert {e.actor for e in entries} == {"li"}
    assert {e.details["receipt_no"] for e in entries} == {receipt}
    for entry in entries:  # no ID number, whole or in part, in the journal
        text = json.dumps(entry.details)
        assert VALID_ID not in text and OTHER not in text and VALID_ID[-4:] not in text


def test_the_agents_card_opens_the_case_and_an_unknown_number_is_said(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    row = store.conn.execute("SELECT materials FROM cases WHERE id = ?", (case_id,)).fetchone()
    materials = json.loads(row[0])
    materials["parties"] = {"kind": "agent", "agent": {"name": "代办乙", "id_number": OTHER}}
    with store.write():
        store.conn.execute(
            "UPDATE cases SET materials = ? WHERE id = ?", (json.dumps(materials), case_id)
        )
    receipt = casebook.find(store, case_id).receipt_no
    ask = {"clerk": "li", "terminal_id": "XH-W02", "at": at}
    assert case_lookup.look_up(store, receipt, cards=[OTHER], **ask)["id"] == case_id
    with pytest.raises(Exception, match="找不到办件"):
        case_lookup.look_up(store, "NO-SUCH-1", last4="1234", **ask)
    assert lookups(store)[0].details["outcome"] == "not_found"
    # An ID number typed where the receipt's number goes is not written to the journal.
    with pytest.raises(Exception, match="找不到办件"):
        case_lookup.look_up(store, OTHER, last4="1234", **ask)
    assert OTHER not in json.dumps(lookups(store)[0].details)


def test_guessing_the_last_4_stops_after_five_tries_but_the_card_still_opens(
    store: Store, mini_catalogue: Catalogue, at: datetime
) -> None:
    case_id = notice_case(store, mini_catalogue, at)
    receipt = casebook.find(store, case_id).receipt_no
    ask = {"clerk": "li", "terminal_id": "XH-W02", "at": at}
    for guess in ("0001", "0002", "0003", "0004", "0005"):
        with pytest.raises(CaseError, match="不符"):
            case_lookup.look_up(store, receipt, last4=guess, **ask)
    with pytest.raises(CaseError, match="不能再凭后4位"):  # even the right one, now
        case_lookup.look_up(store, receipt, last4=VALID_ID[-4:], **ask)
    assert lookups(store)[0].details["outcome"] == "locked"
    assert case_lookup.look_up(store, receipt, cards=[VALID_ID], **ask)["id"] == case_id
