"""The clerk's window on the screens halls have: 1366×768, in normal and large type (适老化).

Every visible text must be readable whole (not cut, not elided), the case screen must not
scroll sideways, and every button must lie on the screen; the same for the print preview
and the decision dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QWidget,
)
from pytestqt.qtbot import QtBot

from terminal.cases import Decision
from ui import style
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.queue_link import QueueLink
from ui.screen_fit import fit_to
from ui.widgets.fit import AnswerBox

from .test_counter_flow import fill, start_residence_permit

# The counter's monitor, less a 40-pixel task bar: what the window gets when maximised.
SCREEN = QRect(0, 0, 1366, 768)
WORK_AREA = QRect(0, 0, 1366, 728)


def shown(w: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.height() > 0


def widest_line(w: QWidget, text: str) -> int:
    return max((w.fontMetrics().horizontalAdvance(line) for line in text.split("\n")), default=0)


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if text and label.wordWrap():
        # Wrapped: all its lines must fit its height (a layout that gave it one line's
        # height cuts the second line's bottom off).
        need = label.heightForWidth(label.width())
        if need > label.height():
            return f"wrapped label {text!r} needs {need} px high, has {label.height()}"
        return None
    if not text or label.textFormat() == Qt.TextFormat.RichText:
        return None
    room = label.contentsRect().width() - 2 * label.margin()
    if widest_line(label, text) > room:
        return f"label {text!r} needs {widest_line(label, text)} px, has {room}"
    return None


def button_problem(button: QAbstractButton) -> str | None:
    text = button.text().replace("&", "")
    if not text:
        return None
    opt = QStyleOptionButton()
    opt.initFrom(button)
    opt.text = text
    element = (
        QStyle.SubElement.SE_CheckBoxContents
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_PushButtonContents
    )
    room = button.style().subElementRect(element, opt, button).width()
    if isinstance(button, QPushButton | QCheckBox) and widest_line(button, text) > room:
        return f"button {text!r} needs {widest_line(button, text)} px, has {room}"
    return None


def combo_problem(box: QComboBox) -> str | None:
    opt = QStyleOptionComboBox()
    box.initStyleOption(opt)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    if isinstance(box, AnswerBox):
        # Shown over lines at the field's width: all of them must fit its height.
        lines = box.fontMetrics().boundingRect(
            QRect(0, 0, field.width() - 2, 10_000), Qt.TextFlag.TextWordWrap, box.currentText()
        )
        if lines.height() > field.height() or lines.width() > field.width():
            return f"combo {box.currentText()!r} needs {lines.size()}, has {field.size()}"
        return None
    need = box.fontMetrics().horizontalAdvance(box.currentText())
    if need > field.width():
        return f"combo {box.currentText()!r} needs {need} px, has {field.width()}"
    return None


def header_problems(header: QHeaderView) -> Iterator[str]:
    model = header.model()
    if model is None:
        return
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for i in range(header.count()):
        if header.isSectionHidden(i):
            continue
        text = str(model.headerData(i, header.orientation()) or "")
        need = widest_line(header, text) + margin
        if need > header.sectionSize(i):
            yield f"column {text!r} needs {need} px, has {header.sectionSize(i)}"


def list_problems(view: QListWidget) -> Iterator[str]:
    """Items in a word-wrapping list must show all their lines; in others, their width."""
    for i in range(view.count()):
        item = view.item(i)
        rect = view.visualItemRect(item)
        if not rect.intersects(view.viewport().rect()):
            continue
        flags = Qt.TextFlag.TextWordWrap if view.wordWrap() else Qt.TextFlag.TextSingleLine
        need = view.fontMetrics().boundingRect(
            QRect(0, 0, rect.width() - 8, 10_000), flags, item.text()
        )
        if need.height() > rect.height() or (not view.wordWrap() and need.width() > rect.width()):
            yield f"list item {item.text()!r} cut: needs {need.size()}, has {rect.size()}"


def scrolled_to(w: QWidget) -> bool:
    """Inside a scroll area: reached by scrolling down (sideways is checked on its own)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent.objectName() in (
            "qt_scrollarea_viewport",
        ):
            return True
        parent = parent.parentWidget()
    return False


