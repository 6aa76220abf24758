"""A table of deadline cards (黄牌/红牌): the clerk's own list and the supervisor's view.

One row per card: the card, how far past or how near, the day, what clock it is, the receipt
number, the citizen's masked name (张*), the clerk (the supervisor's view only), the service.
Never an ID number: the receipt number finds the case in the history.

A model and a view, not a QTableWidget: a hall behind with its work can have thousands of
cards, and a widget item per cell took most of a second to fill with 3,500 of them; the view
asks only for the rows on screen (bench/deadline_cards.py).
"""

from __future__ import annotations

from typing import Any

# Qt's enums: this module loads when a list of cards first opens, long after the first paint.
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from terminal.catalogue import Catalogue, CatalogueError
from terminal.deadline_cards import RED, Card
from ui.widgets.service_picker import intake_name

RED_TEXT = QColor("#b3261e")  # the follow-ups' overdue red (ui/widgets/followup_dialog.py)
YELLOW_TEXT = QColor("#8a5a00")  # the style's warning amber: readable on white, unlike yellow
# On the large type's black (ui/style.py ROLE_COLOURS): its own error red and warning yellow.
RED_ON_DARK, YELLOW_ON_DARK = QColor("#ff6b6b"), QColor("#ffd400")
CLERK_COLUMN = 6
ROWS_MEASURED = 50  # the columns' widths from the rows on screen and 50 more: the texts are alike


def card_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """(red, yellow) readable on the widget's background, light or dark."""
    dark = widget.palette().base().color().lightness() < 128
    return (RED_ON_DARK, YELLOW_ON_DARK) if dark else (RED_TEXT, YELLOW_TEXT)


def fit_columns_on_restyle(table: QAbstractItemView, event: QEvent) -> None:
    """Large type switched on or off while open: the columns take the new font's widths."""
    if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
        resize = getattr(table, "resizeColumnsToContents", None)
        if resize is not None:
            resize()


class CardsModel(QAbstractTableModel):
    def __init__(self, table: CardsTable) -> None:
        super().__init__(table)
        self.table = table
        self.cards: list[Card] = []
        self.rows: list[tuple[str, ...]] = []
        self.colours: tuple[QColor, QColor] = (RED_TEXT, YELLOW_TEXT)
        self.headers: list[str] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 8

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            red = self.cards[index.row()].colour == RED
            return QBrush(self.colours[0] if red else self.colours[1])
        return None

    def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return None

    def set(self, cards: list[Card], rows: list[tuple[str, ...]], colours: Any) -> None:
        self.beginResetModel()
        self.cards, self.rows, self.colours = cards, rows, colours
        self.endResetModel()


class CardsTable(QTableView):
    def __init__(
        self, catalogue: Catalogue, *, with_clerk: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.cards: list[Card] = []
        self.cards_model = CardsModel(self)
        self.setModel(self.cards_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
        self.verticalHeader().setVisible(False)
        self.setColumnHidden(CLERK_COLUMN, not with_clerk)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if "cards_model" not in vars(self):  # the style's events while it is being built
            return
        if event.type() == QEvent.Type.PaletteChange:
            self.show_cards(self.cards)
        fit_columns_on_restyle(self, event)

    def retranslate(self) -> None:
        self.cards_model.headers = [
            self.tr("警示"), self.tr("超期 / 剩余"), self.tr("期限"), self.tr("类别"),
            self.tr("回执编号"), self.tr("申请人"), self.tr("经办人"), self.tr("事项"),
        ]  # fmt: skip
        self.show_cards(self.cards)

    def rowCount(self) -> int:
        return self.cards_model.rowCount()

    def text(self, row: int, column: int) -> str:
        return self.cards_model.rows[row][column]

    def kind_text(self, card: Card) -> str:
        if card.kind == "due":
            return self.tr("承诺办结")
        if card.kind == "notice":
            return self.tr("一次性告知未出具")
        if card.kind == "return":
            return self.tr("补正期限")
        if card.kind == "verify":
            return self.tr("告知承诺核查：%1").replace("%1", self._material(card.material))
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
        red_word, yellow_word = self.tr("红牌"), self.tr("黄牌")
        services: dict[str, str] = {}
        rows: list[tuple[str, ...]] = []
        for card in cards:
            if card.intake_code not in services:
                name = intake_name(self.catalogue, card.intake_code)
                services[card.intake_code] = name or card.intake_code
            # The service's long name last: what a supervisor reads first fits on a 1366 screen.
            rows.append(
                (
                    red_word if card.colour == RED else yellow_word,
                    self.when_text(card),
                    card.deadline.isoformat(),
                    self.kind_text(card),
                    card.receipt_no,
                    card.applicant,
                    card.clerk_name,
                    services[card.intake_code],
                )
            )
        self.cards_model.set(cards, rows, card_colours(self))
        self.resizeColumnsToContents()

    def select_first(self) -> None:
        if self.cards:
            self.selectRow(0)
