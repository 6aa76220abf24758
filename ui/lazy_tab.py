"""A tab whose page is built the first time the clerk opens it, not before the window's
first paint: the history's table, its header and its buttons are a quarter of the window's
widgets and none of them is seen at start (bench/window_start)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QTabWidget, QWidget

W = TypeVar("W", bound=QWidget)


class LazyTab(Generic[W]):
    """Adds an empty page to ``tabs`` now; ``page()`` (or choosing the tab) builds the real
    one and puts it in the empty page's place, with the same tab text."""

    def __init__(self, tabs: QTabWidget, build: Callable[[], W]) -> None:
        self.tabs = tabs
        self._build = build
        self._page: W | None = None
        self._placeholder: QWidget | None = QWidget()
        tabs.addTab(self._placeholder, "")
        tabs.currentChanged.connect(self._chosen)

    def page(self) -> W:
        if self._page is None:
            placeholder = self._placeholder
            assert placeholder is not None
            self._page = self._build()
            index = self.tabs.indexOf(placeholder)
            current = self.tabs.currentIndex()
            # The page goes in beside the placeholder before it leaves: the tab bar never
            # shifts and the current tab does not change on the way.
            self.tabs.blockSignals(True)
            try:
                self.tabs.insertTab(index, self._page, self.tabs.tabText(index))
                self.tabs.removeTab(index + 1)
                self.tabs.setCurrentIndex(current)
            finally:
                self.tabs.blockSignals(False)
            placeholder.deleteLater()
            self._placeholder = None
        return self._page

    def _chosen(self, index: int) -> None:
        if self._page is None and self.tabs.widget(index) is self._placeholder:
            self.page()
