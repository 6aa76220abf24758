"""Widgets that fit a 1366×768 screen in normal and large type (适老化) without cutting
a text: notes that take room only when they say something, boxes that hold an ID number
whole, choices that show a long answer over two lines, forms that put labels above fields
in large type, a pane that scrolls down only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from ui import style
from ui.qt_names import set_by_name

if TYPE_CHECKING:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QBoxLayout


class WrapLabel(QLabel):
    """A word-wrapped label at least as tall as its lines at its width. A scroll area's
    widget and a dialog's form do not ask a label its height for its width: in large type
    they gave a three-line warning two lines' height and cut it (review 7, finding 9)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._whole_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._whole_height()

    def _whole_height(self) -> None:
        need = max(self.heightForWidth(self.width()), 0) if self.text() else 0
        if need != self.minimumHeight():
            self.setMinimumHeight(need)


class NoteLabel(WrapLabel):
    """On a 768-pixel screen in large type two empty lines are the height of a button."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        if role:
            style.set_role(self, role)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class WholeLineEdit(QLineEdit):
    """A box never narrower than ``chars`` digits in its current font: an ID number is read
    whole, in large type too, not scrolled inside its box."""

    def __init__(self, chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chars = chars

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        need = self.fontMetrics().horizontalAdvance("8" * self.chars) + 24
        return QSize(max(hint.width(), need), hint.height())


class AnswerBox(QComboBox):
    """A choice as wide as its pane gives it, never as its longest answer, that shows the
    chosen answer whole: over two lines (or more) when the answer is longer than the box.
    Sized to "Rented or borrowed housing, or an employer dormitory" in large type, a
    question made the clerk's window 1738 pixels wide (review 7, finding 12)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)  # "请选择" and a short answer on one line
        self._lines = 1
        self.currentIndexChanged.connect(lambda _i: self._refit())

    def answer_lines(self) -> list[str]:
        """The chosen answer as it is shown: broken into lines the box's field can hold."""
        from PySide6.QtGui import QTextLayout, QTextOption  # at paint time: see ui/qt_names.py

        text = self.currentText()
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        width = max(self._field().width() - 2, 20)  # Qt's label is drawn 1 pixel in each side
        lines: list[str] = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
        return lines or [""]

    def _field(self) -> QRect:
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        return self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self
        )

    def _taller(self, hint: QSize) -> QSize:
        extra = (self._lines - 1) * self.fontMetrics().lineSpacing()
        return QSize(hint.width(), hint.height() + extra)

    def sizeHint(self) -> QSize:
        return self._taller(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._taller(super().minimumSizeHint())

    def _refit(self) -> None:
        lines = len(self.answer_lines())
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._refit()

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QPalette
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        # QComboBox's own painting, its label given the lines instead of the one long line.
        painter = QStylePainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = "\n".join(self.answer_lines())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


class VerticalScrollArea(QScrollArea):
    """Scrolls down, never sideways: as wide as its widget needs at least, so a splitter or
    the window gives it that width instead of cutting the widget's right edge off."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        set_by_name(self, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own: Tab goes to the fields inside, and the pane scrolls to
        # each (QScrollArea follows the focus); a stop on the pane shows no focus at all.
        set_by_name(self, "focusPolicy", "NoFocus")
        self.setWidget(widget)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.minimumSizeHint().width() + bar + 2 * self.frameWidth(), hint.height())


class _ByTypeSize(QObject):
    """Calls ``fit(large)`` now and whenever the owner's type size changes (Ctrl+Shift+D)."""

    def __init__(self, owner: QWidget, fit: Callable[[bool], None]) -> None:
        super().__init__(owner)
        self.owner, self.fit = owner, fit
        owner.installEventFilter(self)
        self.refit()

    def refit(self) -> None:
        self.fit(self.owner.font().pointSize() >= style.LARGE_PT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner and event.type() == QEvent.Type.FontChange:
            self.refit()
        return False


def labels_above_in_large_type(form: QFormLayout, owner: QWidget) -> None:
    """Large type puts every label above its field: the field gets the pane's whole width.
    Normal type keeps them beside, wrapping a field under its label only when it must."""

    def fit(large: bool) -> None:
        form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
            if large
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )

    _ByTypeSize(owner, fit)


def stacked_in_large_type(row: QBoxLayout, owner: QWidget) -> None:
    """A row of a note and its button, one under the other in large type: side by side, an
    English note and "All handed as required (Ctrl+M)" need more than their pane has."""

    def fit(large: bool) -> None:
        row.setDirection(row.Direction.TopToBottom if large else row.Direction.LeftToRight)

    _ByTypeSize(owner, fit)
