"""Qt's enum properties set by the value's name, for the widgets built before the first paint.

PySide builds the Python enums of the whole ``Qt`` namespace (some 90 of them, ~15 ms of
CPU) the first time anything touches ``PySide6.QtCore.Qt``; a bare QMainWindow never does.
So the modules the window needs to paint do not import ``Qt``: they set their few enum
properties here, through Qt's meta-object (which takes the value's name), and reach
``QtCore.Qt`` only in code that runs later, on a key press or a click."""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_by_name(obj: QObject, prop: str, value: str) -> None:
    """``obj.setProp(Qt.Value)`` without touching ``Qt``: ``set_by_name(obj, "prop", "Value")``."""
    # False for a misspelt property or value: Qt would otherwise keep it as a dynamic property
    # and the widget would silently look or behave as before.
    if not obj.setProperty(prop, value):
        raise ValueError(f"{type(obj).__name__} has no property {prop} = {value}")


def build_enums() -> None:
    """Have PySide build the ``Qt`` enums now, once the window is up: the clerk's first key
    (ui/fast_entry.py reads ``Qt.Key``) then does not wait for them."""
    from PySide6 import QtCore

    QtCore.Qt  # noqa: B018 - built on first touch
