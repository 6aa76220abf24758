"""Widgets that fit a 1366×768 screen in normal and large type (适老化) without cutting
a text: notes that take room only when they say something, boxes that hold an ID number
whole, forms that put labels above fields in large type, a pane that scrolls down only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

from ui import style
from ui.qt_names import set_by_name


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


class _LabelsAbove(QObject):
    def __init__(self, form: QFormLayout, owner: QWidget) -> None:
        super().__init__(owner)
        self.form, self.owner = form, owner
        owner.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        large = self.owner.font().pointSize() >= style.LARGE_PT
        self.form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
            if large
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner and event.type() == QEvent.Type.FontChange:
            self.fit()
        return False


def labels_above_in_large_type(form: QFormLayout, owner: QWidget) -> None:
    """Large type puts every label above its field: the field gets the pane's whole width.
    Normal type keeps them beside, wrapping a field under its label only when it must."""
    _LabelsAbove(form, owner)
