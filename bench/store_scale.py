"""A store with a million cases: look-ups stay in milliseconds and opening does not grow.

Targets: lookup by ID number or by receipt number ≤ 5 ms; the time to open the
store (and answer a first look-up) the same at 1,000 and at 1,000,000 cases.
Run: .venv/bin/python -m bench.store_scale [--cases 1000000] [--dir DIR]

The cases are written through the real path (record_decision: case, outbox
row, journal entry), in large transactions so building takes minutes, not
hours; received dates spread over about three years, ~1,000 a day.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sqlite3
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.common import percentiles, sample_decided, sample_id_number
from terminal import casebook
from terminal.cases import Applicant
from terminal.clock import now
from terminal.identity import DocumentKind
from terminal.store import Store, open_store

CHECKPOINTS = (1_000, 100_000, 1_000_000)


def fill(store: Store, start: int, stop: int) -> None:
    template = sample_decided(0, now())
    base = now() - timedelta(days=3 * 365)
    batch = 20_000
    for lo in range(start, stop, batch):
        with store.write():
            for i in range(lo, min(stop, lo + batch)):
                received = base + timedelta(days=i // 1000, seconds=i % 1000 * 30)
                cap = dataclasses.replace(
                    template.capture,
                    case_id=str(uuid.uuid4()),
                    applicant=Applicant(DocumentKind.RESIDENT_ID, "示例", sample_id_number(i)),
                )
                decided = dataclasses.replace(template, capture=cap, received_at=received)
                casebook.record_decision(
                    store.conn, decided, terminal_id="XH-W01", clerk="bench", at=received
                )


def drop_page_cache() -> bool:
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def time_open(path: Path) -> float:
    t0 = time.perf_counter()
    store = open_store(path)
    casebook.by_id_number(store, sample_id_number(7))
    elapsed = (time.perf_counter() - t0) * 1000
    store.close()
    return elapsed


def time_lookups(path: Path, count: int, rng: random.Random) -> None:
    store = open_store(path)
    total = store.conn.execute("SELECT max(rowid) FROM cases").fetchone()[0]
    rowids = [rng.randint(1, total) for _ in range(count)]
    receipts = [
        store.conn.execute("SELECT receipt_no FROM cases WHERE rowid = ?", (r,)).fetchone()[0]
        for r in rowids
    ]
    by_id, by_receipt = [], []
    for i, receipt in zip(rowids, receipts, strict=True):
        t0 = time.perf_counter()
        rows = casebook.by_id_number(store, sample_id_number(i - 1))
        t1 = time.perf_counter()
        row = casebook.find(store, receipt)
        t2 = time.perf_counter()
        assert rows and row.receipt_no == receipt
        by_id.append((t1 - t0) * 1000)
        by_receipt.append((t2 - t1) * 1000)
    store.close()
    print(f"    lookup by ID number:      {percentiles(by_id)}")
    print(f"    lookup by receipt number: {percentiles(by_receipt)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(dir=args.dir or "/var/tmp") as d:
        path = Path(d) / "tongban.db"
        store = open_store(path, create=True)
        done = 0
        for checkpoint in [c for c in CHECKPOINTS if c <= args.cases] or [args.cases]:
            t0 = time.perf_counter()
            fill(store, done, checkpoint)
            built = time.perf_counter() - t0
            done = checkpoint
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_mb = path.stat().st_size / 1e6
            print(f"{checkpoint:>9,} cases  ({size_mb:,.0f} MB, added in {built:.0f} s)")
            opens = [time_open(path) for _ in range(20)]
            print(f"    open + first lookup (warm): {percentiles(opens)}")
            if drop_page_cache():
                print(f"    open + first lookup (cold page cache): {time_open(path):.1f} ms")
            time_lookups(path, 1000, rng)
        store.close()
        print("sqlite", sqlite3.sqlite_version)


if __name__ == "__main__":
    main()
