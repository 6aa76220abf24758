"""Keys that do what their labels say.

A button's own shortcut (QAbstractButton.setShortcut) is replaced by its text's mnemonic at
every setText, so a retranslation silently took "打印 (Ctrl+P)"'s key away. Keys are
therefore QShortcut objects made once beside the button; retranslating changes texts only.
A shortcut parented to a button acts only while the button is visible and enabled, as a
click would."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# "受理 (F9)", "打印 (Ctrl+P)", "关闭 (Esc)", "拍照 (空格)", "删除所选 (Delete)": the key a label
# promises, in brackets at its end.
SHOWN = re.compile(
    r"[(（]((?:(?:Ctrl|Shift|Alt)\+)*(?:F\d{1,2}|Esc|Enter|Delete|Space|空格|[A-Z0-9]))[)）]\s*$"
)
# A key a label names in the clerk's words, as QKeySequence names it.
KEY_NAMES = {"空格": "Space"}


def shown_key(text: str) -> str | None:
    """The key named at the end of a label (as QKeySequence names it), or None."""
    found = SHOWN.search(text)
    return KEY_NAMES.get(found.group(1), found.group(1)) if found else None


def key_for(button: QAbstractButton, keys: str) -> QShortcut:
    """``keys`` clicks ``button`` from anywhere in its window, for as long as it exists."""
    shortcut = QShortcut(QKeySequence(keys), button)

    def press() -> None:
        if button.isEnabled() and button.isVisible():
            button.click()

    shortcut.activated.connect(press)
    return shortcut


def new_case(window: MainWindow) -> None:
    """Ctrl+N: a new, empty case. The one in progress is never dropped: it is saved as a
    draft first (offered again at the next sign-in) and the status line says so, by name.
    Asking instead would cost a key on every new case for the rare one that is abandoned."""
    editor = window.editor
    if editor.has_content():
        window.save_draft()
        applicant = editor.applicant.applicant()
        who = applicant.name if applicant is not None else ""
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow", "上一办件已存为草稿%1，下次登录时可续办。"
            ).replace("%1", f"（{who}）" if who else ""),
            10000,
        )
    window.new_case()
