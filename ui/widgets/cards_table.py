"""A table of deadline cards (黄牌/红牌): the clerk's own list and the supervisor's view.

One row per card: the card, what clock it is, the receipt number, the service, the citizen's
masked name (张*), the clerk (the supervisor's view only), the day, and how far past or how
near. Never an ID number: the receipt number finds the case in the history.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from terminal.catalogue import Catalogue, CatalogueError
from terminal.deadline_cards import RED, Card
from ui.widgets.service_picker import intake_name

RED_TEXT = QColor("#b3261e")  # the follow-ups' overdue red (ui/widgets/followup_dialog.py)
YELLOW_TEXT = QColor("#8a5a00")  # the style's warning amber: readable on white, unlike yellow
CLERK_COLUMN = 5


class CardsTable(QTableWidget):
    def __init__(self, catalogue: Catalogue, *, with_clerk: bool, parent: QWidget | None = None):
        super().__init__(0, 8, parent)
        self.catalogue = catalogue
        self.cards: list[Card] = []
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setColumnHidden(CLERK_COLUMN, not with_clerk)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [self.tr("警示"), self.tr("类别"), self.tr("回执编号"), self.tr("事项"),
             self.tr("申请人"), self.tr("经办人"), self.tr("期限"), self.tr("超期 / 剩余")]
        )  # fmt: skip
        self.show_cards(self.cards)

    def kind_text(self, card: Card) -> str:
        if card.kind == "due":
            return self.tr("承诺办结")
        if card.kind == "notice":
            return self.tr("一次性告知未出具")
        if card.kind == "return":
            return self.tr("补正期限")
        return self.tr("容缺承诺：%1").replace("%1", self._material(card.material))

    def _material(self, code: str) -> str:
        try:
            return self.catalogue.materials[code].name
        except (KeyError, CatalogueError):
            return code

    def when_text(self, card: Card) -> str:
        if card.colour == RED:
            return self.tr("超期 %n 天", "", card.days_over)
        if card.left == 0:
            return self.tr("今日到期")
        return self.tr("剩余 %n 个工作日", "", card.left)

    def show_cards(self, cards: list[Card]) -> None:
        self.cards = cards
        self.setRowCount(len(cards))
        for row, card in enumerate(cards):
            red = card.colour == RED
            cells = (
                self.tr("红牌") if red else self.tr("黄牌"),
                self.kind_text(card),
                card.receipt_no,
                intake_name(self.catalogue, card.intake_code) or card.intake_code,
                card.applicant,
                card.clerk_name,
                card.deadline.isoformat(),
                self.when_text(card),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setForeground(QBrush(RED_TEXT if red else YELLOW_TEXT))
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
