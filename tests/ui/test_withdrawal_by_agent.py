"""A withdrawal at the window presented by the case's agent of record, their card read; the
agent's number keyed, or a stranger's card, is refused in a sentence (review 5, finding 9)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow

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
