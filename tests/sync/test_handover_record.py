"""The counter's record of a handover (出件, issue 16): who may collect is checked before the
portal is asked; what the portal confirmed is kept with its signed answer and journaled once,
the collector masked; a mailing keeps the waybill and not the address."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sync.cases.results import ResultRefused, hand_over_here, mail_here
from sync.portal import RunningPortal
from terminal import casebook, handover, journal
from terminal.attachments.letters import LETTER_MATERIAL
from terminal.attachments.model import Attachment
from terminal.catalogue import Catalogue
from terminal.handover import HandoverRefused, collector_of

from .conftest import Terminal
from .helpers import AT, Admin, client_for, drain, invented_id, record_cases
from .signing import signed

LETTER = "ef" * 32
SCAN = Attachment(LETTER_MATERIAL, LETTER, 2, 80_000, "zhao", AT.isoformat())  # its file
LATER = AT + timedelta(days=20)


def _ready(terminal: Terminal, admin: Admin, cat: Catalogue, number: str, how: str) -> str:
    (case_id,) = record_cases(terminal.store, cat, 1, id_number=number)
    drain(terminal.store, client_for(terminal.key))
    for state in ("in_progress", "completed"):
        admin.set_state(case_id, state)
    admin.post(f"/admin/cases/{case_id}/result", {"items": [{"code": "JZZ"}], "how": how})
    return case_id


def test_only_the_applicant_or_an_agent_with_a_letter_collects() -> None:
    number = invented_id(51)
    with pytest.raises(HandoverRefused) as typed:
        collector_of(number, "测试", number, from_card=False)
    assert typed.value.msg_id == "handover.card_needed"
    assert collector_of(number, "测试", number.lower(), from_card=True).role == "applicant"
    other = invented_id(52)
    with pytest.raises(HandoverRefused) as stranger:
        collector_of(number, "路人", other, from_card=True)
    assert stranger.value.msg_id == "handover.not_the_applicant"
    with pytest.raises(HandoverRefused) as no_letter:
        collector_of(number, "代领", other, from_card=True, relation="spouse")
    assert no_letter.value.msg_id == "handover.letter_needed"
    agent = collector_of(number, "代领", other, from_card=True, relation="spouse",
                         letter_sha256=LETTER)  # fmt: skip
    assert agent.for_portal() == {"role": "agent", "id_number": other, "relation": "spouse",
                                  "letter_sha256": LETTER}  # fmt: skip
    # With the captured file: its size goes to the portal; a file not the named letter is none.
    kept = collector_of(number, "代领", other, from_card=True, relation="spouse", letter=SCAN)
    assert kept.letter_sha256 == LETTER and kept.for_portal()["letter_size"] == SCAN.size
    with pytest.raises(HandoverRefused):
        collector_of(number, "代领", other, from_card=True, relation="spouse",
                     letter_sha256="ab" * 32, letter=SCAN)  # fmt: skip


def test_a_handover_is_recorded_once_with_the_portals_answer(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    number = invented_id(53)
    case_id = _ready(terminal, admin, mini_catalogue, number, "collect")
    store, client = terminal.store, client_for(terminal.key)
    receipt = casebook.find(store, case_id).receipt_no
    agent = collector_of(number, "代领人", invented_id(54), from_card=True, relation="child",
                         letter=SCAN)  # fmt: skip

    signature = signed(invented_id(54), receipt)

    def hand(key: str) -> object:
        return hand_over_here(store, client, case_id, receipt, collector=agent, items=["JZZ"],
                              signature=signature, terminal_id="XH-W01", clerk="zhao",
                              at=LATER, handover_id=key)  # fmt: skip

    drain(store, client)  # the department's 办结 reached this counter (a 'decided' fact)
    # ... and the result's news with it: the history says it waits to be collected.
    assert casebook.search_cases(store, receipt)[0][0].result == "ready"
    hand("h-1")
    hand("h-1")  # the same request again after a cut: replayed, recorded once
    kinds = [r[0] for r in store.conn.execute(
        "SELECT kind FROM events WHERE subject = ? ORDER BY id", (case_id,))]  # fmt: skip
    assert kinds[-2:] == ["decided", "collected"]  # the supervisor's facts, once
    rows = store.conn.execute(
        "SELECT state, answer_id FROM outbox WHERE kind = 'case.result' AND case_id = ?",
        (case_id,),
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] == "sent" and rows[0][1] is not None
    letters = store.conn.execute("SELECT handover_id, sha256 FROM handover_letters").fetchall()
    assert [tuple(r) for r in letters] == [("h-1", LETTER)]  # the 委托书 listed once, with it
    uploads = store.conn.execute(
        "SELECT count(*) FROM attachment_uploads WHERE sha256 = ?", (LETTER,)
    ).fetchone()
    assert uploads[0] == 1
    assert handover.handed(store.conn, case_id)["state"] == "collected"  # type: ignore[index]
    (entry,) = [e for e in journal.recent(store.conn, 30) if e.action == "case.collected"]
    assert entry.actor == "zhao" and entry.details["collector"]["role"] == "agent"
    assert (
        invented_id(54) not in str(entry.details)
        and entry.details["signature_sha256"] == signature["envelope"]["hash"]
    )
    drain(store, client)  # the portal's news of the handover reaches the recording counter
    assert casebook.search_cases(store, receipt)[0][0].result == "collected"
    news = [e for e in journal.recent(store.conn, 40) if e.action == "case.result"]
    assert [e.details["state"] for e in news] == ["collected", "ready"]  # newest first
    with pytest.raises(ResultRefused) as again:  # a second handover, from this window
        hand("h-2")
    assert again.value.msg_id == "results.taken_here" and again.value.params["operation"] == "h-1"


def test_a_mailing_keeps_the_waybill_not_the_address(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    number = invented_id(55)
    case_id = _ready(terminal, admin, mini_catalogue, number, "mail")
    store = terminal.store
    address = "上海市徐汇区测试路9号101室"
    receipt = casebook.find(store, case_id).receipt_no
    applicant = collector_of(number, "测试", number, from_card=True)
    sent = mail_here(store, client_for(terminal.key), case_id, "r", recipient="测试",
                     address=address, phone="13900000009", collector=applicant,
                     signature=signed(number, receipt, f"，寄往{address}，收件人测试"),
                     terminal_id="XH-W01", clerk="zhao", at=LATER,
                     mailing_id="m-1")  # fmt: skip
    kept = handover.handed(store.conn, case_id)
    assert kept is not None and kept["waybill"] == sent.waybill and kept["state"] == "mailed"
    (entry,) = [e for e in journal.recent(store.conn, 30) if e.action == "case.mailed"]
    assert entry.details["waybill"] == sent.waybill
    dumped = "".join(str(r) for r in store.conn.execute("SELECT body FROM outbox"))
    assert address not in dumped and "13900000009" not in dumped
