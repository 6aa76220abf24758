"""The page a citizen's phone opens from the receipt's QR: the case's progress, after the last
four of the ID number, and nothing personal on it."""

from __future__ import annotations

import requests

from sync.portal import RunningPortal
from terminal.case_status import reference_from
from terminal.catalogue import Catalogue
from terminal.config import Config
from terminal.documents.model import queue_url, tracking_url

from .conftest import Terminal
from .helpers import client_for, drain, record_cases


def test_the_case_page_asks_the_last_four_then_shows_the_state_and_no_person(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    receipt, name, number = terminal.store.conn.execute(
        "SELECT receipt_no, applicant_name, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    page = tracking_url(Config(portal_url=portal.url), receipt)
    first = requests.get(page, timeout=10)
    assert first.status_code == 200 and "text/html" in first.headers["Content-Type"]
    assert "证件号码后四位" in first.text and "已收件" not in first.text
    wrong = "0000" if number[-4:] != "0000" else "1111"
    missed = requests.post(page, data={"id_last4": wrong}, timeout=10)
    assert "没有找到" in missed.text and "已收件" not in missed.text
    found = requests.post(page, data={"id_last4": number[-4:]}, timeout=10)
    assert "办件进度" in found.text and "已收件" in found.text and "12345" in found.text
    for page_text in (first.text, missed.text, found.text):
        assert name not in page_text and number[-4:] not in page_text


def test_an_unknown_page_is_a_plain_404_page(portal: RunningPortal) -> None:
    gone = requests.get(f"{portal.url}/q/00000000-0000-0000-0000-000000000000", timeout=10)
    assert gone.status_code == 404 and "找不到" in gone.text


def test_a_citys_own_pages_are_what_the_codes_carry_and_the_kiosk_reads_back() -> None:
    city = Config(
        public_track_url="https://zwfw.example.gov.cn/bjcx?ref={ref}",
        public_queue_url="https://zwfw.example.gov.cn/pd/{ticket}",
    )
    receipt = "XH-W09-20261120-0001"
    assert tracking_url(city, receipt) == f"https://zwfw.example.gov.cn/bjcx?ref={receipt}"
    assert queue_url(city, "abc") == "https://zwfw.example.gov.cn/pd/abc"
    # A kiosk's scanner types the address: the receipt number is found in either form.
    assert reference_from(tracking_url(city, receipt)) == receipt
    assert reference_from(tracking_url(Config(), receipt)) == receipt
    assert reference_from(receipt.lower()) == receipt
