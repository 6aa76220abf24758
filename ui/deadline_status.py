"""The signed-in clerk's own deadline cards (黄牌/红牌) in the status bar.

A button in the status bar ("红牌 1 · 黄牌 2", hidden while there are none) and 查看 → 我的办件警示
(Ctrl+Shift+Y) open the list of this clerk's cards. The count is read on the store worker
(terminal/deadline_cards.py, loaded there, not at the window's start), a moment after the
window is first shown, every five minutes, and when the window comes back (another clerk may
have unlocked it). A supervisor working a window sees their own cards here too; everyone's
are in the supervisor's view (ui/supervisor_menu.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from terminal import clock
from terminal.store import Store
from ui import style
from ui.qt_names import set_by_name

if TYPE_CHECKING:
    from terminal.deadline_cards import Card
    from ui.main_window import MainWindow
    from ui.widgets.my_cards_dialog import MyCardsDialog

SHORTCUT = "Ctrl+Shift+Y"
FIRST_READ_MS = 1500  # after the first paint: the window's start is not made slower
REFRESH_MS = 5 * 60 * 1000
log = logging.getLogger("tongban.ui.cards")


def read_cards(ctx: Any, clerk: str | None) -> Any:
    """A store job: the cards of ``clerk``'s cases (everyone's for None), counted today."""
    config, calendar = ctx.config, ctx.calendar

    def read(store: Store) -> list[Card]:
        from terminal import deadline_cards

        thresholds = deadline_cards.thresholds_of(config)
        today = clock.now().date()
        return deadline_cards.cards(store.conn, calendar, thresholds, today, clerk=clerk)

    return read


class DeadlineStatus(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.cards: list[Card] = []
        self.dialog: MyCardsDialog | None = None
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setVisible(False)
        self.button.clicked.connect(self.open)
        window.status.addPermanentWidget(self.button)
        self.action = QAction(window)
        set_by_name(self.action, "shortcut", SHORTCUT)
        self.action.triggered.connect(lambda _=False: self.open())
        window.addAction(self.action)
        window.actions_by_name["my_cards"] = self.action
        window.view_menu.addAction(self.action)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        # A timer object, not QTimer.singleShot: its overloads make PySide build the Qt
        # namespace's enums before the first paint (tests/ui/test_first_paint_enums.py).
        self.first = QTimer(self, singleShot=True, interval=FIRST_READ_MS)
        self.first.timeout.connect(self.refresh)
        self.first.start()
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(
            QCoreApplication.translate("DeadlineStatus", "我的办件警示（黄牌/红牌）")
        )
        self._show(self.cards)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind == QEvent.Type.WindowActivate and not self.first.isActive():
            # Not when first shown: the first read is due 1.5 s after, and read now it would
            # load the cards' modules on the store thread while the window paints.
            self.refresh()
        return False

    def refresh(self) -> None:
        clerk = self.window.ctx.clerk
        if clerk is None:
            self._show([])
            return
        job = read_cards(self.window.ctx, clerk.username)
        self.window.ctx.store_jobs.submit(job, self._show, self._failed)

    def _failed(self, error: Exception) -> None:
        # A count that could not be read waits for the next one; the clerk is not stopped.
        log.warning("deadline cards not read: %s", type(error).__name__)

    def _show(self, cards: list[Card]) -> None:
        self.cards = cards
        red = sum(1 for c in cards if c.colour == "red")  # deadline_cards.RED: not loaded at start
        yellow = len(self.cards) - red
        parts = []
        if red:
            parts.append(
                QCoreApplication.translate("DeadlineStatus", "红牌 %1").replace("%1", str(red))
            )
        if yellow:
            parts.append(
                QCoreApplication.translate("DeadlineStatus", "黄牌 %1").replace("%1", str(yellow))
            )
        self.button.setText(f"{' · '.join(parts)} ({SHORTCUT})" if parts else "")
        self.button.setVisible(bool(parts))
        # Red text for a red card; the colour is said in words too ("红牌"), for who cannot see it.
        role = "error" if red else "warning"
        if parts and self.button.property("role") != role:
            style.set_role(self.button, role)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_cards(self.cards)

    def open(self) -> None:
        from ui.widgets.my_cards_dialog import MyCardsDialog  # opened rarely: not at start

        if self.dialog is None:
            self.dialog = MyCardsDialog(self.window.ctx.catalogue, self.window)
        self.dialog.show_cards(self.cards)
        self.dialog.open()
        self.refresh()


def install(window: MainWindow) -> DeadlineStatus:
    return DeadlineStatus(window)
