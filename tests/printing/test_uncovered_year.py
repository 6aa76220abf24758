"""A promised date in a year the working-day calendar does not cover (review finding 11):
counted in weekdays, it may move, so the paper says 遇法定节假日顺延 and the journal keeps
which year was missing; a date the calendar covers is printed as before."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from devices.printers.service import render_case_document
from terminal import casebook
from terminal.cases import Decision, decide
from terminal.catalogue import load_default
from terminal.clock import CHINA
from terminal.config import Config
from terminal.fees import FeeTaken
from terminal.store import Store
from terminal.workdays import default_calendar

from ..test_fees import bdc_capture
from .conftest import page_text

MOVES = "（遇法定节假日顺延）"


def printed(
    store: Store, received: datetime, case_id: str, tmp_path: Path
) -> tuple[str, dict[str, Any]]:
    capture = replace(bdc_capture(FeeTaken("cash")), case_id=case_id)
    decided = decide(
        load_default(), capture, Decision.ACCEPTED, received_at=received,
        calendar=default_calendar(),  # the shipped one: 2026 only
    )  # fmt: skip
    with store.write():
        receipt = casebook.record_decision(
            store.conn, decided, terminal_id="XH-W09", clerk="wang.li", at=received
        )
    _, _, rendered = render_case_document(store, Config(), receipt, fmt="a4")
    pdf = tmp_path / f"{receipt}.pdf"
    pdf.write_bytes(rendered.pdf)
    entry = store.conn.execute(
        "SELECT details FROM journal WHERE action = 'case.decided' AND subject = ?", (case_id,)
    ).fetchone()
    return page_text(pdf).replace("\n", ""), json.loads(entry[0])


def test_a_date_in_a_year_the_calendar_leaves_out_may_move_and_says_so(
    store: Store, tmp_path: Path
) -> None:
    new_year = datetime(2026, 12, 31, 10, tzinfo=CHINA)  # due in 2027: no holidays known
    text, journaled = printed(store, new_year, "5a1e0000-0000-4000-8000-0000000000b1", tmp_path)
    assert "承诺办结日期：2027年" in text and MOVES in text
    assert journaled["calendar_uncovered"] == [2027]
    november = datetime(2026, 11, 26, 10, tzinfo=CHINA)
    text, journaled = printed(store, november, "5a1e0000-0000-4000-8000-0000000000b2", tmp_path)
    assert "承诺办结日期：2026年" in text and MOVES not in text
    assert "calendar_uncovered" not in journaled
