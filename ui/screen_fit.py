"""Dialogs sized to the screen they open on: a counter's 1366×768 monitor holds all of a
dialog, its buttons included, whatever size the dialog would like to be."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen windows may use (the task bar left out)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to(widget: QWidget, area: QRect, want_width: int = 0, want_height: int = 0) -> None:
    """At most ``area`` (less a frame's worth of room), as much as wanted, centred in it."""
    frame = 40  # the window manager's title bar and borders, which geometry() leaves out
    width = min(want_width or widget.width(), area.width() - 16)
    height = min(want_height or widget.height(), area.height() - frame)
    widget.resize(max(width, 200), max(height, 120))
    left = area.x() + (area.width() - widget.width()) // 2
    top = area.y() + max(frame - 8, (area.height() - widget.height()) // 2)
    widget.move(left, min(top, area.bottom() - widget.height()))
