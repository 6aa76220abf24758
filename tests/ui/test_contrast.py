"""Large type (适老化) designed for people who see less well: every text colour of the look
against its background meets WCAG AA (4.5:1), a checkbox is visible on black, and a
disabled box looks disabled."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui import style


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def look(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    style.apply(qapp, large=request.param)
    yield request.param
    style.apply(qapp, large=False)


def test_every_text_colour_meets_wcag_aa(look: bool, qapp: QApplication) -> None:
    pairs = style.text_pairs(qapp.palette(), look)
    assert len(pairs) >= 10
    low = {
        name: round(style.contrast(text, back), 2)
        for name, (text, back) in pairs.items()
        if style.contrast(text, back) < 4.5
    }
    assert low == {}


def test_the_contrast_arithmetic_is_wcag_s() -> None:
    assert style.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert style.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert style.contrast(QColor("#202020"), QColor("#000000")) < 1.5  # black on black


def bright_share(image: QImage) -> float:
    """The share of pixels light enough to see on black."""
    pixels = [
        QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())
    ]
    return sum(1 for c in pixels if style.luminance(c) > 0.3) / max(1, len(pixels))


def shown(widget: QWidget, qtbot: QtBot) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_checkbox_shows_its_box_in_large_type(qapp: QApplication, qtbot: QtBot) -> None:
    style.apply(qapp, large=True)
    try:
        for checked in (False, True):
            box = QCheckBox("电子证照")
            box.setChecked(checked)
            shown(box, qtbot)
            opt = QStyleOptionButton()
            opt.initFrom(box)
            indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, box)
            assert indicator.width() >= 20, "an indicator too small to see from a chair"
            assert bright_share(box.grab(indicator).toImage()) > 0.2, f"checked={checked}"
    finally:
        style.apply(qapp, large=False)


def test_a_disabled_date_looks_disabled(look: bool, qtbot: QtBot) -> None:
    """The promise date before 容缺 is ticked: greyed, still readable, not like a live box."""
    enabled, disabled = QDateEdit(QDate(2026, 12, 10)), QDateEdit(QDate(2026, 12, 10))
    disabled.setEnabled(False)
    on = shown(enabled, qtbot).grab().toImage()
    off = shown(disabled, qtbot).grab().toImage()
    palette, group, role = disabled.palette(), QPalette.ColorGroup, QPalette.ColorRole
    text_on, text_off = (
        palette.color(group.Active, role.Text),
        palette.color(group.Disabled, role.Text),
    )
    assert style.contrast(text_on, text_off) >= 1.5, "disabled text hardly differs from enabled"
    assert style.contrast(text_off, palette.color(group.Disabled, role.Base)) >= 4.5
    assert abs(mean_luminance(on) - mean_luminance(off)) > 0.03, "the boxes look the same"


def mean_luminance(image: QImage) -> float:
    pixels = [
        QColor(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height())
    ]
    return sum(style.luminance(c) for c in pixels) / max(1, len(pixels))
