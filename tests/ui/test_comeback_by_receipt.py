"""The return after 补正 without the card: Ctrl+B takes the notice's QR (a scanner types its
address) and opens the same case; a case not waiting for materials is refused in a sentence;
a withdrawal without the card is checked against the applicant's ID number keyed whole. Without
the card, the case opens only with the applicant's number's last 4 characters (finding 6)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from terminal import casebook, journal
from terminal.documents.model import tracking_url
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.lookup_dialog import LookupDialog

from .test_counter_flow import fill, print_and_rate
from .test_full_flow import LIN, lins_notice
from .test_parties_flow import ZHOU


def notice_at_the_window(window: MainWindow, qtbot: QtBot) -> str:
    lins_notice(window)
    return print_and_rate(window, qtbot, 4)


def scanning(text: str, last4: str = LIN.id_number[-4:]) -> Any:
    """The clerk scans the QR; the citizen says their number's last 4 characters."""

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, LookupDialog)
        dialog.number.setText(text)
        dialog.last4.setText(last4)
        dialog.check()
        return dialog.result() == QDialog.DialogCode.Accepted

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
    assert "撤回须由申请人本人" in dialog.message.text()
    dialog.id_number.setText(LIN.id_number.lower())
    dialog.check()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.citizen().proof == "receipt"


def test_a_receipt_number_without_the_citizen_opens_nothing(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    notice = notice_at_the_window(window, qtbot)
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    # A curious clerk with the number only: the dialog asks for the last 4 characters.
    dialog = LookupDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.number.setText(notice)
    dialog.check()
    assert dialog.result() != QDialog.DialogCode.Accepted and "后4位" in dialog.message.text()
    # Guessed wrong: refused in a sentence, nothing of the citizen shown.
    monkeypatch.setattr(window, "run_dialog", scanning(notice, "9999"))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None and "不符" in window.last_warning.text()
    assert window.editor.returning is None and LIN.name not in window.editor.comeback.text()
    # Another person's card read at the counter does not open it either.
    window.place_card(ZHOU)
    window.last_warning = None
    monkeypatch.setattr(window, "run_dialog", scanning(notice, ""))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.editor.returning is None
    entries = [e for e in journal.recent(reader_store.conn, 50) if e.action == "case.looked_up"]
    assert [e.details["outcome"] for e in entries] == ["refused", "refused"]
    assert all(e.actor == ctx.clerk_name and e.details["receipt_no"] == notice for e in entries)
    assert not any(LIN.id_number[-4:] in str(e.details) for e in entries)


def test_the_scanners_enter_moves_the_clerk_to_the_last_4(window: MainWindow, qtbot: QtBot) -> None:
    """Enter does the obvious thing (review 7, finding 13): the QR's address scanned (the
    scanner ends it with Enter), the last 4 is next; typed, Enter looks the case up."""
    from PySide6.QtCore import Qt

    from .test_keyboard import active

    dialog = LookupDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    active(dialog, qtbot)
    dialog.number.setFocus()
    qtbot.keyClicks(dialog.number, "XH-W03-20261126-0001")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    assert dialog.isVisible() and "后4位" in dialog.message.text()
    qtbot.waitUntil(dialog.last4.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.last4, LIN.id_number[-4:])
    qtbot.keyClick(dialog.last4, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
