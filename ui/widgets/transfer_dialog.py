"""转移: send the ticket in hand (or the one selected) to another window or another group.

The window number is a plain digits field: the old spin box showed 任一窗口 as its empty
value, and digits typed after that text were refused without a word. OK without a target,
or with this window's own number, says why and stays open."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from terminal.hall import Groups
from terminal.i18n import current_language
from ui import style


class TransferDialog(QDialog):
    def __init__(self, groups: Groups, own_window: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.own_window = own_window
        self.setWindowTitle(self.tr("转移"))
        self.window_no = QLineEdit()
        self.window_no.setValidator(QIntValidator(1, 999, self))
        self.window_no.setPlaceholderText(self.tr("窗口号，如 5"))
        self.group = QComboBox()
        self.group.addItem(self.tr("不变"), None)
        for g in groups.groups:
            self.group.addItem(f"{g.prefix} {g.label(current_language())}", g.prefix)
        self.error = QLabel()
        style.set_role(self.error, "error")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("到窗口"), self.window_no)
        form.addRow(self.tr("或到业务"), self.group)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.window_no.setFocus()

    def _ok(self) -> None:
        window, group = self.target()
        if window is None and group is None:
            self.error.setText(self.tr("请填写要转到的窗口号，或选择要转到的业务。"))
        elif window == self.own_window and group is None:
            self.error.setText(self.tr("这就是本窗口：请填写另一个窗口号。"))
        else:
            self.accept()
            return
        self.window_no.setFocus()

    def target(self) -> tuple[int | None, str | None]:
        text = self.window_no.text().strip()
        return (int(text) if text.isdigit() and int(text) > 0 else None, self.group.currentData())