# A text to read (what the citizen signs) shows at least this many characters a line.
READABLE_CHARS = 12


def reading_problem(text: QPlainTextEdit) -> str | None:
    if not text.isReadOnly() or not text.toPlainText():
        return None
    per_line = text.viewport().width() // max(text.fontMetrics().horizontalAdvance("中"), 1)
    if per_line < READABLE_CHARS:
        return f"text to read shows {per_line} characters a line, needs {READABLE_CHARS}"
    return None


def problems(top: QWidget, screen: QRect, no_sideways: QWidget | None = None) -> list[str]:
    """Everything a person at this screen could not read or reach, in words."""
    found: list[str] = []
    if top.isWindow() and (top.height() > screen.height() - 40 or top.width() > screen.width()):
        # A window (its title bar included) taller than the screen less its task bar: its
        # top or its bottom is off the screen, whatever lies there (fields, not only buttons).
        found.append(f"{type(top).__name__} is {top.size()}, larger than the screen")
    for w in [top, *top.findChildren(QWidget)]:
        if not shown(w):
            continue
        if isinstance(w, QLabel):
            found.append(label_problem(w) or "")
        elif isinstance(w, QAbstractButton):
            found.append(button_problem(w) or "")
            where = QRect(w.mapToGlobal(w.rect().topLeft()), w.size())
            if not scrolled_to(w) and not screen.contains(where):
                found.append(f"button {w.text()!r} at {where} is off the screen")
        elif isinstance(w, QLineEdit) and not w.hasFocus():  # focused: the clerk is typing
            opt = QStyleOptionFrame()
            w.initStyleOption(opt)
            contents = w.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, w)
            room = contents.width() - 4  # QLineEdit's own 2-pixel margin each side
            if w.fontMetrics().horizontalAdvance(w.text()) > room:
                found.append(f"box {w.text()!r} is wider than its {room} px")
        elif isinstance(w, QComboBox):
            found.append(combo_problem(w) or "")
        elif isinstance(w, QHeaderView):
            found.extend(header_problems(w))
        elif isinstance(w, QPlainTextEdit):
            found.append(reading_problem(w) or "")
        if isinstance(w, QListWidget):
            found.extend(list_problems(w))
        if (
            isinstance(w, QAbstractScrollArea)
            and no_sideways is not None
            and (w is no_sideways or no_sideways.isAncestorOf(w))
        ):
            inner = w.widget() if isinstance(w, QScrollArea) else None
            if w.horizontalScrollBar().isVisible():
                found.append(f"{type(w).__name__} scrolls sideways")
            elif inner is not None and inner.width() > w.viewport().width():
                found.append(f"{type(w).__name__} cuts its right edge off")
    return [p for p in found if p]


def settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)
    QApplication.processEvents()


# The looks a counter may have: type size, and the window's language (Ctrl+Shift+E). English
# words are longer: in large type the window needed 1738 pixels (review 7, finding 12).
LOOKS = {"normal": (False, False), "large": (True, False), "large English": (True, True)}


