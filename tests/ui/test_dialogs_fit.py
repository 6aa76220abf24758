"""Every dialog the clerk (or the citizen beside them) meets at the counter, on 1366×768 in
normal and large type, built as the window builds it: whole on the screen, no text cut, a receipt number
readable in the field it is typed or scanned into, the document to sign readable beside the
pad (review 7). The main screen, the history, the preview and the
decision dialogs are walked in test_fits_the_screen.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.screen_fit import fit_to

from .test_fits_the_screen import SCREEN, WORK_AREA, counter, problems, settle

__all__ = ["counter"]  # the fixture: the window maximised on 1366×768, normal and large type

RECEIPT = "XH-W03-20261126-0001"
# What a 告知承诺书 says, long enough to need several lines in any column.
PLEDGE = "本人承诺：所提供的材料真实、合法、有效，如有虚假，愿意承担相应的法律责任。" * 4


def dialogs(window: MainWindow) -> Iterator[tuple[str, QDialog]]:
    """Each dialog as the window opens it, filled the way a busy case fills it."""
    from ui.widgets.handover_dialog import HandoverDialog
    from ui.widgets.lookup_dialog import LookupDialog
    from ui.widgets.signature_pad import SignatureDialog

    handover = HandoverDialog(window)
    handover.receipt.setText(RECEIPT)
    handover.last4.setText("0011")
    handover.show_items(
        "居住证申领 · 申请人 李*（1101**********0011）",
        ["居住证卡片", "受理回执原件", "补正材料退回件"],
    )
    handover.who.setCurrentIndex(1)  # an agent collects: relation and 委托书 shown
    handover.mail.setChecked(True)  # and mailed: the address fields shown
    handover.set_letter("ab" * 32, 2)
    handover.say("请输入回执编号和申请人证件号码后四位。")
    yield "出件", handover
    yield "签名", SignatureDialog(PLEDGE, "告知承诺书", lambda *_: {}, window)
    for holder in (None, "李*"):
        lookup = LookupDialog(holder, window)
        lookup.number.setText(RECEIPT)
        yield "补正后受理", lookup


def walk(window: MainWindow, qtbot: QtBot) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, dialog in dialogs(window):
        dialog.show()
        fit_to(dialog, WORK_AREA)  # as opened on the counter's monitor (offscreen is 800×800)
        settle(qtbot)
        for field in dialog.findChildren(QLineEdit):
            field.clearFocus()  # a focused field is skipped by the walk: judge them all here
        if trouble := problems(dialog, SCREEN):
            found[name] = trouble
        dialog.reject()
        dialog.deleteLater()
    return found


def test_every_dialog_fits_1366x768(counter: MainWindow, qtbot: QtBot) -> None:
    assert walk(counter, qtbot) == {}


def test_a_squeezed_document_or_a_tall_dialog_is_caught(counter: MainWindow) -> None:
    """The walk can fail: a document to sign in a narrow column, a window taller than the
    screen, are named."""
    text = QPlainTextEdit(PLEDGE)
    text.setReadOnly(True)
    text.resize(60, 300)
    text.show()
    tall: Any = QDialog(counter)
    tall.resize(600, 800)
    tall.show()
    try:
        assert any("characters a line" in p for p in problems(text, SCREEN))
        assert any("larger than the screen" in p for p in problems(tall, SCREEN))
    finally:
        text.close()
        tall.close()
