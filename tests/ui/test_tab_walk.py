"""Tab through the case screen as a clerk without a mouse would (issue 19, "every key a key"):
every control on screen is reached, in the order the eye reads the case (applicant, service,
questions and fields, materials, decision, then the queue), none is skipped, Shift+Tab walks
the same way back, and the focus never sticks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDateEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.queue_link import QueueLink

from .test_counter_flow import answer, fill, start_residence_permit

DATE_PARTS = 3  # Tab moves through a date box's year, month and day before it leaves


def on_screen_controls(window: MainWindow) -> list[QWidget]:
    """What the clerk can see and use: visible, enabled, and taking focus by Tab (a spin
    box's inner line edit is the spin box's own, not a stop of its own)."""
    return [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not isinstance(w.parentWidget(), QAbstractSpinBox)
    ]


def describe(w: QWidget) -> str:
    text = getattr(w, "text", None)
    return f"{type(w).__name__} {text() if callable(text) else ''}".strip()


def walk(qtbot: QtBot, start: QWidget, key: Qt.Key, limit: int) -> list[QWidget]:
    """Press ``key`` from ``start`` until the focus comes back to it: the stops, in order."""
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=3000)
    stops: list[QWidget] = [start]
    stuck = 0
    for _ in range(limit):
        here = QApplication.focusWidget()
        assert here is not None, f"the focus left the window after {stops[-1]!r}"
        qtbot.keyClick(here, key)
        now = QApplication.focusWidget()
        if now is start:
            return stops
        if now is here:  # only a date box keeps Tab, for its own parts
            stuck += 1
            assert isinstance(now, QDateEdit) and stuck < DATE_PARTS, f"Tab is stuck in {now!r}"
            continue
        stuck = 0
        assert now not in stops, f"the focus went round without coming back: trapped at {now!r}"
        stops.append(now)  # type: ignore[arg-type]
    raise AssertionError(f"Tab never came back to {start!r} in {limit} presses")


@pytest.fixture(params=["card", "typed"])
def case_screen(request: pytest.FixtureRequest, window: MainWindow, qtbot: QtBot) -> MainWindow:
    """A residence permit case with its questions, fields and materials, the queue beside it;
    the applicant from a card (fields locked) or typed by hand (every applicant field open)."""
    window.links.attach_queue(QueueLink(window.ctx, listen=False))
    if request.param == "card":
        start_residence_permit(window, qtbot)
    else:
        editor = window.editor
        editor.applicant.name.setText("陈示例")
        qtbot.keyClicks(editor.applicant.number, "11010519491231002X")
        qtbot.keyClicks(editor.picker.query, "jzz")
        qtbot.keyClick(editor.picker.query, Qt.Key.Key_Return)
        answer(window, "jzz_apply_type", "first")
        fill(window, "applicant_phone", "13800000001", qtbot)
    window.editor.materials.rows["CL-SFZ"].promise.setChecked(True)  # its date box opens
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in window.editor.form.inputs()))
    return window


def test_tab_reaches_every_control_in_reading_order_and_comes_back(
    case_screen: MainWindow, qtbot: QtBot
) -> None:
    window, editor = case_screen, case_screen.editor
    controls = on_screen_controls(window)
    first = editor.applicant.kind if editor.applicant.kind.isEnabled() else editor.applicant.name
    stops = walk(qtbot, first, Qt.Key.Key_Tab, limit=3 * len(controls))
    skipped = [w for w in controls if w not in stops]
    assert skipped == [], f"Tab never reaches {skipped}"
    # A pane is no stop: the focus on it is drawn nowhere, and the clerk loses it.
    assert [w for w in stops if isinstance(w, QScrollArea)] == []
    panel = window.links.queue_panel
    assert panel is not None
    reading_order = [
        editor.applicant.name,
        editor.applicant.number,
        editor.picker.query,
        *editor.form.inputs(),
        *[w for w in editor.materials.inputs() if w.isEnabled()],
        editor.accept_button,
        editor.notice_button,
        editor.reject_button,
        panel.buttons["next"],
    ]
    positions = [stops.index(w) for w in reading_order]
    assert positions == sorted(positions), f"Tab goes {[describe(w) for w in stops]}"
    back = walk(qtbot, first, Qt.Key.Key_Backtab, limit=3 * len(controls))
    assert back == [first, *reversed(stops[1:])], "Shift+Tab does not retrace Tab"
