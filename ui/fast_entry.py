"""Entering a form at the speed of a clerk's hands: Enter moves to the next field, and in a
question or a choice the option's number picks it and moves on, so a situation question
costs one key (its number) instead of an arrow and a Tab.

The options keep their order from the catalogue; the first (请选择) is number 0."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget


# On the first key press, not at import: the form is built before the window's first paint,
# which must not wait for PySide's Qt enums (ui/qt_names.py).
@cache
def keys() -> tuple[tuple[QtCore.Qt.Key, ...], dict[QtCore.Qt.Key, int]]:
    """(Enter's two keys, the digit keys 1-9 with their number)."""
    Qt = QtCore.Qt
    return (Qt.Key.Key_Return, Qt.Key.Key_Enter), {
        getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)
    }


def move_on(widget: QWidget) -> None:
    """As if Tab were pressed: the next field in the focus chain."""
    Qt = QtCore.Qt
    tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, tab)


class FastEntry(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        Qt = QtCore.Qt
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+…, Shift+…: the window's shortcuts and text selection
        key = event.key()
        enter, digits = keys()
        if isinstance(watched, QComboBox) and key in digits:
            number = digits[Qt.Key(key)]
            if number < watched.count():
                watched.setCurrentIndex(number)
                move_on(watched)
            return True
        if key in enter and isinstance(watched, QComboBox | QLineEdit):
            move_on(watched)
            return True
        return False


_filter: list[FastEntry] = []  # one, made when the first form is (after the QApplication)


def install(widgets: Iterable[QWidget]) -> None:
    """Enter and the option numbers for these fields; a choice's options show their number."""
    if not _filter:
        _filter.append(FastEntry())
    for widget in widgets:
        widget.installEventFilter(_filter[0])
        if isinstance(widget, QComboBox):
            for i in range(1, min(widget.count(), 10)):
                text = widget.itemText(i)
                if not text.startswith(f"{i} "):
                    widget.setItemText(i, f"{i} {text}")
