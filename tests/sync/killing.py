"""Kill a syncing process with SIGKILL at random moments; check nothing is lost or doubled.

Shared by tests/sync/test_sigkill.py (the suite's trials) and bench/sync_soak.py
(the long soak). The portal runs in its own process, as it would; each trial
forks a child that syncs in a loop, in small batches so kills land between
and inside many transactions and requests, and kills it after a random delay.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.engine import sync_once
from sync.link.client import PortalClient, Timeouts
from sync.link.keys import load_key
from terminal import journal
from terminal.catalogue import Catalogue
from terminal.store import open_store

from .helpers import CODE, TERMINAL, Admin, record_cases

ROOT = Path(__file__).resolve().parents[2]
TIMEOUTS = Timeouts(connect=2.0, read=5.0, total=10.0)


class PortalProcess:
    """``tongban portal`` in a child process, on a free loopback port."""

    def __init__(self, workdir: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "terminal.cli",
                "portal",
                "--port",
                "0",
                "--db",
                str(workdir / "portal.db"),
                "--enrol-code",
                CODE,
                "--data-dir",
                str(workdir / "portal-data"),
                "--lang",
                "en",
                *extra,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, line
        self.url = found.group(0)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def sync_forever(data_dir: Path, batch: int, ready: Any, url: str | None = None) -> None:
    store = open_store(data_dir / "tongban.db")
    key = load_key(data_dir)
    client = PortalClient(url or key.portal_url, key, timeouts=TIMEOUTS, trust_env=False)
    ready.set()
    while True:
        sync_once(store, client, terminal=TERMINAL, batch_size=batch)


@dataclass
class SoakReport:
    trials: int = 0
    cases: int = 0
    cases_on_portal: int = 0
    sent_at_kill: list[int] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    false_conflicts: int = 0  # cases in conflict or rows quarantined, when none should be
    lies: int = 0  # answers a lying middlebox gave instead of the portal
    seconds: float = 0.0


def check_invariants(data_dir: Path, admin: Admin) -> tuple[int, int, int]:
    """(sent rows, lost, duplicated) right after a kill; raises on a broken journal."""
    store = open_store(data_dir / "tongban.db")
    try:
        conn = store.conn
        verdict = journal.verify(conn)
        assert verdict.ok, verdict
        portal = {c["case_id"]: c for c in admin.cases()}
        sent = [r[0] for r in conn.execute("SELECT case_id FROM outbox WHERE state = 'sent'")]
        # Lost: the terminal believes the portal has it, and it does not.
        lost = sum(1 for case_id in sent if case_id not in portal)
        local = {r[0]: r[1] for r in conn.execute("SELECT id, portal_case_no FROM cases")}
        lost += sum(1 for case_id in portal if case_id not in local)
        # Duplicated: two numbers, two bindings, or one move applied twice.
        dup = sum(
            1
            for case_id, number in local.items()
            if number is not None and portal.get(case_id, {}).get("portal_case_no") != number
        )
        bindings = Counter(
            r[0]
            for r in conn.execute("SELECT subject FROM journal WHERE action = 'case.portal_bound'")
        )
        dup += sum(1 for n in bindings.values() if n > 1)
        moves = Counter(
            (r[0], r[1])
            for r in conn.execute(
                "SELECT subject, details FROM journal WHERE action = 'case.state'"
            )
        )
        dup += sum(1 for n in moves.values() if n > 1)
        return len(sent), lost, dup
    finally:
        store.close()


def soak(
    workdir: Path,
    cat: Catalogue,
    trials: int,
    *,
    seed: int = 20261126,
    max_delay: float = 0.04,
    batch: int = 2,
    lies: list[Any] | None = None,
    lie_rate: float = 0.4,
) -> SoakReport:
    """``lies``: Fault kinds a middlebox between terminal and portal answers with, at random
    (``lie_rate`` of the requests), while the children are being killed."""
    from sync.link.enrol import enrol

    from .faultproxy import FaultProxy
    from .helpers import AT, HALL

    started = time.monotonic()
    portal = PortalProcess(workdir, "--enrol-terminal", TERMINAL, "--enrol-hall", HALL)
    proxy = None
    if lies:
        proxy = FaultProxy(int(portal.url.rsplit(":", 1)[1]))
        proxy.at_random(lies, rate=lie_rate, seed=seed)
    report = SoakReport()
    rng = random.Random(seed)
    ctx = multiprocessing.get_context("fork")
    data_dir = workdir / "terminal"
    try:
        admin = Admin(portal.url)
        store = open_store(data_dir / "tongban.db", create=True)
        enrol(
            data_dir,
            store,
            portal_url=portal.url,
            code=CODE,
            terminal_id=TERMINAL,
            hall=HALL,
            at=AT,
            timeouts=TIMEOUTS,
        )
        store.close()
        for trial in range(trials):
            store = open_store(data_dir / "tongban.db")
            record_cases(store, cat, 3, start=trial * 3)
            store.close()
            received = [c for c in admin.cases() if c["state"] == "received"]
            if received and rng.random() < 0.5:
                admin.set_state(rng.choice(received)["case_id"], "in_progress")
            ready = ctx.Event()
            url = proxy.url if proxy is not None else None
            child = ctx.Process(target=sync_forever, args=(data_dir, batch, ready, url))
            child.start()
            ready.wait(10)
            time.sleep(rng.uniform(0, max_delay))
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            assert child.exitcode == -signal.SIGKILL
            sent, lost, dup = check_invariants(data_dir, admin)
            report.sent_at_kill.append(sent)
            report.lost += lost
            report.duplicated += dup
            report.trials += 1
        # The link comes back for good: a clean drain must account for every case.
        store = open_store(data_dir / "tongban.db")
        client = PortalClient(portal.url, load_key(data_dir), timeouts=TIMEOUTS, trust_env=False)
        for _ in range(50):
            summary = sync_once(store, client, terminal=TERMINAL, batch_size=50)
            if summary.online and summary.status.waiting == 0:
                break
        report.cases = store.conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        unsent = store.conn.execute("SELECT count(*) FROM outbox WHERE state != 'sent'")
        report.lost += unsent.fetchone()[0]
        states = {r[0]: r[1] for r in store.conn.execute("SELECT id, state FROM cases")}
        for c in admin.cases():
            expected = "synced" if c["state"] == "received" else c["state"]
            if states.get(c["case_id"]) != expected:
                report.lost += 1  # a status the terminal never learned
        store.close()
        _, lost, dup = check_invariants(data_dir, admin)
        report.lost += lost
        report.duplicated += dup
        report.cases_on_portal = len(admin.cases())
        store = open_store(data_dir / "tongban.db")
        conflicts = store.conn.execute(
            "SELECT (SELECT count(*) FROM cases WHERE state = 'conflict')"
            " + (SELECT count(*) FROM outbox WHERE state = 'quarantined')"
        )
        report.false_conflicts = conflicts.fetchone()[0]
        store.close()
        if proxy is not None:
            report.lies = sum(proxy.applied[f] for f in lies or [])
    finally:
        if proxy is not None:
            proxy.close()
        portal.stop()
    report.seconds = time.monotonic() - started
    return report
