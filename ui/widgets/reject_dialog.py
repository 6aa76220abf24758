"""不予受理 needs a reason and its legal basis, both written down."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

BASIS_EXAMPLE = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"


class RejectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("不予受理"))
        self.reason = QPlainTextEdit()
        self.basis = QPlainTextEdit()
        self.basis.setPlaceholderText(BASIS_EXAMPLE)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("不予受理的理由"), self.reason)
        form.addRow(self.tr("法律依据"), self.basis)
        form.addRow(self.error)
        form.addRow(buttons)

    def _ok(self) -> None:
        if not self.reason.toPlainText().strip() or not self.basis.toPlainText().strip():
            self.error.setText(self.tr("理由和法律依据都必须填写。"))
            return
        self.accept()

    def values(self) -> tuple[str, str]:
        return self.reason.toPlainText().strip(), self.basis.toPlainText().strip()
