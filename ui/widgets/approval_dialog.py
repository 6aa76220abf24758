"""The supervisor's approval box at the clerk's window: what is to be approved, in a sentence,
then the supervisor's own user name and password. The check runs on the store worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QWidget

from terminal import approval
from terminal.approval import Approval
from terminal.clock import now
from terminal.store import Store
from ui.context import AppContext
from ui.widgets.sign_in import PasswordDialog


class ApprovalDialog(PasswordDialog):
    """``exec()`` it; ``approval`` is the recorded approval after Accepted, else None.

    ``purpose`` is a stable id for the journal (``case.correct``, ``uscc.override``);
    ``subject`` what is approved (a case id); ``what`` the sentence the supervisor reads, which
    must show the whole change; ``change`` its digest (``approval.change_digest``): the
    approval is good for that change only."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        purpose: str,
        subject: str,
        what: str,
        asked_by: str,
        change: str,
        parent: QWidget | None = None,
    ) -> None:
        Button = QDialogButtonBox.StandardButton
        super().__init__(ctx, Button.Ok | Button.Cancel, parent=parent)
        self.purpose, self.subject, self.asked_by = purpose, subject, asked_by
        self.change = change
        self.approval: Approval | None = None
        self.setWindowTitle(self.tr("主管批准"))
        explanation = QLabel(what)
        explanation.setTextFormat(Qt.TextFormat.PlainText)  # a typed value is shown, not drawn
        explanation.setWordWrap(True)
        self.buttons.button(Button.Ok).setText(self.tr("批准"))
        form = QFormLayout(self)
        form.addRow(explanation)
        form.addRow(self.tr("主管用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.username.setFocus()

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("请主管输入用户名和密码。"))
            return
        purpose, subject, asked_by, change = self.purpose, self.subject, self.asked_by, self.change
        terminal = self.ctx.config.terminal_id

        def check(store: Store) -> Approval:
            return approval.approve(
                store,
                username,
                password,
                purpose=purpose,
                subject=subject,
                asked_by=asked_by,
                change=change,
                terminal=terminal,
                at=now(),
            )

        self.check(check, self._approved)

    def _approved(self, given: Approval) -> None:
        self.approval = given
        self.accept()
