"""Sign in (and unlock after idle): the check runs on the store worker, never here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from terminal import clerks
from terminal.clerks import Clerk
from terminal.clock import now
from terminal.store import Store
from ui import style
from ui.context import AppContext

R = TypeVar("R")


class PasswordDialog(QDialog):
    """A user name and a password, checked on the store worker, never here: the sign-in,
    and a supervisor's approval (ui/widgets/approval_dialog.py)."""

    def __init__(
        self,
        ctx: AppContext,
        buttons: QDialogButtonBox.StandardButton,
        *,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        style.set_role(self.message, "error")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.may_close = True  # Esc and ×; the idle lock's sign-in sets False
        self.checking = False  # a check is out on the store worker

    def submit(self) -> None:
        raise NotImplementedError

    def check(self, job: Callable[[Store], R], done: Callable[[R], None]) -> None:
        """Run the password check on the store worker; ``done`` with its result, or the
        error shown here and the password box emptied for another try."""
        self.buttons.setEnabled(False)
        self.checking = True

        def checked(result: R) -> None:
            self.checking = False
            done(result)

        self.ctx.store_jobs.submit(job, checked, self._failed)

    def reject(self) -> None:
        """Not while a check runs: its answer would arrive after the caller was told
        "cancelled" (an approval recorded that nobody acts on). Never for the idle lock's
        sign-in: closing it left the case hidden with nothing to bring the box back."""
        if self.may_close and not self.checking:
            super().reject()

    def _failed(self, error: Exception) -> None:
        self.checking = False
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(str(error))


class SignInDialog(PasswordDialog):
    def __init__(
        self,
        ctx: AppContext,
        *,
        locked_for: str | None = None,
        cancellable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        Button = QDialogButtonBox.StandardButton
        # At the kiosk an admin's sign-in is a side door: whoever opened it by mistake (a
        # citizen touching the corner) must be able to close it.
        buttons = Button.Ok | (Button.Cancel if cancellable else Button.NoButton)
        super().__init__(ctx, buttons, username=locked_for or "", parent=parent)
        self.clerk: Clerk | None = None
        self.setWindowTitle(
            self.tr("登录") if locked_for is None else self.tr("已锁定：请重新登录")
        )
        form = QFormLayout(self)
        form.addRow(QLabel(f"{ctx.config.hall}　{ctx.config.window}号窗口"))
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.message)
        form.addRow(self.buttons)
        (self.password if locked_for else self.username).setFocus()

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        terminal = self.ctx.config.terminal_id

        def check(store: Store) -> Clerk:
            return clerks.authenticate(store, username, password, terminal=terminal, at=now())

        self.check(check, self._signed_in)

    def _signed_in(self, clerk: Clerk) -> None:
        self.clerk = clerk
        self.accept()


def sign_in(
    ctx: AppContext,
    parent: QWidget | None,
    locked_for: str | None = None,
    exec_dialog: Callable[[QDialog], int] | None = None,
) -> Clerk | None:
    dialog = SignInDialog(ctx, locked_for=locked_for, parent=parent)
    (exec_dialog or QDialog.exec)(dialog)
    return dialog.clerk
