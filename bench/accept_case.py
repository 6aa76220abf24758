"""Accepting one case at the counter: check + case, outbox row and journal entry, fsynced.

Target: p95 ≤ 10 ms. Run: .venv/bin/python -m bench.accept_case [--cases N] [--dir DIR]
The store goes on the disk the terminal would use (default: a temp folder
under /var/tmp, not tmpfs), because the fsync is the cost being measured.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import percentiles, sample_decided
from terminal import casebook
from terminal.clock import now
from terminal.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir or "/var/tmp") as d:
        store = open_store(Path(d) / "tongban.db", create=True)
        checks, writes, totals = [], [], []
        for i in range(args.cases + 20):
            t0 = time.perf_counter()
            decided = sample_decided(i, now())
            t1 = time.perf_counter()
            with store.write():
                casebook.record_decision(
                    store.conn, decided, terminal_id="XH-W01", clerk="bench", at=now()
                )
            t2 = time.perf_counter()
            if i >= 20:  # the first ones warm caches and the catalogue
                checks.append((t1 - t0) * 1000)
                writes.append((t2 - t1) * 1000)
                totals.append((t2 - t0) * 1000)
        store.close()
    print(f"check (decide):          {percentiles(checks)}")
    print(f"write (one transaction): {percentiles(writes)}")
    print(f"accept one case, total:  {percentiles(totals)}   target p95 ≤ 10 ms")


if __name__ == "__main__":
    main()
