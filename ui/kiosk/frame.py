"""The kiosk's frame: pages that scroll instead of growing the window, and tiles that use
the screen they are on (one or two columns in portrait, three in landscape).

A page whose content grew (a ticket shown, a long materials list) once made the window
taller than the screen, and the bar with 返回/重新开始 fell off it. Here each page sits
in its own vertical scroll area, so no page's size hint reaches the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)


class PageScroll(QScrollArea):
    """One page, scrolled up and down only: its width is always the screen's."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        # A finger drags the page (a touch screen has no wheel).
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    def page(self) -> QWidget:
        page = self.widget()
        assert page is not None
        return page

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)  # whatever the page holds, it never asks the window to grow


class PageStack(QStackedWidget):
    """A stack of pages, each in its own ``PageScroll``; the pages are what callers see
    (``currentWidget()`` is the page, not its scroll area)."""

    def add(self, page: QWidget) -> None:
        self.addWidget(PageScroll(page))

    def scroll_of(self, page: QWidget) -> PageScroll | None:
        for i in range(self.count()):
            scroll = self.widget(i)
            if isinstance(scroll, PageScroll) and scroll.widget() is page:
                return scroll
        return None

    def currentWidget(self) -> QWidget | None:
        scroll = super().currentWidget()
        return scroll.page() if isinstance(scroll, PageScroll) else scroll

    def setCurrentWidget(self, page: QWidget) -> None:
        scroll = self.scroll_of(page)
        if scroll is None:
            return
        scroll.verticalScrollBar().setValue(0)  # a page opens at its top
        super().setCurrentWidget(scroll)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


class TileGrid(QWidget):
    """Big tiles in as many columns as fit ``tile_width`` or the widest tile (at most ``most``), stretched to
    fill the space they are given: a portrait screen gets one or two columns of tall tiles,
    not a small grid in the middle of the screen."""

    def __init__(self, tile_width: int, most: int = 3) -> None:
        super().__init__()
        self.tile_width, self.most = tile_width, most
        self.tiles: list[QWidget] = []
        self.columns = 0
        self.grid = QGridLayout(self)
        self.grid.setSpacing(16)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def set_tiles(self, tiles: list[QWidget], most: int | None = None) -> None:
        if most is not None:
            self.most = most
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()  # gone now, not when the event loop gets round to deleting it
            tile.deleteLater()
        self.tiles = list(tiles)
        for tile in self.tiles:
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.columns = 0
        self._arrange(self.width())

    def rearrange(self) -> None:
        """After the tiles' texts changed (another language): the columns they now need."""
        self.columns = 0
        self._arrange(self.width())

    def _arrange(self, width: int) -> None:
        # As many columns as fit, each as wide as the widest tile's text needs (a long
        # bureau name gets a column of its own rather than being cut).
        spacing = self.grid.horizontalSpacing()
        widest = max([self.tile_width] + [t.sizeHint().width() for t in self.tiles])
        fit = (width + spacing) // (widest + spacing)
        columns = max(1, min(self.most, fit, len(self.tiles) or 1))
        if columns == self.columns:
            return
        self.columns = columns
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 0)
        for i, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, i // columns, i % columns)
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)  # columns of equal width

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        # One column's width: the grid becomes narrower by dropping columns, never wider.
        hint = super().minimumSizeHint()
        widest = max((t.minimumSizeHint().width() for t in self.tiles), default=0)
        return QSize(widest, hint.height())
