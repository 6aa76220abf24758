"""What the window settles between the decision and writing the case: a fee waiver's
approval (ui/fee_waiver.py), and a sentence when a promised date falls in a year the
working-day calendar does not cover (its holidays unknown: the date may move, and the paper
says 遇法定节假日顺延)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from terminal.calendar_versions import years_text
from terminal.cases import Decided

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def checked(window: MainWindow, decided: Decided) -> Decided | None:
    """``decided`` ready to write, or None when it must not be written (a waiver the
    supervisor did not approve)."""
    from ui import fee_waiver

    if decided.uncovered_years:
        # Told before the paper prints, so the clerk can say it to the citizen. Its own box,
        # not the window's warning: nothing went wrong, the case goes on being recorded.
        box = QMessageBox(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("BeforeRecord", "承诺日期可能顺延"),
            QCoreApplication.translate(
                "BeforeRecord",
                "本系统的工作日历尚未包含 %1 年的法定节假日：承诺日期按周一至周五计算，"
                "遇法定节假日顺延，回执上会注明。请告知申请人；日历更新后新办件自动按新日历计算。",
            ).replace("%1", years_text(decided.uncovered_years)),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()
        window.calendar_notice = box
    return fee_waiver.approved(window, decided)
