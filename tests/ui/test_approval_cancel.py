"""the approval box closed while the supervisor's password is being checked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from terminal import journal
from ui.context import AppContext
from ui.widgets.approval_dialog import ApprovalDialog

from .test_approval_dialog import supervisor_and_box


def test_a_box_cancelled_during_the_check_leaves_no_approval_behind(
    ctx: AppContext, qtbot: QtBot
) -> None:
    # The supervisor types the password and presses 批准; the clerk (or the supervisor, having
    # second thoughts) presses Esc while the check runs. The caller is told "rejected", yet the
    # journal says the supervisor approved, and the box then accepts itself a second time.
    box = supervisor_and_box(ctx)
    qtbot.addWidget(box)
    finished: list[int] = []
    box.finished.connect(finished.append)
    box.show()
    box.username.setText("zhou.sup")
    box.password.setText("s3cret-pass")
    qtbot.mouseClick(
        box.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # while the check is on the store worker
    ctx.store_jobs.wait_idle()
    qtbot.wait(200)  # the worker's answer reaches the box

    entries: list[list[journal.Entry]] = []
    ctx.store_jobs.submit(lambda store: journal.recent(store.conn, 10), entries.append)
    qtbot.waitUntil(lambda: bool(entries), timeout=5000)
    given = [e for e in entries[0] if e.action == "approval.given"]
    rejected = finished[:1] == [0]
    assert not (rejected and (given or box.approval is not None)), (finished, box.approval)


def test_the_supervisor_reads_the_characters_the_clerk_typed(ctx: AppContext, qtbot: QtBot) -> None:
    # Issue 14 puts the clerk's new value into the sentence the supervisor approves. A value
    # typed as HTML is drawn as HTML: here the phone number really set is drawn white on white
    # and a harmless one is shown instead (the help panel's place was fixed the same way).
    typed = "<span style='color:#ffffff'>13900000000</span>13800000000"
    box = ApprovalDialog(
        ctx,
        purpose="case.correct",
        subject="XH-W03-20261205-0001",
        what=f"更正申请人电话为 {typed}。",
        asked_by="wang.li",
        change="0" * 64,
    )
    qtbot.addWidget(box)
    (label,) = [w for w in box.findChildren(QLabel) if "更正申请人电话" in w.text()]
    assert label.textFormat() == Qt.TextFormat.PlainText  # AutoText: drawn as HTML
