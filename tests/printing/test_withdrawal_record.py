"""The withdrawal record names who presented it (review 5, finding 9): an agent of record's
withdrawal says the agent asked for the applicant, and the agent signs."""

from __future__ import annotations

import json
from pathlib import Path

from terminal import case_events, casebook
from terminal.case_events import Citizen
from terminal.clock import now
from terminal.store import Store

from .test_case_event_documents import text_of

AGENT_ID = "110105194912310037"


def test_an_agents_withdrawal_prints_the_agent_as_the_one_who_asked(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    detail = casebook.load_detail(store, cases[3])
    row = store.conn.execute("SELECT materials FROM cases WHERE id = ?", (detail["id"],)).fetchone()
    materials = json.loads(row[0])
    materials["parties"] = {
        "kind": "agent",
        "agent": {"kind": "resident_id", "name": "代办乙", "id_number": AGENT_ID},
        "relation": "spouse",
    }
    with store.write():
        store.conn.execute(
            "UPDATE cases SET materials = ? WHERE id = ?", (json.dumps(materials), detail["id"])
        )
        case_events.record_withdrawal(
            store.conn,
            detail["id"],
            citizen=Citizen("代办乙", AGENT_ID, "card"),
            reason="不再需要",
            terminal_id="XH-W09",
            clerk="li",
            at=now(),
        )
    _, text = text_of(store, cases[3], tmp_path, "withdrawal")
    assert f"代办人代办乙受申请人{detail['applicant_name']}委托" in text
    assert "凭代办人本人身份证件申请撤回" in text and "代办人签名" in text