@pytest.fixture(params=list(LOOKS))
def counter(
    request: pytest.FixtureRequest, window: MainWindow, ctx: AppContext, qtbot: QtBot
) -> Iterator[MainWindow]:
    """The window as a counter has it: maximised on 1366×768, the queue beside the case."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    large, english = LOOKS[request.param]
    style.apply(app, large=large)
    link = QueueLink(ctx)
    link.start()
    window.links.attach_queue(link)
    window.setGeometry(WORK_AREA)
    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "1380000", qtbot)  # an error line under the field
    # A 容缺 date shown (never on the ID card since issue 16: on the lease).
    window.editor.materials.rows["CL-ZLHT"].promise.setChecked(True)
    if english:
        window.toggle_language()
        qtbot.waitUntil(lambda: window.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    settle(qtbot)
    yield window
    if english:
        window.toggle_language()
    style.apply(app, large=False)


def test_the_case_screen_fits_1366x768(counter: MainWindow, qtbot: QtBot) -> None:
    assert counter.size() == WORK_AREA.size(), "the window cannot shrink to the screen"
    assert problems(counter, SCREEN, no_sideways=counter.editor) == []


def test_the_history_fits_1366x768(counter: MainWindow, qtbot: QtBot) -> None:
    counter.show_history()
    qtbot.waitUntil(lambda: counter.history.table.rowCount() >= 0)
    settle(qtbot)
    assert problems(counter, SCREEN) == []


def test_the_print_preview_fits_with_its_buttons_on_top(counter: MainWindow, qtbot: QtBot) -> None:
    fill(counter, "applicant_phone", "13800000001", qtbot)
    counter.on_decide(Decision.NEEDS_CORRECTION)
    qtbot.waitUntil(
        lambda: counter.preview is not None and counter.preview.isVisible(), timeout=10000
    )
    preview = counter.preview
    assert preview is not None
    fit_to(preview, WORK_AREA)
    preview.printed(False, "打印机缺纸：请装纸后按“重试打印”。")
    settle(qtbot)
    assert WORK_AREA.contains(preview.frameGeometry()) or WORK_AREA.contains(preview.geometry())
    assert (
        preview.print_button.mapTo(preview, preview.print_button.rect().bottomLeft()).y()
        < preview.height() // 4
    )
    assert problems(preview, SCREEN) == []
    assert preview.status.isVisible()


def test_the_decision_dialogs_fit(counter: MainWindow, qtbot: QtBot) -> None:
    from ui.widgets.rating_dialog import RatingDialog
    from ui.widgets.reject_dialog import RejectDialog

    for dialog in (RejectDialog(counter), RatingDialog("XH-20261126-0001", counter)):
        dialog.open()
        fit_to(dialog, WORK_AREA)
        settle(qtbot)
        assert problems(dialog, SCREEN) == [], type(dialog).__name__
        dialog.reject()


def test_a_cut_label_is_caught(counter: MainWindow) -> None:
    """The walk above can fail: a label narrower than its text is named."""
    label = QLabel("本市居住地址（请填写到门牌号）", counter.editor)
    label.setFixedSize(QSize(40, 30))
    label.show()
    assert any("本市居住地址" in p for p in problems(counter, SCREEN))


def test_a_cut_wrapped_label_is_caught(counter: MainWindow) -> None:
    """A wrapped label given one line's height for three lines is named too (review 7, 9)."""
    label = QLabel("统一社会信用代码校验位不符：核对营业执照；确属旧代码的，受理时须主管批准。")
    label.setParent(counter.editor)
    label.setWordWrap(True)
    label.setFixedSize(QSize(200, 30))
    label.show()
    assert any("wrapped label" in p for p in problems(counter, SCREEN))


def test_a_kiosks_call_for_help_fits_beside_the_case(
    counter: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    import uuid

    from terminal.clock import now
    from terminal.hall import help as hall_help
    from terminal.store import open_store

    store = open_store(ctx.data_dir / "tongban.db")
    try:
        for place in ("大厅入口左侧自助机", "二楼东侧社保自助服务区自助机"):
            hall_help.raise_local(
                store, str(uuid.uuid4()), place=place, terminal="XH-K90", at=now()
            )
    finally:
        store.close()
    panel = counter.links.queue_panel
    assert panel is not None
    qtbot.waitUntil(panel.help_calls.isVisible, timeout=10000)
    settle(qtbot)
    assert counter.size() == WORK_AREA.size(), "the window cannot shrink to the screen"
    assert problems(counter, SCREEN, no_sideways=counter.editor) == []
