"""Every dialog the clerk (or the citizen beside them) meets at the counter, on 1366×768 in
normal and large type, built as the window builds it: whole on the screen, no text cut, a
receipt number readable in the field it is typed or scanned into, the document to sign
readable beside the pad (review 7, findings 1–4). The main screen, the history, the preview
and the decision dialogs are walked in test_fits_the_screen.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from terminal.hall import groups_or_shipped
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screen_fit import fit_to

from .test_fits_the_screen import SCREEN, WORK_AREA, counter, problems, settle
from .test_parties_flow import LIN
from .test_withdrawal_by_agent import agents_case

__all__ = ["counter"]  # the fixture: the window maximised on 1366×768, normal and large type
# In Chinese: the English walk below switches the language itself.
pytestmark = pytest.mark.parametrize("counter", ["normal", "large"], indirect=True)

RECEIPT = "XH-W03-20261126-0001"
# What a 告知承诺书 says, long enough to need several lines in any column.
PLEDGE = "本人承诺：所提供的材料真实、合法、有效，如有虚假，愿意承担相应的法律责任。" * 4


def dialogs(window: MainWindow) -> Iterator[tuple[str, QDialog]]:
    """Each dialog as the window opens it, filled the way a busy case fills it."""
    from ui.case_actions import CaseActionDialog
    from ui.widgets.agent_question import AgentQuestion
    from ui.widgets.approval_dialog import ApprovalDialog
    from ui.widgets.followup_dialog import FollowupDialog
    from ui.widgets.handover_dialog import HandoverDialog
    from ui.widgets.lookup_dialog import LookupDialog
    from ui.widgets.my_cards_dialog import MyCardsDialog
    from ui.widgets.sign_in import SignInDialog
    from ui.widgets.signature_pad import SignatureDialog
    from ui.widgets.transfer_dialog import TransferDialog

    ctx = window.ctx
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
    yield "差评整改", FollowupDialog(ctx, window)
    yield "主管批准", ApprovalDialog(
        ctx, purpose="case.correct", subject=RECEIPT, what=f"更正办件 {RECEIPT} 的申请人电话。",
        asked_by="wang.li", change="0" * 64, parent=window,
    )  # fmt: skip
    yield "我的办件警示", MyCardsDialog(ctx.catalogue, window)
    relations = window.editor.parties.relation_choices()
    yield "代办人", AgentQuestion("李*", "陈*", relations, parent=window)
    yield "登录", SignInDialog(ctx, parent=window)
    groups, _ = groups_or_shipped(ctx.data_dir)
    yield "转窗口", TransferDialog(groups, 3, window)
    intake = ctx.catalogue.intake("310104-GA-JZZ-0002")
    for kind in ("withdrawn", "voided", "corrected"):
        yield kind, CaseActionDialog(kind, agents_case(), intake, LIN.id_number, window,
                                     ctx.catalogue)  # fmt: skip


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


def test_every_dialog_fits_1366x768_in_english(counter: MainWindow, qtbot: QtBot) -> None:
    """English words are longer: in large type the signature's buttons beside the document
    made the dialog 1410 px wide."""
    counter.toggle_language()
    qtbot.waitUntil(lambda: counter.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    try:
        assert walk(counter, qtbot) == {}
    finally:
        counter.toggle_language()
        qtbot.waitUntil(lambda: counter.windowTitle().startswith("通办终端"), timeout=3000)


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


def test_no_english_word_in_the_new_dialogs(counter: MainWindow) -> None:
    """The Chinese-only scan (test_chinese_only.py) over these dialogs too (review 7, 8)."""
    from .test_chinese_only import english_words

    found = []
    for name, dialog in dialogs(counter):
        found += [f"{name}: {word}" for word in english_words(dialog, set())]
        dialog.deleteLater()
    assert found == []


def test_the_capture_dialog_fits_1366x768(
    counter: MainWindow, ctx: AppContext, qtbot: QtBot
) -> None:
    """Ctrl+K on a material (issue 15): the camera's dialog, whole on the screen, in Chinese
    words (Delete is the key's name); it was 760 px tall in large type (review 7, 17)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.capture.dialog import CaptureDialog
    from ui.capture.hook import service

    from .test_chinese_only import english_words

    service(counter, ctx)._looked = True  # no camera or scanner lookup here
    qtbot.keyClick(counter.editor.materials, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaptureDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    fit_to(dialog, WORK_AREA)
    settle(qtbot)
    try:
        assert problems(dialog, SCREEN) == []
        assert english_words(dialog, set()) == []
    finally:
        dialog.reject()


def test_the_handovers_relations_in_english(counter: MainWindow, qtbot: QtBot) -> None:
    """The agent's relation is chosen in the window's language (review 7, finding 6); the
    receipt still prints it in Chinese (terminal/documents/handover_receipt.py)."""
    import re

    from ui.widgets.handover_dialog import HandoverDialog

    counter.toggle_language()
    qtbot.waitUntil(lambda: counter.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    try:
        dialog = HandoverDialog(counter)
        relations = [dialog.relation.itemText(i) for i in range(dialog.relation.count())]
        assert "Spouse" in relations
        assert [r for r in relations if re.search(r"[\u4e00-\u9fff]", r)] == []
        dialog.deleteLater()
    finally:
        counter.toggle_language()
        qtbot.waitUntil(lambda: counter.windowTitle().startswith("通办终端"), timeout=3000)
