"""办理事项: type part of a name, a code, a department or pinyin initials; Enter picks."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.catalogue import Catalogue, CatalogueError
from terminal.catalogue_search import Hit, search
from ui.qt_names import set_by_name
from ui.widgets.situation_form import pick

USER_ROLE = 256  # Qt.ItemDataRole.UserRole, by value: the list is filled before the first paint


def intake_name(catalogue: Catalogue, code: str) -> str | None:
    """A service's or bundle's name in the window's language; None for an unknown code."""
    try:
        intake = catalogue.intake(code)
    except CatalogueError:
        return None
    return pick(intake.name, intake.name_en)


class ServicePicker(QGroupBox):
    chosen = Signal(str)  # a service or bundle code

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.query = QLineEdit()
        self.results = QListWidget()
        # Long names (and the department after them) wrap: no sideways scrolling to read one.
        self.results.setWordWrap(True)
        set_by_name(self.results, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._pick_current)
        self.results.itemActivated.connect(self._pick)
        self.query.installEventFilter(self)
        self.retranslate()
        self._search("")

    def retranslate(self) -> None:
        self.setTitle(self.tr("办理事项"))
        self.query.setPlaceholderText(self.tr("输入名称、编码、部门或拼音首字母（如 jzz）"))
        self._search(self.query.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        # Arrow keys in the search box move through the results: no mouse needed.
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (QtCore.Qt.Key.Key_Down, QtCore.Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if key == QtCore.Qt.Key.Key_Down else -1)
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
        return False

    def _search(self, text: str) -> None:
        self.results.clear()
        for hit in search(self.catalogue, text):
            name, department = self._names(hit)
            label = (
                self.tr("【一件事】%1").replace("%1", name)
                if hit.is_bundle
                else f"{name}{pick('　', ' · ')}{department}"  # the language's own space
            )
            item = QListWidgetItem(label)
            item.setData(USER_ROLE, hit.code)
            item.setToolTip(hit.code)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _names(self, hit: Hit) -> tuple[str, str]:
        """The catalogue's English names in the English window (search matches both)."""
        service = self.catalogue.services.get(hit.code)
        if service is not None:
            return pick(service.name, service.name_en), pick(
                service.department.name, service.department.name_en
            )
        bundle = self.catalogue.bundles.get(hit.code)
        return (pick(bundle.name, bundle.name_en) if bundle else hit.name), hit.department

    def _pick_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(USER_ROLE))
