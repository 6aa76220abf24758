"""Kill a process that is writing cases at random moments: nothing is ever half written.

Each trial forks a child that saves a draft and then decides it (case, outbox
row, journal entry, draft removal), over and over. Once the child has
committed at least once (on a loaded machine it may take long to start), the
test waits a random moment, stops the child (SIGSTOP) to see whether it is
inside a write transaction, and SIGKILLs it. After every kill the store must
hold, for each case, exactly its outbox row and its journal entry, no draft
beside a decided case, and a journal whose chain verifies. The test reports how
many kills landed mid-write and fails if too few did: kills that only ever hit
the child between transactions would prove nothing.
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
from typing import Any

import pytest

from terminal import casebook, drafts, journal
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.identity import DocumentKind
from terminal.store import open_store
from terminal.workdays import default_calendar

from .conftest import VALID_ID

TRIALS = 200
COMMIT_WAIT = 120.0  # seconds a child may take to open the store and commit once


# The child's phase, read while it is stopped: 0 between writes, 1 in a write transaction.
IDLE, WRITING = 0, 1


def write_cases_forever(path: Path, cat: Catalogue, commits: Any, phase: Any) -> None:
    store = open_store(path)
    at = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")})
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}
    while True:
        case_id = str(uuid.uuid4())
        phase.value = WRITING
        drafts.save_draft(
            store,
            case_id,
            terminal_id="XH-W01",
            clerk="w",
            intake_code="T-GA-JZZ",
            payload={"form": form},
            at=at,
        )
        phase.value = IDLE
        cap = Capture(
            case_id,
            "T-GA-JZZ",
            Applicant(DocumentKind.RESIDENT_ID, "测试甲", VALID_ID),
            {"first": "yes", "agent": "no"},
            form,
            given,
        )
        decided = decide(cat, cap, Decision.ACCEPTED, received_at=at, calendar=default_calendar())
        phase.value = WRITING
        with store.write():
            casebook.record_decision(store.conn, decided, terminal_id="XH-W01", clerk="w", at=at)
        phase.value = IDLE
        commits.value += 1


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
    tmp_path: Path, mini_catalogue: Catalogue, record_property: Any
) -> None:
    path = tmp_path / "crash.db"
    open_store(path, create=True).close()
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261126)
    counts = [0]
    mid_write = 0
    for trial in range(TRIALS):
        # Without locks: the child may be stopped holding one, and only it writes them.
        commits, phase = ctx.Value("i", 0, lock=False), ctx.Value("i", IDLE, lock=False)
        child = ctx.Process(target=write_cases_forever, args=(path, mini_catalogue, commits, phase))
        child.start()
        assert child.pid is not None
        # Not a timing assert: a generous wait for the first commit, however loaded the machine.
        deadline = time.monotonic() + COMMIT_WAIT
        while commits.value < 1:
            assert child.is_alive() and time.monotonic() < deadline, f"trial {trial}: no commit"
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(child.pid, signal.SIGSTOP)  # hold it still to see where the kill lands
        mid_write += phase.value == WRITING
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        counts.append(check_invariants(path))
        assert counts[-1] > counts[-2]  # this child's commits are all there
    print(f"\n{mid_write} of {TRIALS} kills landed inside a write transaction")
    record_property("kills_mid_write", mid_write)
    # Most of a child's time is in its transactions (each commit waits for the disk): kills
    # that seldom land there mean the test stopped testing what it claims.
    assert mid_write >= TRIALS // 4, f"only {mid_write} of {TRIALS} kills landed mid-write"
