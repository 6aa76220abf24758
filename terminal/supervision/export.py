"""A period's figures as a file for the monthly review: XLSX (XlsxWriter) or CSV in UTF-8
with a BOM, so Excel on a government PC opens the Chinese headings as they are.

One table: the period's total, then every cut (window, clerk, service, department, day,
hour), each row its counts and its times in minutes; the XLSX has the departments again on
a sheet of their own (部门), for the review that asks per department. Nothing about a
citizen: the figures hold none. The file is written beside its name and moved in place, so
a failed export leaves no half file where the last good one was.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from terminal import journal
from terminal.i18n import TongbanError, tr
from terminal.store import Store
from terminal.supervision import figures

FORMATS = ("xlsx", "csv")
_NONE = {"department": "supervision.key.no_department"}
_SECONDS = ("avg_wait", "wait_max", "avg_handle", "handle_max")  # shown in minutes


class ExportError(TongbanError):
    pass


def headings() -> list[str]:
    return [tr("supervision.col.cut"), tr("supervision.col.key")] + [
        tr(f"supervision.col.{c}") for c in figures.SHOWN
    ]


def _values(row: dict[str, Any]) -> list[Any]:
    return [round(row[c] / 60, 1) if c in _SECONDS else row[c] for c in figures.SHOWN]


def table(f: figures.Figures) -> list[list[Any]]:
    """The rows of the file, headings excluded: the total first, then each cut."""
    span = tr("supervision.period", start=f.start, end=f.end)
    rows: list[list[Any]] = [[tr("supervision.cut.total"), span, *_values(f.total)]]
    for dim in figures.DIMENSIONS:
        for r in f.by.get(dim, []):
            key = (
                r["key"] if r["key"] not in ("", 0) else tr(_NONE.get(dim, "supervision.key.none"))
            )
            rows.append([tr(f"supervision.cut.{dim}"), key, *_values(r)])
    return rows


@dataclass(frozen=True)
class HallSums:
    """The hall's figures as the portal summed them (every terminal), for the view's XLSX:
    a sheet of their own, labelled as the hall's, beside this terminal's."""

    periods: list[figures.Figures]  # today, the week so far
    as_of: str
    terminals: int


def write(
    conn: sqlite3.Connection,
    start: date,
    end: date,
    fmt: str,
    out: Path,
    hall: HallSums | None = None,
) -> int:
    """Write the figures of ``start`` … ``end`` to ``out``; the number of rows written. The
    hall's sums (an XLSX from the view, when the portal answered) go on a sheet of their own."""
    if fmt not in FORMATS:
        raise ExportError("supervision.export.format", format=fmt)
    if end < start:
        raise ExportError("supervision.export.span", start=start, end=end)
    rows = table(figures.period(conn, start, end))
    part = out.with_name(out.name + ".part")
    try:
        if fmt == "csv":
            with part.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(headings())
                w.writerows(rows)
        else:
            _xlsx(part, rows, tr("supervision.period", start=start, end=end), hall)
        os.replace(part, out)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise ExportError("supervision.export.write", path=str(out), reason=e.strerror or e) from e
    return len(rows)


def write_bytes(out: Path, data: bytes) -> None:
    """A finished file (the 日报's PDF) beside its name, then moved in place: no half file."""
    part = out.with_name(out.name + ".part")
    try:
        part.write_bytes(data)
        os.replace(part, out)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise ExportError("supervision.export.write", path=str(out), reason=e.strerror or e) from e


def _xlsx(path: Path, rows: list[list[Any]], title: str, hall: HallSums | None) -> None:
    import xlsxwriter  # only when exporting: it is not on the window's start path

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = book.add_worksheet(tr("supervision.sheet"))
        bold = book.add_format({"bold": True})
        sheet.write(0, 0, title, bold)
        sheet.write_row(1, 0, headings(), bold)
        for n, row in enumerate(rows, start=2):
            sheet.write_row(n, 0, row)
        sheet.freeze_panes(2, 2)
        sheet.set_column(0, 1, 14)
        department = tr("supervision.cut.department")
        depts = book.add_worksheet(department)
        depts.write(0, 0, title, bold)
        depts.write_row(1, 0, headings(), bold)
        for n, row in enumerate((r for r in rows if r[0] == department), start=2):
            depts.write_row(n, 0, row)
        depts.set_column(0, 1, 14)
        if hall is not None:
            sheet_of_hall = book.add_worksheet(tr("supervision.sheet.hall"))
            said = tr("supervision.hall_title", as_of=hall.as_of, terminals=hall.terminals)
            sheet_of_hall.write(0, 0, said, bold)
            sheet_of_hall.write_row(1, 0, headings(), bold)
            hall_rows = [r for f in hall.periods for r in table(f)]
            for n, row in enumerate(hall_rows, start=2):
                sheet_of_hall.write_row(n, 0, row)
            sheet_of_hall.set_column(0, 1, 14)
    finally:
        try:
            book.close()  # the file is created here
        except xlsxwriter.exceptions.FileCreateError as e:
            cause = e.args[0] if e.args and isinstance(e.args[0], OSError) else None
            raise cause or OSError(str(e)) from e


def export_journaled(
    store: Store,
    start: date,
    end: date,
    fmt: str,
    out: Path,
    *,
    by: str,
    terminal: str,
    at: datetime,
    hall: HallSums | None = None,
) -> int:
    """``write``, then its journal entry under the signer's name (the command, the view)."""
    rows = write(store.conn, start, end, fmt, out, hall)
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=by,
            terminal=terminal,
            action="supervision.exported",
            subject=f"{start}/{end}",
            details={"format": fmt, "rows": rows, "hall": hall is not None},
        )
    return rows
