"""不予受理 needs a reason and its legal basis, both written down. The service's presets
from the catalogue come first, by number (type 1, 2, ... or use the arrows): most refusals
are one of a few, and a law citation retyped by hand is a citation mistyped sooner or later.

Keys: Tab moves between the fields, Enter in the reason goes on to the basis, Enter on the
basis (or on a chosen preset) and Ctrl+Enter anywhere decide, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from terminal.catalogue import Intake
from ui import style
from ui.widgets.situation_form import pick

BASIS_EXAMPLE = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class RejectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, intake: Intake | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不予受理"))
        self.presets = intake.rejections if intake is not None else ()
        self.preset = QComboBox()
        self.preset.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset.setMinimumContentsLength(30)
        self.preset.addItem(self.tr("自行填写"), None)
        for i, r in enumerate(self.presets, start=1):
            self.preset.addItem(f"{i}. {pick(r.reason, r.reason_en)}", i - 1)
            self.preset.setItemData(i, pick(r.basis, r.basis_en), Qt.ItemDataRole.ToolTipRole)
        self.preset.currentIndexChanged.connect(self._chosen)
        self.reason = QLineEdit()
        self.basis = QLineEdit()
        self.basis.setPlaceholderText(BASIS_EXAMPLE)
        wide = self.fontMetrics().horizontalAdvance("中" * 32)  # a preset reason, unscrolled
        self.reason.setMinimumWidth(wide)
        self.error = QLabel()
        style.set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        self.preset_label = QLabel(self.tr("常用理由"))
        form.addRow(self.preset_label, self.preset)
        form.addRow(self.tr("不予受理的理由"), self.reason)
        form.addRow(self.tr("法律依据"), self.basis)
        form.addRow(self.error)
        form.addRow(self.buttons)
        if not self.presets:  # a service without presets: straight to typing
            self.preset_label.setVisible(False)
            self.preset.setVisible(False)
        for widget in (self.preset, self.reason, self.basis):
            widget.installEventFilter(self)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._ok)
        (self.preset if self.presets else self.reason).setFocus()

    def _chosen(self, index: int) -> None:
        number = self.preset.itemData(index)
        if number is None:
            return
        # The decision is printed in Chinese whatever the window's language.
        chosen = self.presets[int(number)]
        self.reason.setText(chosen.reason)
        self.basis.setText(chosen.basis)
        self.error.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in ENTER:
            return False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._ok()  # Ctrl+Enter: decide from any field
        elif watched is self.reason:
            self.basis.setFocus()
        elif watched is self.preset and self.preset.currentData() is None:
            self.reason.setFocus()
        else:
            self._ok()
        return True

    def _ok(self) -> None:
        if not self.reason.text().strip() or not self.basis.text().strip():
            self.error.setText(self.tr("理由和法律依据都必须填写。"))
            (self.basis if self.reason.text().strip() else self.reason).setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, str]:
        return self.reason.text().strip(), self.basis.text().strip()
