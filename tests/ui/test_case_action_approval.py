"""The supervisor approves what they are shown: the approval box shows every changed field
before and after, and the reason; the case number is never pre-filled with the last one."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from devices.cards.simulated import SimulatedReader
from sync.portal.server import RunningPortal
from terminal import casebook, clerks
from terminal.clock import now
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog

from .test_case_actions import accepted_case, printed
from .test_full_flow import LIN, counter, portal  # noqa: F401


def test_the_supervisor_reads_the_whole_change_and_the_number_is_typed(
    counter: tuple[MainWindow, SimulatedReader],  # noqa: F811
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,  # noqa: F811
    monkeypatch: Any,
) -> None:
    window, reader = counter
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
    receipt = accepted_case(window, reader, qtbot)
    seen: dict[str, str] = {}

    def run(dialog: QDialog) -> bool:
        if isinstance(dialog, QInputDialog):
            seen["number"] = dialog.textValue()  # as the box opens
            dialog.setTextValue(receipt)
            return True
        if isinstance(dialog, CaseActionDialog):
            dialog.name.setText(LIN.name + "改")
            dialog.reason.setText("姓名录错")
            dialog.check()
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, ApprovalDialog)
        seen["what"] = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.username.setText("zhou.sup")
        dialog.password.setText("s3cret-pass")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
        return True

    monkeypatch.setattr(window, "run_dialog", run)
    before = window.preview
    window.actions_by_name["corrected"].trigger()
    printed(window, qtbot, before)
    assert seen["number"] == ""  # the last receipt printed is not offered as the answer
    assert f"申请人姓名：“{LIN.name}” 改为 “{LIN.name}改”" in seen["what"]
    assert "原因：姓名录错" in seen["what"]
    assert casebook.find(reader_store, receipt).applicant_name == LIN.name + "改"
