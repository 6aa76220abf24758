"""The self-service kiosk, driven as a citizen drives it (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from sync.errors import LookupThrottled
from terminal import case_state, casebook
from terminal.case_machine import CaseState
from terminal.clock import now
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.pacing import FIRST_DELAY, FREE_MISSES, MissPacer
from ui.kiosk.rate_page import RatePage
from ui.kiosk.ticket_page import TicketPage
from ui.kiosk.window import KioskWindow

from .kiosk_steps import ask, example_cases, status_page


@pytest.fixture
def cases(reader_store: Store, ctx: AppContext) -> list[str]:
    return example_cases(reader_store, ctx.config.terminal_id)


@pytest.fixture
def kiosk(ctx: AppContext, qtbot: QtBot) -> Iterator[KioskWindow]:
    window = KioskWindow(ctx, idle_seconds=90)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.may_close = True


def scan(field: QLineEdit, qtbot: QtBot, text: str) -> None:
    """A barcode scanner types like a keyboard and ends with Enter."""
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_status_by_the_receipts_qr_and_the_last_four(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)
    scan(page.form.reference, qtbot, f"http://127.0.0.1:8700/track/{cases[1]}")
    page.form.last4.setText("0041")
    page.form.submit.click()
    qtbot.waitUntil(lambda: cases[1] in page.result.text(), timeout=5000)
    text = page.result.text()
    assert "待补正" in text and "社会保障卡" in text  # the state and what to bring
    assert "本机记录" in text  # and where the answer comes from


def test_a_wrong_last_four_shows_nothing_about_anybody(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)
    ask(page, qtbot, cases[1], "9999", "没有找到")
    assert cases[1] not in page.result.text()


def test_rating_a_case_by_its_receipt(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str], reader_store: Store
) -> None:
    case_id = casebook.find(reader_store, cases[0]).id
    for state in (CaseState.SYNCED, CaseState.COMPLETED):  # 办结, as the portal said later
        with reader_store.write():
            case_state.change(reader_store.conn, case_id, state, actor="portal", at=now())
    kiosk.open_page("rate")
    page = kiosk.pages["rate"]
    assert isinstance(page, RatePage)
    page.form.reference.setText(cases[0])
    page.form.last4.setText("0030")
    page.form.submit.click()
    qtbot.waitUntil(page.levels.isEnabled, timeout=5000)
    assert page.levels.isVisible() and not page.form.isVisible(), "the levels replace the keypad"
    page.levels.findChildren(type(page.form.submit))[0].click()  # 非常满意
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    row = reader_store.conn.execute("SELECT level, channel FROM ratings").fetchone()
    assert tuple(row) == (5, "kiosk")
    # The form is back, empty; a second rating of the same case is refused before a level.
    assert page.form.isVisible() and page.form.reference.text() == ""
    ask(page, qtbot, cases[0], "0030", "已经评价过")
    assert not page.levels.isEnabled()
    assert reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1


def test_a_case_still_in_progress_cannot_be_rated_yet(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str], reader_store: Store
) -> None:
    kiosk.open_page("rate")
    page = kiosk.pages["rate"]
    assert isinstance(page, RatePage)
    ask(page, qtbot, cases[1], "0041", "办结后才能")
    assert "待补正" in page.result.text() and not page.levels.isEnabled()
    assert reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0


def test_the_guide_prints_a_personal_materials_list(
    kiosk: KioskWindow, qtbot: QtBot, ctx: AppContext
) -> None:
    kiosk.open_page("guide")
    guide = kiosk.pages["guide"]
    guide.show_department("GA")  # type: ignore[attr-defined]
    guide.choose("310104-GA-JZZ-0001")  # type: ignore[attr-defined]
    for question, value in (
        ("jzz_apply_type", "first"),
        ("jzz_basis", "employment"),
        ("residence_type", "rented"),
    ):
        guide.answer(question, value)  # type: ignore[attr-defined]
    assert "请带齐以下材料" in guide.title.text()  # type: ignore[attr-defined]
    guide.print_list()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "请取走" in guide.status.text(), timeout=10000)  # type: ignore[attr-defined]
    assert len(list((ctx.data_dir / "prints").glob("*.pdf"))) == 1


def test_left_alone_it_counts_down_then_wipes_everything_personal(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)
    ask(page, qtbot, cases[1], "0041", cases[1])
    kiosk.idle._start_countdown()
    # The warning over the whole screen, with the seconds left and one button to stay.
    curtain = kiosk.curtain
    assert curtain.isVisible() and "20 秒后返回首页" in curtain.words.text()
    qtbot.waitUntil(lambda: curtain.geometry() == kiosk.rect(), timeout=3000)  # all of it
    assert curtain.stay.text() == "继续使用"
    curtain.stay.click()  # the citizen is back: the countdown stops, nothing is lost
    assert not curtain.isVisible() and cases[1] in page.result.text()
    kiosk.idle._start_countdown()
    kiosk.idle.expire_now()  # nobody came back
    assert not curtain.isVisible()
    assert kiosk.stack.currentWidget() is kiosk.home
    assert kiosk.session.is_empty()
    personal = (cases[1], "0041", "李样本", "社会保障卡补换")
    for widget in kiosk.findChildren(QLineEdit):
        assert not widget.text()
    for label in kiosk.findChildren(QLabel):
        assert not any(value in label.text() for value in personal), label.text()


def test_the_kiosk_cannot_be_closed_without_an_admin(kiosk: KioskWindow) -> None:
    kiosk.close()
    assert kiosk.isVisible()


class _Voice:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_spoken_prompts_say_what_to_do_on_each_screen_and_warn_before_the_wipe(
    ctx: AppContext, qtbot: QtBot
) -> None:
    voice = _Voice()
    kiosk = KioskWindow(ctx, idle_seconds=90, voice=voice)
    qtbot.addWidget(kiosk)
    kiosk.open_page("checkin")
    assert "身份证放在读卡区" in voice.said[-1]
    kiosk.open_page("checkin")  # the same screen again: not said twice
    kiosk.open_page("status")
    assert len(voice.said) == 2 and "后四位" in voice.said[-1]
    kiosk.idle._start_countdown()
    assert "即将返回首页" in voice.said[-1]
    kiosk.may_close = True


def test_the_kiosk_speaks_unless_a_hall_turns_it_off(ctx: AppContext) -> None:
    from terminal.config import Config, parse
    from ui.kiosk.run import kiosk_voice

    # Spoken by default (an elderly citizen alone at the kiosk); a hall may turn it off.
    assert Config().spoken_prompts is True
    assert kiosk_voice(Config()) is not None
    turned_off = parse({"spoken_prompts": False, "kiosk_idle_seconds": 120}, "test")
    assert turned_off.kiosk_idle_seconds == 120
    assert kiosk_voice(turned_off) is None


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_misses_slow_the_status_page_down_and_it_says_how_long(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)
    clock = FakeClock()
    page.pacer = MissPacer(clock)

    def ask(last4: str) -> None:
        page.result.clear()
        page.form.reference.setText(cases[1])
        page.form.last4.setText(last4)
        page.form.submit.click()
        qtbot.waitUntil(lambda: page.result.text() not in ("", "正在查询，请稍候……"), timeout=5000)

    for _ in range(FREE_MISSES):  # a citizen may mistype: answered at once
        ask("9999")
        assert "没有找到" in page.result.text() and "请等" not in page.result.text()
    ask("9999")
    assert f"请等 {int(FIRST_DELAY)} 秒" in page.result.text() and "工作人员" in page.result.text()
    # Even the right last four waits: the kiosk does not look it up yet, and starting over
    # does not reset the count.
    kiosk.open_page("home")
    kiosk.open_page("status")
    ask("0041")
    assert "请等" in page.result.text() and cases[1] not in page.result.text()
    clock.now += FIRST_DELAY
    ask("0041")
    assert cases[1] in page.result.text()


def test_the_portals_pause_is_shown_as_a_sentence(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)

    class Paused:
        make_client = object()  # a portal is configured: the page keeps this lookup

        def __call__(self, *_: object) -> None:
            raise LookupThrottled(150)

    page._lookup = Paused()  # type: ignore[assignment]
    ask(page, qtbot, cases[1], "0041", "分钟后再试")
    assert "3 分钟" in page.result.text() and "工作人员" in page.result.text()
    page.form.submit.click()  # at once again: the kiosk waits too, without asking
    assert "请等" in page.result.text()


def test_back_leaves_the_page_clean_for_whoever_comes_next(
    kiosk: KioskWindow, qtbot: QtBot, cases: list[str]
) -> None:
    page = status_page(kiosk)
    ask(page, qtbot, cases[1], "0041", cases[1])
    kiosk.back.click()  # the citizen leaves; the next one presses 查询 again
    assert kiosk.stack.currentWidget() is kiosk.home and kiosk.session.is_empty()
    kiosk.open_page("status")
    assert not page.form.reference.text() and not page.form.last4.text()
    assert cases[1] not in page.result.text() and "李样本" not in page.result.text()


def test_the_admin_sign_in_can_be_cancelled_and_the_reset_closes_it(kiosk: KioskWindow) -> None:
    kiosk.ask_admin()
    dialog = kiosk.admin_dialog
    assert dialog is not None and dialog.isVisible()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()  # a citizen who touched the corner by mistake
    assert not dialog.isVisible() and kiosk.isVisible()
    kiosk.ask_admin()
    assert kiosk.admin_dialog is not None and kiosk.admin_dialog.isVisible()
    kiosk.idle.expire_now()  # nobody there: the next citizen finds the start page, no sign-in
    assert not kiosk.admin_dialog.isVisible() and kiosk.isVisible()


def test_only_an_admin_leaves_the_kiosk_and_anyone_else_is_told_why(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    """docs/window.md's roles table: a clerk (or a supervisor) who signs in at the kiosk's
    corner does not close it, and reads which role may."""
    kiosk.ask_admin()
    dialog = kiosk.admin_dialog
    assert dialog is not None
    dialog.username.setText("wang.li")  # the data folder's clerk
    dialog.password.setText("long-enough-1")
    dialog.submit()
    qtbot.waitUntil(lambda: kiosk.admin_dialog is not dialog, timeout=5000)
    again = kiosk.admin_dialog
    assert again is not None and again.isVisible() and kiosk.isVisible()
    assert not kiosk.may_close
    assert "只有管理员" in again.message.text() and "王丽" in again.message.text()
    again.reject()


def test_the_number_on_the_ticket_is_spoken(ctx: AppContext, qtbot: QtBot) -> None:
    """Not enrolled here: the kiosk numbers from its own range, and says the number."""
    voice = _Voice()
    window = KioskWindow(ctx, idle_seconds=90, voice=voice)
    qtbot.addWidget(window)
    window.show()
    window.open_page("ticket")
    page = window.pages["ticket"]
    assert isinstance(page, TicketPage)
    page.buttons["A"].click()
    qtbot.waitUntil(lambda: bool(page.view.number.text()), timeout=15000)
    number = page.view.number.text()
    qtbot.waitUntil(lambda: any(number in said for said in voice.said), timeout=5000)
    assert any(said.startswith(f"您的号码是 {number}。") for said in voice.said), voice.said
    window.may_close = True
