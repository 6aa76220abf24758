"""The clerk's panel of help calls: a kiosk's place is text from another terminal, shown as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import Qt, QTextDocument
from pytestqt.qtbot import QtBot

from terminal.hall.help import Help
from ui.widgets.help_calls import HelpCalls

# 60 characters at most pass the portal (queue_help.PLACE_MAX); this is 49.
PLACE = "<font size=7 color=red>停止办理，请离开大厅</font><img src=x>"


class FakeLink(QObject):
    happened = Signal(object)

    def __init__(self, calls: list[Help]) -> None:
        super().__init__()
        self.calls = calls

    def read(self, fn: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        done(self.calls)

    def run(self, *_: Any) -> None:
        pass


def rendered(text: str, fmt: Qt.TextFormat) -> str:
    """What a QLabel with this format shows, as plain characters."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def test_a_kiosk_place_with_markup_shows_as_the_characters_it_is(qtbot: QtBot) -> None:
    h = Help(
        "id-1", "2026-12-05", PLACE, "XH-K90", "2026-12-05T09:00:00", "open", None, None, "portal"
    )
    panel = HelpCalls(FakeLink([h]), 3)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(1800, 60)
    panel.words.resize(1700, 40)
    panel.show_calls()
    shown = rendered(panel.words.text(), panel.words.textFormat())
    assert "<font" in shown, f"the panel renders the kiosk's markup: {shown!r}"
    # The tooltip (every call in full) shows the characters too, not a red picture.
    tip = rendered(panel.words.toolTip(), Qt.TextFormat.AutoText)
    assert PLACE in tip, f"the tooltip renders the kiosk's markup: {tip!r}"
