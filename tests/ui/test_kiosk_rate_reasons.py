"""服务评价 at the kiosk: 不满意 and 非常不满意 ask why, as the counter's rating does, with the
same reasons as large touch choices; nothing is saved until a reason is touched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from terminal import case_state, casebook
from terminal.case_machine import CaseState
from terminal.clock import now
from terminal.ratings import LOW_REASONS
from terminal.store import Store
from ui.context import AppContext
from ui.kiosk.rate_page import RatePage
from ui.kiosk.window import KioskWindow
from ui.widgets.rating_dialog import RatingDialog

from .kiosk_steps import example_cases
from .test_kiosk_screens import LANDSCAPE, PORTRAIT, problems

TOUCH_PX = 84  # the kiosk's least touch target (ui/kiosk/pages.big_button)


@pytest.fixture(params=[PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def screen(request: pytest.FixtureRequest) -> QSize:
    size: QSize = request.param
    return size


@pytest.fixture
def rate(
    ctx: AppContext, qtbot: QtBot, screen: QSize, reader_store: Store
) -> Iterator[tuple[KioskWindow, RatePage]]:
    """The kiosk's rating page, its five levels offered for a finished case (ID ends 0030)."""
    kiosk = KioskWindow(ctx, idle_seconds=90)
    qtbot.addWidget(kiosk)
    kiosk.resize(screen)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    receipt = example_cases(reader_store, ctx.config.terminal_id)[0]
    case_id = casebook.find(reader_store, receipt).id
    for state in (CaseState.SYNCED, CaseState.COMPLETED):
        with reader_store.write():
            case_state.change(reader_store.conn, case_id, state, actor="portal", at=now())
    kiosk.open_page("rate")
    page = kiosk.pages["rate"]
    assert isinstance(page, RatePage)
    page.form.reference.setText(receipt)
    page.form.last4.setText("0030")
    page.form.submit.click()
    qtbot.waitUntil(page.levels.isVisible, timeout=5000)
    yield kiosk, page
    kiosk.may_close = True


def touch(qtbot: QtBot, page: RatePage, text: str) -> None:
    (button,) = [b for b in page.findChildren(QPushButton) if b.isVisible() and b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def saved(store: Store) -> list[tuple[int, str]]:
    return [tuple(r) for r in store.conn.execute("SELECT level, comment FROM ratings")]


def test_a_low_rating_asks_why_with_the_counters_reasons_before_it_is_saved(
    rate: tuple[KioskWindow, RatePage],
    qtbot: QtBot,
    screen: QSize,
    reader_store: Store,
    ctx: AppContext,
) -> None:
    kiosk, page = rate
    touch(qtbot, page, "不满意")
    assert page.reasons.isVisible() and not page.levels.isVisible()
    shown = [b for b in page.reason_buttons.values() if b.isVisible()]
    counter = RatingDialog("XH-W03-20261126-0001")
    at_the_counter = [b.text().split("\n")[0] for b in counter.reason_buttons.values()]
    assert [b.text() for b in shown] == at_the_counter == list(LOW_REASONS.values())
    assert all(b.height() >= TOUCH_PX for b in shown)
    assert problems(kiosk, screen) == []  # every reason on the screen, none cut
    ctx.store_jobs.wait_idle()
    assert saved(reader_store) == []  # a level without its reason is no rating yet
    # A wrong touch: back to the five levels, and 非常不满意 instead.
    touch(qtbot, page, "重新选择满意程度")
    assert page.levels.isVisible() and not page.reasons.isVisible()
    touch(qtbot, page, "非常不满意")
    touch(qtbot, page, LOW_REASONS["wait"])
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    assert saved(reader_store) == [(1, f"【{LOW_REASONS['wait']}】")]
    assert not page.reasons.isVisible() and not page.levels.isVisible()


def test_a_good_rating_is_saved_at_one_touch_without_reasons(
    rate: tuple[KioskWindow, RatePage], qtbot: QtBot, reader_store: Store
) -> None:
    _, page = rate
    touch(qtbot, page, "满意")
    qtbot.waitUntil(lambda: "谢谢" in page.result.text(), timeout=5000)
    assert not page.reasons.isVisible()
    assert saved(reader_store) == [(4, "")]
