"""A correction covers the materials too (issue 14): the counts recorded wrong at acceptance
are put right with a supervisor's approval, the receipt is re-issued saying what changed,
and a correction that would leave an accepted case short is refused in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from terminal import casebook, clerks
from terminal.clock import now
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog

from .test_counter_flow import fill, print_and_rate, start_residence_permit
from .test_parties_flow import printed


def correcting(
    qtbot: QtBot, receipt: str, counts: dict[str, tuple[int, int]], seen: list[str]
) -> Any:
    def run(dialog: QDialog) -> bool:
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(receipt)
            return True
        if isinstance(dialog, CaseActionDialog):
            for code, (originals, copies) in counts.items():
                boxes = dialog.materials.counts[code]
                boxes[0].setValue(originals)
                boxes[1].setValue(copies)
            dialog.reason.setText("份数录错")
            dialog.check()
            seen.append(dialog.message.text())
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, ApprovalDialog):
            dialog.username.setText("zhou.sup")
            dialog.password.setText("s3cret-pass")
            dialog.submit()
            qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
            return True
        raise AssertionError(f"unexpected dialog {dialog!r}")

    return run


def test_a_correction_puts_the_materials_counts_right_and_reissues_the_receipt(
    window: MainWindow, qtbot: QtBot, reader_store: Store, data_dir: Path, monkeypatch: Any
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
    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    window.editor.materials.all_button.click()
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    window.ctx.store_jobs.wait_idle()
    handed = casebook.load_detail(reader_store, receipt)["materials"]["handed"]
    assert handed["CL-LDHT"] == {"originals": 1, "copies": 0}
    # Leaving a required material short is refused: an accepted case stays complete.
    seen: list[str] = []
    monkeypatch.setattr(window, "run_dialog", correcting(qtbot, receipt, {"CL-LDHT": (0, 0)}, seen))
    window.actions_by_name["corrected"].trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the case is read on the store worker
    assert "更正后材料不齐全：劳动合同或就业证明" in seen[-1]
    # The copy the clerk took but did not count: one more copy, approved, re-issued.
    before = window.preview
    monkeypatch.setattr(window, "run_dialog", correcting(qtbot, receipt, {"CL-LDHT": (1, 1)}, seen))
    window.actions_by_name["corrected"].trigger()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    qtbot.waitUntil(
        lambda: window.preview is not before and window.preview is not None, timeout=10000
    )
    preview = window.preview
    assert preview is not None
    qtbot.waitUntil(
        lambda: preview.pages() >= 1 and preview.print_button.isEnabled(), timeout=10000
    )
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    # The re-issued receipt is a new original (第2版): printed, not refused as a second one.
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    preview.accept()
    window.ctx.store_jobs.wait_idle()
    detail = casebook.load_detail(reader_store, receipt)
    assert detail["materials"]["handed"]["CL-LDHT"] == {"originals": 1, "copies": 1}
    on_paper = printed(data_dir)
    assert "更正版第2版" in on_paper
    assert (
        "更正：收取材料“劳动合同或就业证明”由“原件1份、复印件0份”更正为“原件1份、复印件1份”"
        in on_paper
    )
    [entry] = reader_store.conn.execute(
        "SELECT details FROM journal WHERE action = 'case.corrected'"
    ).fetchall()
    assert '"materials.CL-LDHT"' in entry[0]  # the field, not the values
