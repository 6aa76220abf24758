"""Every box the clerk types into in the lookup has a name a screen reader says: its label
(review 8, finding 9: the receipt number's prompt stopped being its field's label)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ui.widgets.lookup_dialog import LookupDialog


def test_the_lookups_boxes_are_named(qtbot: QtBot) -> None:
    dialog = LookupDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    names = {}
    for box in dialog.findChildren(QLineEdit):
        face = QAccessible.queryAccessibleInterface(box)
        assert face is not None
        names[box] = face.text(QAccessible.Text.Name)
    assert names[dialog.number].startswith("扫描回执")
    assert all(names.values()), names
