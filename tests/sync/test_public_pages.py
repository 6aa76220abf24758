"""The page a citizen's phone opens from the receipt's QR: the case's progress, after the last
four of the ID number, and nothing personal on it."""

from __future__ import annotations

import pytest
import requests

from sync.portal import RunningPortal
from terminal.case_status import reference_from
from terminal.catalogue import Catalogue
from terminal.config import Config, ConfigError, parse
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
    # A kiosk's scanner types the address: the receipt number is found in any city's form.
    for template in (
        "https://zwfw.example.gov.cn/bjcx?ref={ref}",
        "https://zwfw.example.gov.cn/bjcx?ref={ref}&src=qr",
        "https://zwfw.example.gov.cn/track/{ref}.html",
        "http://127.0.0.1:8700/track/{ref}",
    ):
        assert reference_from(template.replace("{ref}", receipt)) == receipt, template
    assert reference_from("https://x.example/track/SH20261120000042") == "SH20261120000042"
    assert reference_from(receipt.lower()) == receipt
    # Another QR (a queue ticket's, a chat app's) holds no receipt number: it stays whole,
    # refused as malformed, not looked up as a guess that counts against the kiosk.
    for other in (
        "http://127.0.0.1:8700/q/3f2a9c1e-1111-2222-3333-444455556666",
        "https://weixin.qq.com/r/AbC123xyz",
    ):
        assert reference_from(other) == other.upper()


@pytest.mark.parametrize(
    "template",
    [
        "https://{ref}.example.gov.cn/",  # in the host: the QR would lead anywhere
        "https://zwfw.example.gov.cn@elsewhere.example/{ref}",  # a user@ part
        "https://zwfw.example.gov.cn/track/",  # no slot
        "ftp://zwfw.example.gov.cn/{ref}",
    ],
)
def test_a_page_address_that_could_lead_elsewhere_is_refused(template: str) -> None:
    with pytest.raises(ConfigError):
        parse({"public_track_url": template}, "test")


def test_guesses_on_the_web_page_do_not_lock_the_citizen_out_at_the_kiosk(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    receipt, number = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    page = tracking_url(Config(portal_url=portal.url), receipt)
    wrong = "0000" if number[-4:] != "0000" else "1111"
    for _ in range(8):  # past the page's own limit for this receipt
        requests.post(page, data={"id_last4": wrong}, timeout=10)
    assert "查询次数较多" in requests.post(page, data={"id_last4": wrong}, timeout=10).text
    # The kiosk, asking with the right last four, is answered.
    status = client_for(terminal.key).case_status(receipt, number[-4:])
    assert status is not None and status["receipt_no"] == receipt
    # And a body that is not the page's small form is refused before it is read.
    big = requests.post(page, data={"id_last4": "x" * 5000}, timeout=10)
    assert big.status_code == 413 and "后四位" in big.text
