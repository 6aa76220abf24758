"""``tongban supervise report``: a supervisor prints a day's 日报 as an A4 PDF that reads back
with the hall's figures per window against the targets, the deadline cards, the open 差评
follow-ups and the hour-by-hour served; a clerk is refused in a sentence, journaled."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal import journal
from terminal.store import open_store

from ..printing.conftest import page_text
from ..test_cli import run
from .test_export import AS_CLERK, AS_SUP, hall_day

__all__ = ["hall_day"]  # the fixture, shared with the export's tests
DAY = ("--day", "2026-11-26")


def test_a_supervisor_prints_the_days_report_that_reads_back(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "日报.pdf"
    argv = ("supervise", "report", *DAY, "--out", str(out))
    code, said, err = run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_SUP)
    assert code == 0, err
    assert "日报" in said and str(out) in said
    text = page_text(out)
    assert "政务服务大厅日报" in text and "2026-11-26" in text and "zhou.sup" in text
    layout = page_text(out, layout=True)
    # Window 3 served two, waits of 10 and 20 minutes (average 15, longest 20), 6 to handle.
    row = next(line for line in layout.splitlines() if line.split()[:1] == ["3"])
    assert row.split() == ["3", "2", "15.0", "20.0", "6.0"]
    assert "平均等候不超过 15 分钟" in text
    assert "红牌 0 张，黄牌 0 张" in text and "共 0 件" in text
    hours = next(line for line in layout.splitlines() if "9时" in line)
    assert hours.split() == ["时段", "9时", "10时"]
    served = next(line for line in layout.splitlines() if line.split()[:1] == ["办结"])
    assert served.split() == ["办结", "1", "1"]
    with open_store(hall_day / "tongban.db") as store:
        entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "supervision.reported" and entry.actor == "zhou.sup"
    assert entry.subject == "2026-11-26"


def test_a_wait_past_its_target_is_marked(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = hall_day / "config.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "target_wait_minutes = 15", "target_wait_minutes = 12"
        ),
        encoding="utf-8",
    )
    out = hall_day.parent / "d.pdf"
    argv = ("supervise", "report", *DAY, "--out", str(out))
    assert run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_SUP)[0] == 0
    layout = page_text(out, layout=True)
    row = next(line for line in layout.splitlines() if line.split()[:1] == ["3"])
    assert row.split()[:4] == ["3", "2", "15.0", "▲"]


def test_a_clerk_is_refused_and_no_report_is_written(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "x.pdf"
    argv = ("supervise", "report", *DAY, "--out", str(out))
    code, _, err = run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_CLERK)
    assert code == 1 and "li.clerk" in err and "supervisor" in err and "Traceback" not in err
    assert not out.exists()
    with open_store(hall_day / "tongban.db") as store:
        entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "supervision.refused" and entry.actor == "li.clerk"


def test_a_day_that_is_not_one_is_named_before_anyone_signs(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "x.pdf"
    argv = ("supervise", "report", "--day", "2026-11-31", "--out", str(out))
    code, _, err = run(capsys, *argv, "--data-dir", str(hall_day))
    assert code == 1 and "“2026-11-31”不是日期" in err and not out.exists()


def test_the_cards_print_receipt_numbers_never_a_citizens_name(tmp_path: Path) -> None:
    from datetime import date, datetime

    from terminal.clock import CHINA
    from terminal.deadline_cards import RED, YELLOW, Card
    from terminal.documents.daily_report import DailyReport
    from terminal.documents.fonts import font_set
    from terminal.documents.render import render_daily_report
    from terminal.supervision.figures import Figures, derived

    def card(colour: str, no: str) -> Card:
        over = 3 if colour == RED else 0
        return Card(colour, "due", "c" + no, no, "310104-GA-JZZ-0001", "li.clerk", "李办",
                    "张*", date(2026, 11, 20), 0 if over else 2, over)  # fmt: skip

    empty = Figures("2026-11-26", "2026-11-26", derived({}), {"window": [], "hour": []})
    report = DailyReport(
        "徐汇区政务服务中心", date(2026, 11, 26), datetime(2026, 11, 26, 18, tzinfo=CHINA),
        "zhou.sup", (15, 30, 20), empty,
        [card(RED, "XH-W01-20261101-0007"), card(YELLOW, "XH-W01-20261120-0002")], [],
    )  # fmt: skip
    out = tmp_path / "r.pdf"
    out.write_bytes(render_daily_report(report, font_set()).pdf)
    text = page_text(out)
    assert "红牌 1 张，黄牌 1 张" in text
    assert "XH-W01-20261101-0007" in text and "超期 3 天" in text and "剩 2 个工作日" in text
    assert "张*" not in text and "李办" not in text
    assert "当日没有办结记录" in text
