"""At the window, a correction reaches the fee's payment reference (review finding 10): the
correction dialog offers it, the supervisor reads it before and after, the store keeps it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from terminal import casebook, clerks, fees
from terminal.clock import now
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog

from .test_case_actions import printed
from .test_counter_flow import print_and_rate
from .test_fee_waiver import bdc_ready


def test_the_payment_reference_is_corrected_at_the_window(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    window.ctx.store_jobs.submit(
        lambda store: clerks.add_clerk(
            store,
            username="zhou.sup",
            display_name="周主管",
            role=clerks.Role.SUPERVISOR,
            password="s3cret-pass",
            actor="test",
            terminal="XH-W03",
            at=now(),
        )
    )
    bdc_ready(window, qtbot)
    panel = window.editor.fees
    panel.method.setCurrentIndex(panel.method.findData("bank_card"))
    qtbot.keyClicks(panel.reference, "POS-20261126-0001")
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    shown: list[str] = []

    def run(dialog: QDialog) -> bool:
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(receipt)
            return True
        if isinstance(dialog, CaseActionDialog):
            box = dialog.more.inputs["fee.reference"]
            assert isinstance(box, QLineEdit) and box.text() == "POS-20261126-0001"
            box.setText("POS-20261126-0002")
            dialog.reason.setText("凭证号录错")
            dialog.check()
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, ApprovalDialog)
        shown.append("\n".join(w.text() for w in dialog.findChildren(QLabel)))
        dialog.username.setText("zhou.sup")
        dialog.password.setText("s3cret-pass")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
        return True

    monkeypatch.setattr(window, "run_dialog", run)
    before = window.preview
    window.actions_by_name["corrected"].trigger()  # Ctrl+Shift+G
    printed(window, qtbot, before)
    assert "缴费凭证号：“POS-20261126-0001” 改为 “POS-20261126-0002”" in shown[0]
    case_id = casebook.find(reader_store, receipt).id
    assert fees.recorded(reader_store.conn, case_id)["fee"]["reference"] == "POS-20261126-0002"
