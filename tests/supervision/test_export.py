"""``tongban supervise export``: a supervisor gets a period's figures as XLSX and as CSV (UTF-8
with a BOM) that read back with the figures; a clerk is refused in a sentence, journaled."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from terminal import hall, journal
from terminal.clock import CHINA
from terminal.store import open_store

from ..conftest import add_first_admin
from ..test_cli import run

AS_CLERK, AS_SUP = "li.clerk\npass-word-1\n", "zhou.sup\npass-word-1\n"
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=CHINA)
SPAN = ("--from", "2026-11-01", "--to", "2026-11-30")


@pytest.fixture
def hall_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data folder with a clerk and a supervisor, and two tickets served at window 3."""
    d = tmp_path / "data"
    assert run(capsys, "init", "--data-dir", str(d))[0] == 0
    add_first_admin(d)
    for name, role in (("li.clerk", "clerk"), ("zhou.sup", "supervisor")):
        argv = ("clerk", "add", name, "--role", role, "--data-dir", str(d))
        assert run(capsys, *argv, stdin="zhang.admin\nadmin-pass-1\npass-word-1\n")[0] == 0
    store = open_store(d / "tongban.db")
    for n, wait in enumerate((10, 20)):
        at = T0 + timedelta(hours=n)
        hall.issue_local(store, group="A", window=3, terminal="XH-W03", at=at)
        called = at + timedelta(minutes=wait)
        found = hall.call_next_local(
            store, window=3, groups=["A"], terminal="XH-W03", at=called, clerk="li.clerk"
        )
        assert found is not None
        done = called + timedelta(minutes=6)
        hall.act_local(store, found[0].id, "finish", window=3, terminal="XH-W03", at=done)
    store.close()
    return d


def test_a_supervisor_exports_csv_with_a_bom_that_reads_back(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "十一月.csv"
    argv = ("supervise", "export", *SPAN, "--format", "csv", "--out", str(out))
    code, said, err = run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_SUP)
    assert code == 0, err
    assert "已导出" in said and str(out) in said
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on a government PC reads it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    head = rows[0]
    assert head[:2] == ["维度", "项目"] and "平均等候（分钟）" in head
    total = dict(zip(head, rows[1], strict=True))
    assert total["维度"] == "合计" and total["办结（号）"] == "2" and total["取号"] == "2"
    assert total["平均等候（分钟）"] == "15.0" and total["平均办理（分钟）"] == "6.0"
    windows = [r for r in rows if r[0] == "窗口"]
    assert [r[1] for r in windows] == ["（未到窗口）", "3"]
    assert [r[1] for r in rows if r[0] == "时段（点）"] == ["9", "10"]
    with open_store(hall_day / "tongban.db") as store:
        entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "supervision.exported" and entry.actor == "zhou.sup"


def test_a_supervisor_exports_xlsx_that_opens_with_the_figures(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "month.xlsx"
    argv = ("supervise", "export", *SPAN, "--format", "xlsx", "--out", str(out))
    assert run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_SUP)[0] == 0
    sheet = openpyxl.load_workbook(out, read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2026-11-01 至 2026-11-30"
    total = dict(zip(rows[1], rows[2], strict=True))
    assert total["维度"] == "合计" and total["办结（号）"] == 2
    assert total["最长等候（分钟）"] == 20 and total["平均等候（分钟）"] == 15


def test_a_clerk_is_refused_in_a_sentence_and_nothing_is_written(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "x.csv"
    argv = ("supervise", "export", *SPAN, "--format", "csv", "--out", str(out))
    code, _, err = run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_CLERK)
    assert code == 1 and "li.clerk" in err and "supervisor" in err and "Traceback" not in err
    assert not out.exists()
    with open_store(hall_day / "tongban.db") as store:
        entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "supervision.refused" and entry.actor == "li.clerk"


def test_a_date_that_is_not_one_is_named_before_anyone_signs(
    hall_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = hall_day.parent / "x.csv"
    argv = ("supervise", "export", "--from", "2026-13-01", "--to", "2026-11-30")
    code, _, err = run(
        capsys, *argv, "--format", "csv", "--out", str(out), "--data-dir", str(hall_day)
    )
    assert code == 1 and "“2026-13-01”不是日期" in err and not out.exists()
    backwards = ("supervise", "export", "--from", "2026-11-30", "--to", "2026-11-01")
    code, _, err = run(
        capsys,
        *backwards,
        "--format",
        "csv",
        "--out",
        str(out),
        "--data-dir",
        str(hall_day),
    )
    assert code == 1 and "早于开始日期" in err and not out.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_place_that_cannot_be_written_is_named_and_nothing_is_left(
    hall_day: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = hall_day.parent / "no-such-folder" / f"x.{fmt}"
    argv = ("supervise", "export", *SPAN, "--format", fmt, "--out", str(out))
    code, _, err = run(capsys, *argv, "--data-dir", str(hall_day), stdin=AS_SUP)
    assert code == 1 and "无法写入" in err and str(out) in err and "Traceback" not in err
    assert not out.parent.exists()
