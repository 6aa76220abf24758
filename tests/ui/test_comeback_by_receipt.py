"""The return after 补正 without the card: Ctrl+B takes the notice's QR (a scanner types its
address) and opens the same case; a case not waiting for materials is refused in a sentence;
a withdrawal without the card is checked against the applicant's ID number keyed whole."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from terminal import casebook
from terminal.documents.model import tracking_url
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.context import AppContext
from ui.main_window import MainWindow

from .test_counter_flow import answer, fill, print_and_rate
from .test_full_flow import LIN


def notice_at_the_window(window: MainWindow, qtbot: QtBot) -> str:
    window.place_card(LIN)
    window.editor.picker.query.setText("jzz")
    window.editor.picker._pick_current()
    answer(window, "jzz_apply_type", "first")
    answer(window, "jzz_basis", "employment")
    answer(window, "residence_type", "rented")
    window.actions_by_name["notice"].trigger()
    return print_and_rate(window, qtbot, 4)


def scanning(text: str) -> Any:
    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        return True

    return run


def test_the_notices_qr_opens_the_same_case_and_an_accepted_one_is_refused(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    notice = notice_at_the_window(window, qtbot)
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    monkeypatch.setattr(window, "run_dialog", scanning(tracking_url(ctx.config, notice)))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    editor = window.editor
    assert editor.case_id == casebook.find(reader_store, notice).id
    # The card read at the first visit counted the ID card; the e-certificates need the portal.
    assert "还缺 2 项材料" in editor.state.text()
    editor.materials.take_all()  # Ctrl+M: everything brought as required
    # The notice was given before the form was complete: the return completes it.
    fill(window, "residence_address", "北京市朝阳区样本街1号院", qtbot)
    fill(window, "residence_start_date", "2026-05-01", qtbot)
    fill(window, "applicant_phone", "13900000001", qtbot)
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, notice).decision == "accepted", timeout=5000
    )
    # Once accepted, the same QR is no longer a return: the clerk is told why.
    window.new_case()
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None
    assert "不在待补正状态" in window.last_warning.text()
    assert window.editor.returning is None


def test_a_withdrawal_with_the_receipt_needs_the_applicants_number(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store
) -> None:
    notice = notice_at_the_window(window, qtbot)
    detail = casebook.load_detail(reader_store, notice)
    dialog = CaseActionDialog("withdrawn", detail, None, None, window)
    qtbot.addWidget(dialog)
    dialog.reason.setText("不办了")
    dialog.id_number.setText("110101199003070011")  # someone else's
    dialog.check()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "撤回须由申请人本人提出" in dialog.message.text()
    dialog.id_number.setText(LIN.id_number.lower())
    dialog.check()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.citizen().proof == "receipt"
