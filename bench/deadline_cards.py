"""Deadline cards over a year of cases: what the supervisor's view and the clerk's status-bar
count read, on the store worker.

A store with a year of cases (100,000 by default, about 274 a day, ten clerks), written
through the real path (record_decision); the cases older than a month completed, as the
portal's feed leaves them, the last month's still open. Prints the median and spread of:
every clerk's cards (the supervisor's view's read) and one clerk's (the status-bar count),
and the view's table filled with every clerk's cards (Qt offscreen, on the GUI thread).
Target (issue 17): the view opens within 300 ms of the click, so its read must be well under.
Run: .venv/bin/python -m bench.deadline_cards [--cases 100000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.common import percentiles, sample_decided, sample_id_number
from terminal import casebook, deadline_cards
from terminal.cases import Applicant
from terminal.clock import now
from terminal.config import Config
from terminal.identity import DocumentKind
from terminal.store import Store, open_store
from terminal.workdays import default_calendar

CLERKS = [f"clerk{n:02d}" for n in range(10)]


def fill(store: Store, count: int) -> None:
    template = sample_decided(0, now())  # its form checked today; its dates moved below
    start = now() - timedelta(days=365)
    step = timedelta(days=365) / count
    batch = 20_000
    for lo in range(0, count, batch):
        with store.write():
            for i in range(lo, min(count, lo + batch)):
                received = start + step * i
                cap = dataclasses.replace(
                    template.capture,
                    case_id=str(uuid.uuid4()),
                    applicant=Applicant(DocumentKind.RESIDENT_ID, "示例", sample_id_number(i)),
                )
                decided = dataclasses.replace(
                    template,
                    capture=cap,
                    received_at=received,
                    due_date=default_calendar().add_working_days(received.date(), 15),
                )
                casebook.record_decision(
                    store.conn, decided, terminal_id="XH-W01", clerk=CLERKS[i % 10], at=received
                )
    month_ago = (now() - timedelta(days=30)).isoformat()
    with store.write():
        store.conn.execute(
            "UPDATE cases SET state = 'completed' WHERE received_at < ?", (month_ago,)
        )


def timed(store: Store, clerk: str | None, runs: int) -> tuple[list[float], int]:
    thresholds = deadline_cards.thresholds_of(Config())
    calendar, today = default_calendar(), now().date()
    samples, found = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        found = len(deadline_cards.cards(store.conn, calendar, thresholds, today, clerk=clerk))
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, found


def table_fill(found: list[deadline_cards.Card], runs: int = 11) -> list[float]:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from terminal import catalogue
    from ui.widgets.cards_table import CardsTable

    app = QApplication.instance() or QApplication([])
    table = CardsTable(catalogue.load_default(), with_clerk=True)
    table.resize(1300, 600)
    table.show()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        table.show_cards(found)
        app.processEvents()  # the rows on screen painted
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        store = open_store(Path(folder) / "tongban.db", create=True)
        t0 = time.perf_counter()
        fill(store, args.cases)
        open_cases = store.conn.execute(
            "SELECT count(*) FROM cases WHERE state != 'completed'"
        ).fetchone()[0]
        print(f"{args.cases} cases ({open_cases} open) written in {time.perf_counter() - t0:.0f} s")
        every, cards = timed(store, None, args.runs)
        print(f"every clerk's cards ({cards}): {percentiles(every)}")
        one, cards = timed(store, CLERKS[3], args.runs)
        print(f"one clerk's cards ({cards}): {percentiles(one)}")
        found = deadline_cards.cards(
            store.conn, default_calendar(), deadline_cards.thresholds_of(Config()), now().date()
        )
        store.close()
    print(f"the view's table filled with {len(found)} cards: {percentiles(table_fill(found))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
