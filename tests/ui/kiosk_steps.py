"""What a citizen does at the kiosk again and again in the tests: the example cases to ask
about, and asking (receipt number, last four, 查询)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from terminal.catalogue import load_default
from terminal.importer import import_file
from terminal.store import Store
from terminal.workdays import default_calendar
from ui.kiosk.pages import StatusPage
from ui.kiosk.receipt_form import ReceiptForm
from ui.kiosk.window import KioskWindow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "case-import.json"


class AsksByReceipt(Protocol):
    """The status and rate pages: a receipt form and a line that answers."""

    form: ReceiptForm
    result: QLabel


def example_cases(store: Store, terminal_id: str) -> list[str]:
    """The documented example cases (invented citizens), their receipt numbers: the first
    accepted (ID ends 0030), the second waiting for 补正 (ends 0041)."""
    return import_file(
        store,
        EXAMPLES,
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id=terminal_id,
        actor="sup.test",
    ).receipt_nos


def ask(page: AsksByReceipt, qtbot: QtBot, reference: str, last4: str, answered: str) -> str:
    """Type the receipt number and the last four, press the button, wait for ``answered``
    in the page's answer; the answer."""
    page.form.reference.setText(reference)
    page.form.last4.setText(last4)
    page.form.submit.click()
    qtbot.waitUntil(lambda: answered in page.result.text(), timeout=5000)
    return page.result.text()


def status_page(kiosk: KioskWindow) -> StatusPage:
    """查询办件进度, opened from wherever the kiosk is."""
    kiosk.open_page("status")
    page = kiosk.pages["status"]
    assert isinstance(page, StatusPage) and kiosk.stack.currentWidget() is page
    return page
