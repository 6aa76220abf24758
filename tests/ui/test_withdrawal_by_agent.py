"""A withdrawal at the window presented by the case's agent of record, their card read; the
agent's number keyed, or a stranger's card, is refused in a sentence (review 5, finding 9).
Opening the case for it by number needs the citizen too (finding 6)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from terminal import journal
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow
from ui.widgets.lookup_dialog import LookupDialog

from .test_comeback_by_receipt import notice_at_the_window
from .test_parties_flow import CHEN, LIN, ZHOU


def agents_case() -> dict[str, Any]:
    """CHEN's case, presented by LIN as 代办人, as casebook.load_detail gives it."""
    return {
        "id": "c-1",
        "receipt_no": "XH-20261205-0001",
        "intake_code": "310104-GA-JZZ-0002",
        "applicant_name": CHEN.name,
        "id_number": CHEN.id_number,
        "decision": "accepted",
        "form": {},
        "parties": {
            "kind": "agent",
            "agent": {"kind": "resident_id", "name": LIN.name, "id_number": LIN.id_number},
            "relation": "spouse",
        },
    }


def dialog_for(window: MainWindow, qtbot: QtBot, card_id: str | None) -> CaseActionDialog:
    dialog = CaseActionDialog("withdrawn", agents_case(), None, card_id, window)
    qtbot.addWidget(dialog)
    dialog.reason.setText("不办了")
    return dialog


def test_the_agents_card_withdraws_and_names_the_agent(window: MainWindow, qtbot: QtBot) -> None:
    dialog = dialog_for(window, qtbot, LIN.id_number)
    dialog.check()
    assert dialog.result() == QDialog.DialogCode.Accepted
    citizen = dialog.citizen()
    assert (citizen.name, citizen.id_number, citizen.proof) == (LIN.name, LIN.id_number, "card")


def test_the_agents_number_keyed_or_a_strangers_card_is_refused(
    window: MainWindow, qtbot: QtBot
) -> None:
    keyed = dialog_for(window, qtbot, None)
    keyed.id_number.setText(LIN.id_number)
    keyed.check()
    assert keyed.result() != QDialog.DialogCode.Accepted
    assert "代办人撤回须读取其本人身份证件" in keyed.message.text()
    stranger = dialog_for(window, qtbot, ZHOU.id_number)
    assert not stranger.by_card  # the card is nobody's of this case: the number is asked
    stranger.id_number.setText(ZHOU.id_number)
    stranger.check()
    assert stranger.result() != QDialog.DialogCode.Accepted
    assert "申请人本人或登记的代办人" in stranger.message.text()


def test_a_withdrawal_by_number_needs_the_citizen_and_every_lookup_is_journaled(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    """Ctrl+Shift+W with a receipt number and no card: the case opens only with the
    applicant's last 4 characters; a void's lookup (the hall's act) is journaled too."""
    notice = notice_at_the_window(window, qtbot)
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    seen: list[QDialog] = []

    def clerk_guesses(dialog: QDialog) -> bool:
        seen.append(dialog)
        if isinstance(dialog, LookupDialog):
            dialog.number.setText(notice)
            dialog.last4.setText("9999")
            dialog.check()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(notice)
            return True
        return False  # the action's own dialog: seen, then cancelled

    monkeypatch.setattr(window, "run_dialog", clerk_guesses)
    window.actions_by_name["withdrawn"].trigger()
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None and "不符" in window.last_warning.text()
    assert not any(isinstance(d, CaseActionDialog) for d in seen)  # nothing of hers shown
    window.actions_by_name["voided"].trigger()
    qtbot.waitUntil(lambda: any(isinstance(d, CaseActionDialog) for d in seen), timeout=5000)
    window.ctx.store_jobs.wait_idle()
    entries = [e for e in journal.recent(reader_store.conn, 50) if e.action == "case.looked_up"]
    assert [(e.details["outcome"], e.details["proof"]) for e in reversed(entries)] == [
        ("refused", "last4"),
        ("allowed", "staff:voided"),
    ]
    assert all(e.details["receipt_no"] == notice for e in entries)
