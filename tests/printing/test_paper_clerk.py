"""A case typed in from paper prints its clerk's name as 经办人, not a login id, though the
clerk who accepted it on paper has no account on the terminal that imported it."""

from __future__ import annotations

from pathlib import Path

from devices.printers.service import render_case_document
from terminal import clerks
from terminal.catalogue import load_default
from terminal.clock import now
from terminal.config import Config
from terminal.importer import import_file
from terminal.store import Store
from terminal.workdays import default_calendar

from .conftest import page_text

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "case-import.json"


def clerk_line(store: Store, receipt: str, tmp_path: Path) -> str:
    pdf = tmp_path / f"{receipt}.pdf"
    pdf.write_bytes(render_case_document(store, Config(), receipt)[2].pdf)
    return page_text(pdf)


def imported(store: Store) -> list[str]:
    return import_file(
        store,
        EXAMPLES,
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id="XH-W09",
        actor="sup.test",
    ).receipt_nos


def test_the_name_from_the_paper_prints_not_the_login(store: Store, tmp_path: Path) -> None:
    receipts = imported(store)
    rejected = clerk_line(store, receipts[2], tmp_path)  # the file names 赵敏
    assert "赵敏" in rejected and "zhao.min" not in rejected
    # No name in the file and no account here: the login id is all there is to print.
    assert "zhao.min" in clerk_line(store, receipts[3], tmp_path)


def test_an_account_here_gives_its_name_at_import_and_keeps_it(
    store: Store, tmp_path: Path
) -> None:
    clerks.add_clerk(
        store,
        username="zhao.min",
        display_name="赵敏",
        role=clerks.Role.CLERK,
        password="long-enough-1",
        actor="test",
        terminal="XH-W09",
        at=now(),
    )
    receipts = imported(store)
    row = store.conn.execute(
        "SELECT clerk, clerk_name FROM cases WHERE receipt_no = ?", (receipts[3],)
    ).fetchone()
    assert tuple(row) == ("zhao.min", "赵敏")  # the name the case was recorded with
    assert "赵敏" in clerk_line(store, receipts[3], tmp_path)
