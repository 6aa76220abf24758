"""Kill a process that is writing cases at random moments: nothing is ever half written.

Each trial forks a child that saves a draft and then decides it (case, outbox
row, journal entry, draft removal), over and over, and SIGKILLs it after a
random delay. After every kill the store must hold, for each case, exactly
its outbox row and its journal entry, no draft beside a decided case, and a
journal whose chain verifies.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from terminal import casebook, journal
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.identity import DocumentKind
from terminal.store import open_store
from terminal.workdays import default_calendar

from .conftest import VALID_ID

TRIALS = 200


def write_cases_forever(
    path: Path, cat: Catalogue, ready: multiprocessing.synchronize.Event
) -> None:
    store = open_store(path)
    ready.set()
    at = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")})
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}
    while True:
        case_id = str(uuid.uuid4())
        casebook.save_draft(
            store,
            case_id,
            terminal_id="XH-W01",
            clerk="w",
            intake_code="T-GA-JZZ",
            payload={"form": form},
            at=at,
        )
        cap = Capture(
            case_id,
            "T-GA-JZZ",
            Applicant(DocumentKind.RESIDENT_ID, "测试甲", VALID_ID),
            {"first": "yes", "agent": "no"},
            form,
            given,
        )
        decided = decide(cat, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar())
        with store.write():
            casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)


def check_invariants(path: Path) -> int:
    store = open_store(path)
    try:
        conn = store.conn
        cases = {r[0] for r in conn.execute("SELECT id FROM cases")}
        outbox = [r[0] for r in conn.execute("SELECT case_id FROM outbox")]
        logged = [
            r[0] for r in conn.execute("SELECT subject FROM journal WHERE action = 'case.decided'")
        ]
        drafts = {r[0] for r in conn.execute("SELECT id FROM drafts")}
        assert sorted(outbox) == sorted(cases), "a case without its outbox row, or the reverse"
        assert sorted(logged) == sorted(cases), "a case without its journal entry, or the reverse"
        assert not (drafts & cases), "a draft survived its decision"
        receipts = conn.execute("SELECT count(DISTINCT receipt_no), count(*) FROM cases").fetchone()
        assert receipts[0] == receipts[1]
        verdict = journal.verify(conn)
        assert verdict.ok, verdict
        return len(cases)
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_at_random_points_never_splits_a_case(
    tmp_path: Path, mini_catalogue: Catalogue
) -> None:
    path = tmp_path / "crash.db"
    open_store(path, create=True).close()
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261126)
    counts = []
    for _ in range(TRIALS):
        ready = ctx.Event()
        child = ctx.Process(target=write_cases_forever, args=(path, mini_catalogue, ready))
        child.start()
        ready.wait(5)
        time.sleep(rng.uniform(0, 0.02))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        counts.append(check_invariants(path))
    # The children did write: the kills landed among real transactions, not before them.
    assert counts[-1] > TRIALS
    assert len(set(counts)) > TRIALS // 2
