"""The supervisor's approval box: the clerk at the window cannot approve for themself; the
supervisor's own password does, and the box says what went wrong otherwise."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from terminal import clerks
from terminal.clock import now
from ui.context import AppContext
from ui.widgets.approval_dialog import ApprovalDialog


def supervisor_and_box(ctx: AppContext) -> ApprovalDialog:
    """Supervisor zhou.sup (password s3cret-pass) in the store, and the box clerk wang.li
    opens to have a correction approved."""
    ctx.store_jobs.submit(
        lambda store: clerks.add_clerk(
            store,
            username="zhou.sup",
            display_name="周主管",
            role=clerks.Role.SUPERVISOR,
            password="s3cret-pass",
            actor="cli",
            terminal="XH-W03",
            at=now(),
        )
    )
    ctx.store_jobs.wait_idle()
    return ApprovalDialog(
        ctx,
        purpose="case.correct",
        subject="XH-W03-20261205-0001",
        what="更正办件 XH-W03-20261205-0001 的申请人电话。",
        asked_by="wang.li",
        change="0" * 64,
    )


def test_only_a_supervisor_approves(ctx: AppContext, qtbot: QtBot) -> None:
    box = supervisor_and_box(ctx)
    qtbot.addWidget(box)
    box.show()
    ok = box.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def try_as(name: str, password: str) -> None:
        box.username.setText(name)
        box.password.setText(password)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    # The clerk at the counter, with their own password: not a supervisor.
    try_as("wang.li", "long-enough-1")
    qtbot.waitUntil(lambda: "不能批准" in box.message.text(), timeout=5000)
    assert box.approval is None and box.isVisible()
    try_as("zhou.sup", "s3cret-pass")
    qtbot.waitUntil(lambda: box.approval is not None, timeout=5000)
    assert box.approval is not None and box.approval.username == "zhou.sup"
