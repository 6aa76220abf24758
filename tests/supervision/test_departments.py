"""Figures per department (issue 17: "per window, clerk, service, department, hour and day"):
the department is a service code's second segment (``310104-GA-JZZ-0001`` → GA); the export
has them as a section of the CSV and a sheet of the XLSX, and the 日报 as a table."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from terminal.store import open_store
from terminal.supervision.events import case_received

from ..printing.conftest import page_text
from ..test_cli import run
from .test_export import AS_SUP, SPAN, T0, hall_day

__all__ = ["hall_day"]  # the fixture, shared with the export's tests
CASES = ("310104-GA-JZZ-0001", "310104-GA-HJ-0002", "310104-MZ-HY-0001")


@pytest.fixture
def cases_day(hall_day: Path) -> Path:
    """Beside the two tickets, three cases received: two of 公安 (GA), one of 民政 (MZ)."""
    with open_store(hall_day / "tongban.db") as store, store.write():
        for n, service in enumerate(CASES):
            case_received(store.conn, f"case-{n}", service=service, outcome="accepted",
                          dates={}, terminal="XH-W03", clerk="li.clerk",
                          at=T0 + timedelta(minutes=n))  # fmt: skip
    return hall_day


def _departments(rows: list[list[str]]) -> dict[str, str]:
    col = rows[0].index("收件")
    return {r[1]: r[col] for r in rows if r[0] == "部门"}


def test_the_csv_has_a_section_per_department(
    cases_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cases_day.parent / "d.csv"
    argv = ("supervise", "export", *SPAN, "--format", "csv", "--out", str(out))
    assert run(capsys, *argv, "--data-dir", str(cases_day), stdin=AS_SUP)[0] == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    # The tickets' queue group has no department: said so, not left blank.
    assert _departments(rows) == {"GA": "2", "MZ": "1", "（未分部门）": "0"}


def test_the_xlsx_has_a_sheet_of_departments(
    cases_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cases_day.parent / "d.xlsx"
    argv = ("supervise", "export", *SPAN, "--format", "xlsx", "--out", str(out))
    assert run(capsys, *argv, "--data-dir", str(cases_day), stdin=AS_SUP)[0] == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[1] == "部门"
    rows = [[str(c) for c in r] for r in book["部门"].iter_rows(values_only=True)]
    assert rows[0][0] == "2026-11-01 至 2026-11-30"
    assert _departments(rows[1:]) == {"GA": "2", "MZ": "1", "（未分部门）": "0"}


def test_the_daily_report_has_the_departments(
    cases_day: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = cases_day.parent / "r.pdf"
    argv = ("supervise", "report", "--day", "2026-11-26", "--out", str(out))
    assert run(capsys, *argv, "--data-dir", str(cases_day), stdin=AS_SUP)[0] == 0
    layout = page_text(out, layout=True).splitlines()
    assert next(x for x in layout if x.split()[:1] == ["GA"]).split() == ["GA", "0", "2", "0"]
    assert next(x for x in layout if x.split()[:1] == ["MZ"]).split() == ["MZ", "0", "1", "0"]
