"""The results lookup by ID card (出件, issue 16) is guarded like a status question (review 6):
a terminal whose lookups keep finding nothing is paused with a signed 429 the terminal says
as a sentence, and every result shown is on record, without the number asked with."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import pytest

from sync.cases.results import ready_for
from sync.errors import LookupThrottled
from sync.link import protocol
from sync.portal import RunningPortal, auth, results, throttle
from sync.portal.problems import Problem
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .helpers import HALL, Admin, invented_id
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


def test_the_same_card_read_again_and_again_never_pauses_the_kiosk(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    """Review 8: one citizen (no booking, nothing ready) taps the same card over and over;
    a repeat of one number guesses nothing, and the next citizen's licence is still found."""
    number = invented_id(73)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    kiosk = _client(tmp_path, portal, "XH-K10", kind="kiosk")
    same = invented_id(200)
    for _ in range(60):
        assert ready_for(kiosk, same) == []
    assert [r["case_id"] for r in ready_for(kiosk, number)] == [case_id]
    with portal.portal.db.read() as conn:  # counted once, and by a keyed digest only
        kept = [tuple(r) for r in conn.execute("SELECT bucket, subject FROM throttle_events")]
    assert len(kept) == 1 and same not in str(kept)


def test_parallel_lookups_cannot_all_pass_a_nearly_full_bucket(
    portal: RunningPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 8 (TOCTOU): the check and the count are one write transaction, so lookups
    sent at once by a stolen key get no more than the limit's misses between them."""
    db, now = portal.portal.db, portal.portal.clock()
    kiosk = auth.Terminal("k_toctou", "XH-K11", HALL, "kiosk")
    buckets = [(throttle.RESULTS_PER_TERMINAL, kiosk.terminal_id)]
    with db.write() as conn:  # one different miss short of the pause
        for i in range(throttle.RESULTS_PER_TERMINAL.limit - 1):
            throttle.record(conn, buckets, now, f"earlier-{i}")
    together = threading.Barrier(4, timeout=1.5)
    looking = results._ready_for

    def all_at_once(*args: Any) -> list[dict[str, Any]]:
        # Each lookup waits here for the others: they meet only if they all passed the check.
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        return looking(*args)

    monkeypatch.setattr(results, "_ready_for", all_at_once)
    answers: list[str] = []

    def ask(i: int) -> None:
        try:
            results.lookup(db, kiosk, {"id_number": invented_id(300 + i)}, now)
            answers.append("nothing found")
        except Problem as problem:
            answers.append(problem.name)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["nothing found"] + ["too-many-requests"] * 3
