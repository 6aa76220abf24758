"""监督 → 主管视图 (Ctrl+Shift+S): the supervisor's view, for a supervisor or an admin only.

The entry sits in the 监督 menu, which a clerk never sees (ui/followup_menu.py hides it).
The shortcut lives on the window, so a clerk who presses it is told in a sentence which role
is needed, and the attempt is journaled (terminal/supervisor_access.py). The view's module
(its tables, the follow-ups' dialog behind it) is imported when it first opens, not at the
window's start. Whenever the window comes back (an unlock, perhaps by a clerk) or hides its
tabs (the idle lock), an open view closes unless a supervisor is signed in.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction

from terminal import clock
from terminal.store import Store
from terminal.supervisor_access import SupervisionRefused, may_supervise
from ui.qt_names import set_by_name

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from ui.main_window import MainWindow
    from ui.widgets.supervisor_view import SupervisorView

SHORTCUT = "Ctrl+Shift+S"


class SupervisorViewEntry(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.view: SupervisorView | None = None
        self.refusal = ""  # the last sentence a clerk was told (tests read it)
        self.action = QAction(window)
        set_by_name(self.action, "shortcut", SHORTCUT)
        self.action.triggered.connect(lambda _=False: self.open())
        window.addAction(self.action)  # the shortcut works without the menu: then refused
        window.actions_by_name["supervisor_view"] = self.action
        first = menu.actions()
        if first:  # the view first: it is what a supervisor opens most
            menu.insertAction(first[0], self.action)
        else:
            menu.addAction(self.action)
        window.installEventFilter(self)
        window.tabs.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(QCoreApplication.translate("SupervisorMenu", "主管视图"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window.tabs:
            if kind == QEvent.Type.Hide and self.view is not None:
                self.view.close()
        elif kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif (
            kind in (QEvent.Type.WindowActivate, QEvent.Type.Show)
            and self.view is not None
            and not may_supervise(self.window.ctx.clerk)
        ):
            self.view.close()
        return False

    def open(self) -> None:
        ctx = self.window.ctx
        if not may_supervise(ctx.clerk):
            self.refusal = QCoreApplication.translate(
                "SupervisorMenu",
                "主管视图只能由主管或管理员打开。%1 是窗口人员，本人的办件警示见状态栏。",
            ).replace("%1", ctx.clerk.display_name if ctx.clerk else "")
            self.window.warn(self.refusal)
            who, terminal = ctx.clerk, ctx.config.terminal_id

            def journal_it(store: Store) -> None:
                from terminal import supervisor_access

                with contextlib.suppress(SupervisionRefused):  # the clerk has been told
                    supervisor_access.refuse(store, who, terminal=terminal, at=clock.now())

            ctx.store_jobs.submit(journal_it, None, self.window.fail)
            return
        from ui.widgets.supervisor_view import SupervisorView  # opened rarely: not at start

        if self.view is None:
            self.view = SupervisorView(self.window)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        self.view.load()


def install(window: MainWindow, menu: QMenu) -> SupervisorViewEntry:
    return SupervisorViewEntry(window, menu)
