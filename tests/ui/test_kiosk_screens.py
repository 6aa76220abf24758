"""The kiosk as an elderly citizen alone meets it, on a portrait (1080×1920) and a landscape
(1920×1080) screen: every page and every result reachable without a portal, each checked
for text cut short, buttons off the screen, sideways scrolling, type too small to read,
and a window grown past the screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from terminal import case_state, casebook
from terminal.case_machine import CaseState
from terminal.clock import now
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.checkin_page import CheckinPage
from ui.kiosk.guide_page import GuidePage
from ui.kiosk.pages import StatusPage
from ui.kiosk.rate_page import RatePage
from ui.kiosk.ticket_page import TicketPage
from ui.kiosk.window import KioskWindow

from .kiosk_steps import ask, example_cases, status_page

PORTRAIT, LANDSCAPE = QSize(1080, 1920), QSize(1920, 1080)
BODY_PX, HEADING_PX = 32, 48


@pytest.fixture(params=[PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def screen(request: pytest.FixtureRequest) -> QSize:
    size: QSize = request.param
    return size


@pytest.fixture
def kiosk(ctx: AppContext, qtbot: QtBot, screen: QSize) -> Iterator[KioskWindow]:
    window = KioskWindow(ctx, idle_seconds=90)
    qtbot.addWidget(window)
    window.resize(screen)  # offscreen: the screen's size, as show_full_screen() sets it
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.may_close = True


@pytest.fixture
def cases(reader_store: Store, ctx: AppContext) -> list[str]:
    return example_cases(reader_store, ctx.config.terminal_id)


def settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def problems(kiosk: KioskWindow, screen: QSize) -> list[str]:
    """Everything a citizen would find wrong on the screen as it is now."""
    settle()
    found: list[str] = []
    if kiosk.size() != screen:
        found.append(f"the window is {kiosk.size().toTuple()}, the screen {screen.toTuple()}")
    hint = kiosk.minimumSizeHint()
    if hint.width() > screen.width() or hint.height() > screen.height():
        found.append(f"the window asks for {hint.toTuple()}, more than the screen")
    for area in kiosk.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0:
            found.append(f"{type(area).__name__} scrolls sideways")
    page = kiosk.stack.currentWidget()
    assert page is not None
    scroll = kiosk.stack.scroll_of(page)
    assert scroll is not None
    if page.width() > scroll.viewport().width():
        found.append(f"the page is {page.width()} wide in a {scroll.viewport().width()} screen")
    for widget in kiosk.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QPushButton):
            continue
        text = widget.text()
        name = f"{type(widget).__name__} {text[:30]!r}"
        if not text:
            continue
        least = HEADING_PX if widget.property("role") == "title" else BODY_PX
        px = QFontInfo(widget.font()).pixelSize()
        if px < least:
            found.append(f"{name}: {px} px type, under {least}")
        width = widget.contentsRect().width()
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{name}: wrapped text cut at the bottom")
        else:
            metrics = widget.fontMetrics()
            for line in text.split("\n"):
                if metrics.horizontalAdvance(line) > width:
                    found.append(f"{name}: {line!r} wider than its {width} px")
        if isinstance(widget, QPushButton):
            if page.isAncestorOf(widget):  # reachable by scrolling up and down
                scroll.ensureWidgetVisible(widget, 0, 0)
                where = rect_in(scroll.viewport(), kiosk)
            else:  # the bar: on the screen without scrolling
                where = kiosk.rect()
            if not where.contains(rect_in(widget, kiosk)):
                found.append(f"{name}: at {rect_in(widget, kiosk).getRect()}, off the screen")
    scroll.verticalScrollBar().setValue(0)
    return found


@dataclass
class _Card:
    """An ID card as the reader gives it (an invented citizen)."""

    name: str = "林样本"
    id_number: str = "110101195501010030"


def test_every_page_fits_the_screen_in_large_type(
    kiosk: KioskWindow,
    screen: QSize,
    qtbot: QtBot,
    cases: list[str],
    reader_store: Store,
) -> None:
    seen: dict[str, list[str]] = {}

    def look(state: str) -> None:
        seen[state] = problems(kiosk, screen)

    look("home")
    kiosk.open_page("ticket")
    look("ticket")
    ticket = kiosk.pages["ticket"]
    assert isinstance(ticket, TicketPage)
    ticket.green.click()
    ticket.take("A")  # no portal: the kiosk numbers it from its own range
    qtbot.waitUntil(lambda: bool(ticket.view.number.text()), timeout=5000)
    qtbot.waitUntil(lambda: "正在打印" not in ticket.view.printed.text(), timeout=10000)
    look("ticket taken")

    kiosk.start_over()
    kiosk.open_page("checkin")
    look("checkin without a reader")
    checkin = kiosk.pages["checkin"]
    assert isinstance(checkin, CheckinPage)
    checkin.set_reader(True)
    look("checkin asking for the card")
    checkin.read(_Card())
    qtbot.waitUntil(lambda: "没有找到" in checkin.status.text(), timeout=5000)
    look("checkin without a booking")

    kiosk.start_over()
    kiosk.open_page("status")
    look("status")
    status = kiosk.pages["status"]
    assert isinstance(status, StatusPage)
    ask(status, qtbot, cases[1], "0041", cases[1])
    look("status of a case waiting for 补正")
    status.form.last4.setText("9999")
    status.form.submit.click()
    qtbot.waitUntil(lambda: "没有找到" in status.result.text(), timeout=5000)
    look("status not found")

    kiosk.start_over()
    kiosk.open_page("guide")
    look("guide departments")
    guide = kiosk.pages["guide"]
    assert isinstance(guide, GuidePage)
    guide.show_department("GA")
    look("guide services")
    guide.choose("310104-GA-JZZ-0001")
    look("guide question")
    for question, value in (
        ("jzz_apply_type", "first"),
        ("jzz_basis", "employment"),
        ("residence_type", "rented"),
    ):
        guide.answer(question, value)
    look("guide materials")

    kiosk.start_over()
    kiosk.open_page("rate")
    look("rate")
    rate = kiosk.pages["rate"]
    assert isinstance(rate, RatePage)
    ask(rate, qtbot, cases[1], "0041", "办结后才能")
    look("rate a case not finished")
    case_id = casebook.find(reader_store, cases[0]).id
    for state in (CaseState.SYNCED, CaseState.COMPLETED):
        with reader_store.write():
            case_state.change(reader_store.conn, case_id, state, actor="portal", at=now())
    rate.form.reference.setText(cases[0])
    rate.form.last4.setText("0030")
    rate.form.submit.click()
    qtbot.waitUntil(rate.levels.isVisible, timeout=5000)
    look("rate the five levels")

    kiosk.start_over()
    kiosk.call_help.click()  # not enrolled: the call stays here, the citizen goes to the desk
    qtbot.waitUntil(lambda: bool(kiosk.help.words.text()), timeout=5000)
    qtbot.waitUntil(lambda: "正在呼叫" not in kiosk.help.words.text(), timeout=5000)
    look("help")

    kiosk.start_over()
    kiosk.language.click()  # a visitor: longer words on the same tiles and bar
    look("home in English")
    kiosk.open_page("ticket")
    look("ticket in English")
    kiosk.open_page("guide")
    look("guide in English")
    kiosk.start_over()  # Chinese again

    kiosk.idle._start_countdown()
    look("idle curtain")

    wrong = {state: found for state, found in seen.items() if found}
    assert not wrong, "\n".join(f"{s}: {'; '.join(f)}" for s, f in wrong.items())


def test_the_bar_stays_on_the_screen_after_a_long_page(
    kiosk: KioskWindow, screen: QSize, qtbot: QtBot
) -> None:
    """Once, a check-in grew the window past a 1080-line screen and it never shrank:
    返回 and 重新开始 fell off until restart."""
    kiosk.open_page("guide")
    guide = kiosk.pages["guide"]
    assert isinstance(guide, GuidePage)
    guide.show_department("GA")  # a long list of services
    settle()
    assert kiosk.size() == screen
    for button in (kiosk.back, kiosk.restart):
        assert button.isVisible()
        assert kiosk.rect().contains(rect_in(button, kiosk)), button.text()
    kiosk.restart.click()
    settle()
    assert kiosk.size() == screen and kiosk.rect().contains(rect_in(kiosk.restart, kiosk))


def test_the_fields_say_what_they_hold_once_typed_into(kiosk: KioskWindow) -> None:
    status = status_page(kiosk)
    form = status.form
    form.reference.setText("XH2025000001")
    form.last4.setText("0041")
    settle()
    for label, field, words in (
        (form.reference_label, form.reference, "回执编号"),
        (form.last4_label, form.last4, "后4位"),
    ):
        assert label.isVisible() and words in label.text()
        # Above its box, not beside it.
        assert rect_in(label, kiosk).bottom() <= rect_in(field, kiosk).top()
        assert label.buddy() is field
