"""What an elderly citizen or a visitor changes at the kiosk, and what the next one finds:
English and back, the voice off and on, a receipt number on the numeric pad, topics
instead of bureaus, the ticket number a hand high."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from terminal.i18n import current_language
from ui.context import AppContext
from ui.kiosk.guide_page import GuidePage
from ui.kiosk.rate_page import RatePage
from ui.kiosk.receipt_form import receipt_letters
from ui.kiosk.ticket_page import TicketPage
from ui.kiosk.window import KioskWindow

from .kiosk_steps import status_page


class Voice:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


@pytest.fixture
def voice() -> Voice:
    return Voice()


@pytest.fixture
def kiosk(ctx: AppContext, qtbot: QtBot, voice: Voice) -> Iterator[KioskWindow]:
    window = KioskWindow(ctx, idle_seconds=90, voice=voice)
    qtbot.addWidget(window)
    window.resize(QSize(1080, 1920))
    window.show()
    yield window
    window.may_close = True
    if current_language() != "zh_CN":
        window.set_language("zh_CN")  # the next test starts in Chinese


def settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_english_for_a_visitor_then_chinese_again_for_the_next_citizen(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    assert kiosk.language.text() == "English"  # named in its own language
    kiosk.open_page("ticket")
    kiosk.language.click()
    settle()
    assert current_language() == "en"
    ticket = kiosk.pages["ticket"]
    assert isinstance(ticket, TicketPage)
    assert ticket.title.text() == "Please choose what you have come for"
    assert "公安" not in ticket.buttons["A"].text()  # the group's English name
    assert kiosk.back.text() == "Back" and kiosk.call_help.text() == "Call staff"
    assert kiosk.language.text() == "中文"
    assert kiosk.home.buttons["ticket"].text() == "Take a ticket"
    rate = kiosk.pages["rate"]
    assert isinstance(rate, RatePage)
    assert rate.title.text() == "Rate a finished case"
    assert rate.level_buttons[1].text() == "Very dissatisfied"
    assert rate.reason_buttons["wait"].text() == "Long wait"
    kiosk.start_over()  # the idle reset does the same
    settle()
    assert current_language() == "zh_CN"
    assert kiosk.home.buttons["ticket"].text() == "取号" and kiosk.back.text() == "返回"
    assert ticket.title.text() == "请选择要办理的业务"
    assert rate.title.text() == "为已办结的办件评价"


def test_the_voice_switch_silences_the_kiosk_until_the_next_citizen(
    kiosk: KioskWindow, voice: Voice
) -> None:
    kiosk.open_page("ticket")
    assert voice.said  # on by default: the screen's prompt is said
    kiosk.voice_switch.click()
    assert kiosk.voice_switch.text() == "声音：关"
    heard = len(voice.said)
    kiosk.open_page("guide")
    assert len(voice.said) == heard
    kiosk.start_over()
    assert kiosk.voice_switch.text() == "声音：开"
    kiosk.open_page("status")
    assert len(voice.said) == heard + 1


def test_the_receipt_number_is_fourteen_digits_on_the_pad(
    kiosk: KioskWindow, ctx: AppContext
) -> None:
    form = status_page(kiosk).form
    letters = receipt_letters(ctx.config.terminal_id)
    assert letters == "XH-W"  # this hall's counters: XH-W01, XH-W02 …
    for key in "03202612040012":
        form.keys[key].click()
    assert form.reference.text() == "XH-W03-20261204-0012"
    assert form.target is form.last4  # all there: on to the ID digits
    assert not form.keys["X"].isEnabled() or form.target is form.last4
    for key in "003X":
        form.keys[key].click()
    assert form.last4.text() == "003X"
    form.reference.setFocus()
    form._aim(form.reference)
    form.keys["⌫"].click()
    assert form.reference.text() == "XH-W03-20261204-001"
    # No letter key: the receipt has only the hall's letters, written by the form.
    assert not any(k.isalpha() and k != "X" for k in form.keys if len(k) == 1)
    kiosk.start_over()
    assert not form.reference.text() and not form.last4.text()


def test_a_scanned_receipt_is_taken_as_it_comes(kiosk: KioskWindow) -> None:
    form = status_page(kiosk).form
    form.reference.setText("PD-W07-20261201-0003")  # another hall's, from the QR scanner
    form.keys["9"].click()
    assert form.reference.text() == "PD-W07-20261201-00039"  # typed, not rewritten


def test_the_guide_starts_from_what_happened_in_the_citizens_life(kiosk: KioskWindow) -> None:
    kiosk.open_page("guide")
    guide = kiosk.pages["guide"]
    assert isinstance(guide, GuidePage)
    texts = [t.text() for t in guide.tiles.tiles]  # type: ignore[attr-defined]
    for words in ("生孩子", "退休", "开公司", "搬家"):
        assert any(words in t for t in texts), words
    assert not any("公安" in t or "人力资源" in t for t in texts)  # no bureau names first
    assert any("按部门" in t for t in texts)  # the old way, for who knows it
    guide.show_topic("birth")
    first = guide.tiles.tiles[0].text()  # type: ignore[attr-defined]
    assert "新生儿出生一件事" in first and "一次申请" in first


def test_the_ticket_number_is_a_hand_high_on_a_portrait_kiosk(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    kiosk.open_page("ticket")
    ticket = kiosk.pages["ticket"]
    assert isinstance(ticket, TicketPage)
    ticket.take("A")
    qtbot.waitUntil(lambda: bool(ticket.view.number.text()), timeout=5000)
    settle()
    number = ticket.view.number
    assert number.px >= 250  # was 96 pt (128 px) on every screen
    assert number.fontMetrics().horizontalAdvance(number.text()) <= number.width()
