"""The signed-in clerk's own deadline cards (黄牌/红牌): what is due soon or overdue, worst
first. Opened from the status bar or 查看 → 我的办件警示 (Ctrl+Shift+Y); Esc closes it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from terminal.catalogue import Catalogue
from terminal.deadline_cards import Card, counts
from ui.screen_fit import available, fit_to
from ui.widgets.cards_table import CardsTable


class MyCardsDialog(QDialog):
    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("我的办件警示"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = CardsTable(catalogue, with_clerk=False)
        hint = QLabel(
            self.tr("黄牌：期限将到；红牌：已超期。请按回执编号在“历史办件”(Ctrl+H) 中找到办件。")
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        fit_to(self, available(parent or self), 1000, 520)

    def show_cards(self, cards: list[Card]) -> None:
        yellow, red = counts(cards)
        if not cards:
            self.summary.setText(self.tr("您经办的办件没有黄牌或红牌。"))
        else:
            self.summary.setText(
                self.tr("红牌 %1 张，黄牌 %2 张。")
                .replace("%1", str(red))
                .replace("%2", str(yellow))
            )
        self.table.show_cards(cards)
        self.table.select_first()
        self.table.setFocus()
