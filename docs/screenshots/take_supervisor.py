"""Screenshots of the supervisor's view (主管视图) at the counter's 1366×768, normal and large
type, under Xvfb as a person sees it.

Run: xvfb-run -a -s "-screen 0 1920x1080x24" python docs/screenshots/take_supervisor.py
The cases are docs/examples/case-import.json's invented citizens, received on several days
by three clerks, so that some are late (红牌) and some near their day (黄牌); two of them are
rated 不满意, one long ago (its follow-up overdue).
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from terminal import casebook, catalogue_versions, clerks, clock, followups, importer
from terminal.ratings import record_rating
from terminal.store import open_store
from terminal.workdays import default_calendar
from ui import demo, style
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.screen_fit import fit_to

OUT = Path(__file__).parent
ROOT = Path(__file__).resolve().parents[2]
COUNTER = QRect(0, 0, 1366, 728)
TODAY = datetime(2026, 12, 4, 9, 30, tzinfo=clock.CHINA)  # a Friday: the view's "today"
CLERKS = ("wang.li", "li.na", "zhao.min")


def shoot(widget: QWidget, name: str) -> None:
    picture = widget.grab()  # the view alone, as the window's screenshots grab theirs
    picture.save(str(OUT / name))
    print("wrote", OUT / name)


def cases(data_dir: Path, config_terminal: str) -> None:
    example = json.loads((ROOT / "docs" / "examples" / "case-import.json").read_text("utf-8"))
    records = []
    for n, days_ago in enumerate((60, 35, 28, 24, 21, 18, 16, 14)):
        for k, record in enumerate(example["cases"]):
            r = copy.deepcopy(record)
            received = TODAY - timedelta(days=days_ago, hours=k)
            r["paper_receipt_no"] = f"XH-PAPER-{received:%Y%m%d}-{n}{k}"
            r["received_at"] = received.isoformat()
            r["clerk"] = CLERKS[(n + k) % len(CLERKS)]
            records.append(r)
    store = open_store(data_dir / "tongban.db")
    try:
        imported = importer.import_records(
            store,
            {**example, "cases": records},
            catalogue=catalogue_versions.current_in(data_dir / "tongban.db"),
            calendar=default_calendar(),
            terminal_id=config_terminal,
            actor="demo",
        )
        rule = followups.rule_for((1, 2), 5, default_calendar())
        for receipt, (level, days_ago) in zip(
            imported.receipt_nos[:2], ((2, 20), (1, 1)), strict=True
        ):
            record_rating(
                store, casebook.find(store, receipt).id, level, "", channel="counter", terminal=config_terminal,
                actor="wang.li", at=TODAY - timedelta(days=days_ago), reason="wait", followup=rule,
            )  # fmt: skip
    finally:
        store.close()


def tickets(data_dir: Path, terminal: str, window: int) -> None:
    """This window's week of tickets (Monday to this morning), for 大厅概况: waits growing in
    the mid-morning rush, a few skipped, three still waiting now."""
    import random

    from terminal import hall

    rng = random.Random(17)
    store = open_store(data_dir / "tongban.db")
    monday = TODAY - timedelta(days=TODAY.weekday())
    try:
        for d in range(TODAY.weekday() + 1):
            opening = monday.replace(hour=8, minute=30) + timedelta(days=d)
            last = TODAY if d == TODAY.weekday() else opening.replace(hour=16, minute=30)
            at = opening
            while at < last - timedelta(minutes=20):
                taken = at
                hall.issue_local(store, group="A", window=window, terminal=terminal, at=taken)
                at = taken + timedelta(minutes=rng.randint(4, 14))
                found = hall.call_next_local(
                    store, window=window, groups=["A"], terminal=terminal, at=at, clerk="wang.li"
                )
                if found is None:
                    continue
                if rng.random() < 0.08:
                    hall.act_local(
                        store, found[0].id, "skip", window=window, terminal=terminal, at=at
                    )
                    continue
                at += timedelta(minutes=rng.randint(5, 18))
                hall.act_local(
                    store, found[0].id, "finish", window=window, terminal=terminal, at=at
                )
        for minutes in (35, 22, 9):  # waiting now
            hall.issue_local(
                store,
                group="A",
                window=window,
                terminal=terminal,
                at=TODAY - timedelta(minutes=minutes),
            )
    finally:
        store.close()


def main() -> int:
    clock.now = lambda: TODAY  # the view counts from this day, whatever day it is taken (last)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        config = demo.prepare_data(data_dir)
        cases(data_dir, config.terminal_id)
        tickets(data_dir, config.terminal_id, config.window)
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        ctx.clerk = clerks.Clerk("zhou.zhuguan", "周主管", clerks.Role.SUPERVISOR)
        window = open_window(ctx)
        window.setGeometry(COUNTER)
        window.show()

        def view_open() -> None:
            window.actions_by_name["supervisor_view"].trigger()
            entry = window.supervision.view_entry
            if entry is not None and entry.view is not None:
                fit_to(entry.view, COUNTER, 1366, 728)

        def view_shot(name: str) -> None:
            entry = window.supervision.view_entry
            if entry is not None and entry.view is not None:
                shoot(entry.view, name)

        def large(on: bool) -> None:
            qapp = QApplication.instance()
            assert isinstance(qapp, QApplication)
            style.apply(qapp, large=on)

        steps = [
            view_open,
            lambda: view_shot("supervisor-view-1366.png"),
            lambda: large(True),
            lambda: view_shot("supervisor-view-1366-large-type.png"),
            app.quit,
        ]
        for i, step in enumerate(steps):
            QTimer.singleShot(800 * (i + 1), step)
        app.exec()
        shutdown(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
