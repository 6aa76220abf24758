"""Eleven thousand guesses of a last four are not a minute's work: the portal pauses lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.cases.lookup import CaseLookup
from sync.errors import LookupThrottled
from sync.link import protocol
from sync.link.enrol import enrol
from sync.portal import RunningPortal
from sync.portal.throttle import STATUS_PER_RECEIPT, STATUS_PER_TERMINAL
from terminal.catalogue import Catalogue
from terminal.store import open_store

from .conftest import Terminal
from .helpers import AT, FAST, HALL, client_for, drain, record_cases


def _pushed_case(terminal: Terminal, cat: Catalogue) -> tuple[str, str]:
    (case_id,) = record_cases(terminal.store, cat, 1)
    drain(terminal.store, client_for(terminal.key))
    row = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    return str(row[0]), str(row[1])[-4:]


def _wrong(last4: str, i: int) -> str:
    guess = f"{(int(last4[:3]) + 1 + i) % 1000:03d}{last4[3]}"
    assert guess != last4
    return guess


def test_misses_on_a_receipt_pause_it_even_for_the_right_last_four(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    receipt, last4 = _pushed_case(terminal, mini_catalogue)
    client = client_for(terminal.key)
    assert client.case_status(receipt, last4) is not None  # a right answer is not a miss
    for i in range(STATUS_PER_RECEIPT.limit):
        assert client.case_status(receipt, _wrong(last4, i)) is None
    with pytest.raises(LookupThrottled) as e:
        client.case_status(receipt, last4)
    assert 0 < e.value.seconds <= STATUS_PER_RECEIPT.window
    body = protocol.canonical_json({"receipt_no": receipt, "id_last4": last4})
    reply = client.send("POST", protocol.PATH_CASE_STATUS, body)
    assert reply.status == 429 and reply.problem_name == "too-many-requests"
    assert reply.headers["Retry-After"] == str(reply.problem()["retry_after"])
    # Another receipt is still answered: the pause is this receipt's.
    assert client.case_status("NO-SUCH-RECEIPT", last4) is None


def test_misses_by_one_terminal_pause_it_for_every_receipt(
    terminal: Terminal, portal: RunningPortal, tmp_path: Path, mini_catalogue: Catalogue
) -> None:
    receipt, last4 = _pushed_case(terminal, mini_catalogue)
    client = client_for(terminal.key)
    for i in range(STATUS_PER_TERMINAL.limit):
        assert client.case_status(f"GUESS-{i}", last4) is None
    with pytest.raises(LookupThrottled):
        client.case_status(receipt, last4)
    # A kiosk elsewhere in the hall is not paused for this one's guesses.
    portal.portal.admit_enrol_code("K-CODE", "XH-K02", HALL)
    store = open_store(tmp_path / "k" / "tongban.db", create=True)
    kiosk = enrol(
        tmp_path / "k",
        store,
        portal_url=portal.url,
        code="K-CODE",
        terminal_id="XH-K02",
        hall=HALL,
        at=AT,
        timeouts=FAST,
    )
    assert client_for(kiosk).case_status(receipt, last4) is not None
    store.close()


def test_the_kiosk_tells_the_citizen_how_long_to_wait_and_who_can_help(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    receipt, last4 = _pushed_case(terminal, mini_catalogue)
    lookup = CaseLookup(lambda: client_for(terminal.key))
    client = client_for(terminal.key)
    for i in range(STATUS_PER_RECEIPT.limit):
        client.case_status(receipt, _wrong(last4, i))
    with pytest.raises(LookupThrottled) as e:
        lookup(terminal.store, receipt, last4)  # not answered from the store instead
    text = e.value.text("zh_CN")
    assert "分钟后再试" in text and "工作人员" in text
    lookup.close()
