"""The results lookup by ID card (出件, issue 16) is guarded like a status question (review 6):
a terminal whose lookups keep finding nothing is paused with a signed 429 the terminal says
as a sentence, and every result shown is on record, without the number asked with."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.cases.results import ready_for
from sync.errors import LookupThrottled
from sync.link import protocol
from sync.portal import RunningPortal, throttle
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .helpers import Admin, invented_id
from .test_results import _client, _finished


def test_a_found_lookup_is_on_record_without_the_number(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(71)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    kiosk = _client(tmp_path, portal, "XH-K07", kind="kiosk")
    window = _client(tmp_path, portal, "XH-W07")
    assert ready_for(kiosk, invented_id(72)) == []  # nothing found: nothing to record
    assert [r["case_id"] for r in ready_for(kiosk, number)] == [case_id]
    assert [r["case_id"] for r in ready_for(window, number, "zhao")] == [case_id]
    with portal.portal.db.read() as conn:
        reads = [tuple(r) for r in conn.execute(
            "SELECT case_id, terminal_id, kind, clerk, at FROM result_reads ORDER BY rowid")]  # fmt: skip
    assert [r[:4] for r in reads] == [(case_id, "XH-K07", "kiosk", ""),
                                      (case_id, "XH-W07", "counter", "zhao")]  # fmt: skip
    assert all(r[4] > 0 for r in reads) and number not in str(reads)


def test_a_burst_of_lookups_from_one_terminal_is_paused_in_a_signed_sentence(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(73)
    _finished(terminal, admin, mini_catalogue, number, "collect")
    kiosk = _client(tmp_path, portal, "XH-K08", kind="kiosk")
    for i in range(throttle.RESULTS_PER_TERMINAL.limit):  # numbers tried one after another
        assert ready_for(kiosk, invented_id(100 + i)) == []
    with pytest.raises(LookupThrottled) as paused:
        ready_for(kiosk, number)  # even a card with a result: the guesser learns nothing
    said = paused.value.text("zh_CN")
    assert "查询办理结果的次数太多" in said and "分钟后再试" in said
    assert paused.value.seconds > 0
    reply = kiosk.send("POST", protocol.PATH_RESULTS_LOOKUP,
                       protocol.canonical_json({"id_number": number}))  # fmt: skip
    assert reply.status == 429 and reply.problem_name == "too-many-requests"
    assert reply.proof is not None and reply.headers.get("Retry-After")  # signed, with its wait
    # Another terminal of the hall is not held up by this one's misses.
    assert len(ready_for(_client(tmp_path, portal, "XH-K09", kind="kiosk"), number)) == 1
