"""The supervisor's figures over a year of events: today, the week, the month, and a month's
export (issue 17: the view's figures within 300 ms, a month's export under 2 s).

A store with a year of events (about 200,000 tickets and 100,000 cases by default: 250
working days, ten windows with a clerk each, six services, 08:30–17:30), each written
through the real writer (terminal/supervision/events.py ``record``: the order checked, the
event and its roll-up in one transaction per day). The queue and case rows themselves are
left out: the figures read only events and roll-ups. Prints medians and spreads of:
- the figures of today, the week so far and the month so far (every cut: window, clerk,
  service, hour, day), from the roll-ups, as the view computes them on its worker;
- the same month straight from the raw events (what a design without roll-ups costs);
- a month's export to XLSX and to CSV (terminal/supervision/export.py), file written.
Run: .venv/bin/python -m bench.supervision_year [--tickets 200000] [--cases 100000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import percentiles
from terminal.clock import CHINA
from terminal.store import Store, open_store
from terminal.supervision import events, figures
from terminal.workdays import default_calendar

SERVICES = ["A", "B", "C", "D", "E", "F"]
WINDOWS = list(range(1, 11))
LAST_DAY = date(2026, 11, 27)


def working_days(n: int) -> list[date]:
    cal, days, d = default_calendar(), [], LAST_DAY
    while len(days) < n:
        if cal.is_working_day(d):
            days.append(d)
        d -= timedelta(days=1)
    return sorted(days)


def ticket_life(rng: random.Random, start: datetime) -> list[tuple[str, datetime, int]]:
    """(kind, at, window) of one possible life: most served, some skipped or transferred."""
    w = rng.choice(WINDOWS)
    at = start + timedelta(seconds=rng.randint(60, 2400))
    life = [("taken", start, 0), ("called", at, w)]
    roll = rng.random()
    if roll < 0.06:
        life.append(("skipped", at + timedelta(seconds=60), w))
        life.append(("no_show", at + timedelta(seconds=900), w))
        return life
    if roll < 0.12:
        at += timedelta(seconds=rng.randint(60, 600))
        life.append(("transferred", at, w))
        w = rng.choice(WINDOWS)
        at += timedelta(seconds=rng.randint(60, 1200))
        life.append(("called", at, w))
    at += timedelta(seconds=rng.randint(5, 60))
    life.append(("served_from", at, w))
    life.append(("served_to", at + timedelta(seconds=rng.randint(120, 1500)), w))
    return life


def fill(store: Store, tickets: int, cases: int, days: list[date]) -> None:
    rng = random.Random(17)
    per_t, per_c = tickets // len(days), cases // len(days)
    n = 0
    for day in days:
        opening = datetime(day.year, day.month, day.day, 8, 30, tzinfo=CHINA)
        with store.write():
            for _ in range(per_t):
                n += 1
                start = opening + timedelta(seconds=rng.randint(0, 7 * 3600))
                service = rng.choice(SERVICES)
                for kind, at, w in ticket_life(rng, start):
                    clerk = f"clerk{w:02d}" if w else ""
                    events.record(
                        store.conn, events.Event(f"t{n}", kind, at, "XH-W01", w, clerk, service)
                    )
            for _ in range(per_c):
                n += 1
                at = opening + timedelta(seconds=rng.randint(0, 8 * 3600))
                w = rng.choice(WINDOWS)
                outcome = rng.choice(["accepted"] * 8 + ["needs_correction", "rejected"])
                due = {"due": [(day + timedelta(days=20)).isoformat()]}
                events.case_received(
                    store.conn,
                    f"c{n}",
                    service=rng.choice(SERVICES),
                    outcome=outcome,
                    dates=due,
                    terminal="XH-W01",
                    clerk=f"clerk{w:02d}",
                    at=at,
                )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def raw_month(store: Store, start: date, end: date) -> None:
    """A month from the raw events, every cut: the cost the roll-ups avoid."""
    span = (start.isoformat(), end.isoformat())
    for col in ("window_no", "clerk", "service", "hour", "day"):
        store.conn.execute(
            f"SELECT {col}, kind, count(*), sum(seconds), max(seconds) FROM events"
            " WHERE day BETWEEN ? AND ? GROUP BY 1, 2",
            span,
        ).fetchall()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--tickets", type=int, default=200_000)
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--days", type=int, default=250)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--dir", type=Path, default=None)
    args = p.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tongban-supervision-"))
    store = open_store(folder / "tongban.db", create=True)
    days = working_days(args.days)
    if not store.conn.execute("SELECT count(*) FROM events").fetchone()[0]:
        t0 = time.perf_counter()
        fill(store, args.tickets, args.cases, days)
        print(f"filled in {time.perf_counter() - t0:.1f} s: {folder}")
    counts = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    rollups = store.conn.execute("SELECT count(*) FROM figures_daily").fetchone()[0]
    print(f"{counts} events, {rollups} roll-up rows, {len(days)} days")
    today = days[-1]
    spans = {
        "today": (today, today),
        "week": figures.week_of(today),
        "month": figures.month_of(today),
    }
    for name, (a, b) in spans.items():
        ms = timed(lambda a=a, b=b: figures.period(store.conn, a, b), args.repeat)
        print(f"figures {name:5s} (roll-ups): {percentiles(ms)}")
    month = spans["month"]
    view = timed(
        lambda: [figures.period(store.conn, *spans[s]) for s in ("today", "week")], args.repeat
    )
    print(f"view's figures (today + week): {percentiles(view)}")
    ms = timed(lambda: raw_month(store, *month), max(3, args.repeat // 3))
    print(f"figures month (raw events, no roll-ups): {percentiles(ms)}")
    export_month(store, month, folder, args.repeat)
    view_open(store, datetime(today.year, today.month, today.day, 16, tzinfo=CHINA), args.repeat)
    store.close()


def view_open(store: Store, at: datetime, repeat: int) -> None:
    """大厅概况 as the view opens it: the store job (for_view) then the widget filled and
    painted, with its chart (offscreen, on this thread). The first one pays QtCharts' import."""
    import os
    import subprocess
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    cold = subprocess.run(
        [sys.executable, "-c", _COLD_CHARTS], capture_output=True, text=True, check=True
    )
    print(f"QtCharts' import, cold, after QtWidgets: {cold.stdout.strip()} ms")
    from PySide6.QtWidgets import QApplication

    from terminal.config import Config
    from ui.widgets.hall_figures import HallFigures

    app = QApplication.instance() or QApplication([])
    ms = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        shown = figures.for_view(store.conn, at)
        box = HallFigures(Config(), lambda *a: None, lambda: "bench")
        box.show_figures(shown)
        box.show()
        app.processEvents()
        ms.append((time.perf_counter() - t0) * 1000)
        box.close()
        box.deleteLater()
    print(
        f"大厅概况 opened (read, filled, chart, painted): first {ms[0]:.1f} ms; {percentiles(ms[1:])}"
    )


_COLD_CHARTS = (
    "import time; import PySide6.QtWidgets; t = time.perf_counter(); import PySide6.QtCharts;"
    " print(round((time.perf_counter() - t) * 1000, 1))"
)


def export_month(store: Store, month: tuple[date, date], folder: Path, repeat: int) -> None:
    try:
        from terminal.supervision import export
    except ImportError:  # before the export exists
        return
    for fmt in ("xlsx", "csv"):
        out = folder / f"month.{fmt}"
        ms = timed(
            lambda fmt=fmt, out=out: export.write(store.conn, *month, fmt, out), max(3, repeat // 3)
        )
        print(f"export month {fmt}: {percentiles(ms)} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
