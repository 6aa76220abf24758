"""A case's result (出件, issue 16) at the reference portal: published ready, found by the card at
a kiosk of the hall, handed over by exactly one of two windows racing for it (the loser told who
has it, signed), mailed with a waybill and delivered; the status a citizen reads says where it is."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from sync.cases.lookup import from_portal
from sync.cases.results import Handed, ResultRefused, hand_over, mail, ready_for
from sync.errors import LinkDown
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.portal import RunningPortal
from terminal.catalogue import Catalogue
from terminal.identity import mask_id_number
from terminal.signatures import TieKey
from terminal.store import open_store

from .conftest import Terminal
from .helpers import AT, FAST, HALL, Admin, client_for, drain, invented_id, record_cases
from .signing import signed

ITEMS = [{"code": "JZZ", "name": "居住证"}]


def _client(tmp_path: Path, portal: RunningPortal, terminal_id: str, *, hall: str = HALL,
            kind: str = "counter") -> PortalClient:  # fmt: skip
    portal.portal.admit_enrol_code(f"CODE-{terminal_id}", terminal_id, hall, kind=kind)
    store = open_store(tmp_path / terminal_id / "tongban.db", create=True)
    key = enrol(tmp_path / terminal_id, store, portal_url=portal.url, code=f"CODE-{terminal_id}",
                terminal_id=terminal_id, hall=hall, at=AT, timeouts=FAST)  # fmt: skip
    store.close()
    return client_for(key)


ADDRESS = "上海市徐汇区测试路1号201室"
RECEIPTS: dict[str, str] = {}  # case id → its receipt: what a signature names


def _finished(terminal: Terminal, admin: Admin, cat: Catalogue, number: str, how: str) -> str:
    (case_id,) = record_cases(terminal.store, cat, 1, id_number=number)
    drain(terminal.store, client_for(terminal.key))
    admin.set_state(case_id, "in_progress")
    admin.set_state(case_id, "completed")
    admin.post(f"/admin/cases/{case_id}/result", {"items": ITEMS, "how": how})
    RECEIPTS[case_id] = str(
        terminal.store.conn.execute(
            "SELECT receipt_no FROM cases WHERE id = ?", (case_id,)
        ).fetchone()[0]
    )
    return case_id


def _handing(client: PortalClient, case_id: str, terminal_id: str, who: str,
             **collector: str) -> Handed:  # fmt: skip
    return hand_over(
        client, case_id, "XH-W01-20261126-0001",
        collector={"role": "applicant", "id_number": who, **collector}, items=["JZZ"],
        signature=signed(who, RECEIPTS[case_id]), terminal_id=terminal_id, clerk="zhao",
        at="2026-12-01T10:00:00+08:00",
    )  # fmt: skip


def test_two_windows_race_for_one_result_and_exactly_one_hands_it_over(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(41)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    kiosk = _client(tmp_path, portal, "XH-K01", kind="kiosk")
    (ready,) = ready_for(kiosk, number)  # the card on the kiosk: what, where
    assert (ready["case_id"], ready["state"], ready["items"], ready["hall"]) == (
        case_id, "ready", ["居住证"], HALL,
    )  # fmt: skip
    assert ready_for(kiosk, invented_id(42)) == []  # somebody else's card: nothing
    # What the kiosk's status page says: what, where, and what to bring.
    asked = kiosk.case_status(ready["receipt_no"], number[-4:])
    assert asked is not None
    said = from_portal(asked, lambda code: code).advice
    assert "居住证" in said and HALL in said and "出件窗口" in said and "委托书" in said
    windows = {t: _client(tmp_path, portal, t) for t in ("XH-W02", "XH-W03")}
    outcomes: dict[str, Handed | Exception] = {}
    start = threading.Barrier(2)

    def race(terminal_id: str) -> None:
        start.wait()
        try:
            outcomes[terminal_id] = _handing(windows[terminal_id], case_id, terminal_id, number)
        except Exception as e:
            outcomes[terminal_id] = e

    threads = [threading.Thread(target=race, args=(t,)) for t in windows]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    won = [t for t, o in outcomes.items() if isinstance(o, Handed)]
    lost = [o for o in outcomes.values() if isinstance(o, ResultRefused)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].msg_id == "results.taken" and lost[0].params["handed_by"] == won[0]
    handed = outcomes[won[0]]
    assert isinstance(handed, Handed) and handed.state == "collected" and handed.proof is not None
    # The winner's request cut off and asked again: the same answer, not a second handover.
    again = hand_over(
        windows[won[0]], case_id, "r", collector={"role": "applicant", "id_number": number},
        items=["JZZ"], signature=signed(number, RECEIPTS[case_id]), terminal_id=won[0], clerk="zhao",
        at="2026-12-01T10:00:00+08:00", handover_id=handed.operation,
    )  # fmt: skip
    assert again.operation == handed.operation and again.state == "collected"
    status = kiosk.case_status(ready["receipt_no"], number[-4:])
    assert status is not None and status["result"]["state"] == "collected"
    assert ready_for(kiosk, number) == []  # nothing left to collect


def test_who_collects_is_checked_and_only_a_counter_of_the_hall_hands_over(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(43)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    window = _client(tmp_path, portal, "XH-W02")
    with pytest.raises(ResultRefused) as someone_else:
        _handing(window, case_id, "XH-W02", invented_id(45))
    assert "not_the_applicant" in str(someone_else.value.params["problems"])
    with pytest.raises(ResultRefused) as no_letter:  # an agent without the 委托书
        hand_over(window, case_id, "r", collector={"role": "agent", "id_number": invented_id(9),
                  "relation": "spouse"}, items=["JZZ"], signature=signed(invented_id(9), RECEIPTS[case_id]),
                  terminal_id="XH-W02", clerk="zhao", at="2026-12-01T10:00:00+08:00")  # fmt: skip
    assert "letter_sha256" in str(no_letter.value.params["problems"])
    for size in (0, "12", 2**40):  # a letter's size the portal could never take an upload of
        with pytest.raises(ResultRefused) as bad_size:
            hand_over(window, case_id, "r", collector={"role": "agent", "id_number": invented_id(9),
                      "relation": "spouse", "letter_sha256": "ab" * 32, "letter_size": size},
                      items=["JZZ"], signature=signed("x", invented_id(9), RECEIPTS[case_id]),
                      terminal_id="XH-W02", clerk="zhao", at="2026-12-01T10:00:00+08:00")  # fmt: skip
        assert "collector.letter_size" in str(bad_size.value.params["problems"]), size
    kiosk = _client(tmp_path, portal, "XH-K01", kind="kiosk")
    with pytest.raises(LinkDown):  # 403 counter-only: a key problem, not the citizen's
        _handing(kiosk, case_id, "XH-K01", number)
    elsewhere = _client(tmp_path, portal, "PD-W01", hall="浦东测试大厅")
    with pytest.raises(ResultRefused):
        _handing(elsewhere, case_id, "PD-W01", number)
    assert ready_for(_client(tmp_path, portal, "XH-W09"), number)[0]["state"] == "ready"


def test_a_mailed_result_has_its_waybill_until_delivered(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(44)
    case_id = _finished(terminal, admin, mini_catalogue, number, "mail")
    window = _client(tmp_path, portal, "XH-W02")

    def mailing(phone: str, who: str = number) -> Handed:
        return mail(window, case_id, "r", recipient="测试", address=ADDRESS,
                    phone=phone, collector={"role": "applicant", "id_number": who},
                    signature=signed(who, RECEIPTS[case_id], f"，寄往{ADDRESS}，收件人测试"),
                    terminal_id="XH-W02", clerk="zhao",
                    at="2026-12-01T10:00:00+08:00")  # fmt: skip

    with pytest.raises(ResultRefused) as bad_phone:
        mailing("1234")
    assert "phone" in str(bad_phone.value.params["problems"])
    with pytest.raises(ResultRefused) as stranger:  # a clerk's own address, nobody's word
        mailing("13900000001", invented_id(46))
    assert "not_the_applicant" in str(stranger.value.params["problems"])
    sent = mailing("13900000001")
    assert sent.state == "mailed" and sent.waybill and sent.waybill.startswith("YZ")
    with pytest.raises(ResultRefused):  # mailed: no longer at the counter
        _handing(window, case_id, "XH-W02", number)
    (shown,) = ready_for(window, number)
    assert (shown["state"], shown["waybill"]) == ("mailed", sent.waybill)
    asked = window.case_status(shown["receipt_no"], number[-4:])
    assert asked is not None and sent.waybill in from_portal(asked, lambda c: c).advice
    admin.post(f"/admin/cases/{case_id}/delivered")
    status = window.case_status(shown["receipt_no"], number[-4:])
    assert status is not None and status["result"] == {
        "state": "delivered", "hall": HALL, "how": "mail", "items": ["居住证"], "codes": ["JZZ"],
        "waybill": sent.waybill,
    }  # fmt: skip


def test_the_collectors_signature_must_hold_and_be_theirs(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(47)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    window = _client(tmp_path, portal, "XH-W02")

    def handing(signature: dict[str, Any]) -> Handed:
        return hand_over(window, case_id, "r", collector={"role": "applicant", "id_number": number},
                         items=["JZZ"], signature=signature, terminal_id="XH-W02", clerk="zhao",
                         at="2026-12-01T10:00:00+08:00")  # fmt: skip

    receipt = RECEIPTS[case_id]
    someone = signed(invented_id(48), receipt)  # a signature, but not the collector's card
    with pytest.raises(ResultRefused) as not_theirs:
        handing(someone)
    assert "not_the_collector" in str(not_theirs.value.params["problems"])
    elsewhere = signed(number, "XH-W01-20990101-0001")  # signed for another receipt
    with pytest.raises(ResultRefused) as other_case:
        handing(elsewhere)
    assert "not_for_this" in str(other_case.value.params["problems"])
    theirs = signed(number, receipt)
    altered = {**theirs, "text": theirs["text"] + "（另有约定）"}  # shown one text, another sent
    with pytest.raises(ResultRefused) as changed:
        handing(altered)
    assert "does_not_hold" in str(changed.value.params["problems"])
    assert handing(theirs).state == "collected"


def test_a_tied_signature_must_be_tied_to_the_collectors_whole_number_by_this_counter(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    """Review 6, finding 1: the masked number shows only ten characters; the keyed tie names
    the whole number, so a signature by someone whose number masks alike is not the
    collector's, and a tie made under another terminal's key holds nothing here."""
    number = invented_id(49)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    window, other = _client(tmp_path, portal, "XH-W02"), _client(tmp_path, portal, "XH-W05")
    key = TieKey(window.key.key_id, window.key.secret)

    def handing(signature: dict[str, Any]) -> Handed:
        return hand_over(window, case_id, "r", collector={"role": "applicant", "id_number": number},
                         items=["JZZ"], signature=signature, terminal_id="XH-W02", clerk="zhao",
                         at="2026-12-01T10:00:00+08:00")  # fmt: skip

    receipt = RECEIPTS[case_id]
    lookalike = number[:6] + "19800101" + number[-4:]  # born another day: masked the same
    for wrong in (signed(lookalike, receipt, key=key),
                  signed(number, receipt, key=TieKey(other.key.key_id, other.key.secret))):  # fmt: skip
        assert wrong["envelope"]["signer"]["id_masked"] == mask_id_number(number)
        with pytest.raises(ResultRefused) as refused:
            handing(wrong)
        assert "not_the_collector" in str(refused.value.params["problems"])
    assert handing(signed(number, receipt, key=key)).state == "collected"
