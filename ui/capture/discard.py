"""Asked before captured pages are thrown away: Esc sits next to Space and Delete, the keys a
clerk presses here all day, and twenty pages from the feeder are a minute of the citizen's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_before_discarding(
    parent: QWidget, count: int, answered: Callable[[bool], None]
) -> QMessageBox:
    """Opens (does not block) a question whose default and Esc keep the pages; ``answered``
    gets True when the clerk chose to discard them."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("CaptureDialog", "放弃已采集的页面？"),
        QCoreApplication.translate(
            "CaptureDialog", "已采集 %1 页，尚未保存。关闭后这些页面将被丢弃。"
        ).replace("%1", str(count)),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    keep = box.addButton(
        QCoreApplication.translate("CaptureDialog", "继续采集"), QMessageBox.ButtonRole.RejectRole
    )
    box.addButton(
        QCoreApplication.translate("CaptureDialog", "放弃并关闭"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.finished.connect(lambda _result: answered(box.clickedButton() is not keep))
    box.open()
    return box
