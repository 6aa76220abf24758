"""The 监督 (supervision) menu of the clerk's window, and its first entry: 差评整改.

Roles are enforced here for the window (docs/window.md, 谁能做什么): the menu shows only
while a supervisor or an admin is signed in (checked again whenever the window comes back,
so after an unlock by someone else too); a clerk who presses the shortcut is told in a
sentence why not, and the attempt is journaled. terminal/followups.py refuses a clerk's
step as well, whatever reaches it. The supervisor's view is ui/supervisor_menu.py's entry.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction

from terminal.clerks import Role
from terminal.clock import now
from terminal.store import Store
from ui.qt_names import set_by_name

if TYPE_CHECKING:
    from ui.deadline_status import DeadlineStatus
    from ui.main_window import MainWindow
    from ui.supervisor_menu import SupervisorViewEntry
    from ui.widgets.followup_dialog import FollowupDialog

SHORTCUT = "Ctrl+Shift+F"
# terminal/followups.py's MAY_FOLLOW_UP (a test keeps them equal): that module loads when the
# dialog opens, not at the window's start, which only asks whether to show the menu.
MAY_OPEN = (Role.SUPERVISOR, Role.ADMIN)


class SupervisionMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: FollowupDialog | None = None
        self.refusal = ""  # the last sentence a clerk was told (tests read it)
        self.view_entry: SupervisorViewEntry | None = None  # 主管视图 (set by ``install``)
        self.my_cards: DeadlineStatus | None = None
        self.action = QAction(window)
        set_by_name(self.action, "shortcut", SHORTCUT)
        self.action.triggered.connect(lambda _=False: self.open())
        window.addAction(self.action)  # the shortcut works without the menu: then refused
        window.actions_by_name["followups"] = self.action
        self.menu = window.menuBar().addMenu("")
        self.menu.addAction(self.action)
        window.installEventFilter(self)
        # The idle lock hides the tabs (ui/idle_lock.py): the follow-ups close with them, so
        # whoever signs in next, perhaps a clerk, does not find them open.
        window.tabs.installEventFilter(self)
        self.retranslate()
        self.refresh()

    def allowed(self) -> bool:
        clerk = self.window.ctx.clerk
        return clerk is not None and clerk.role in MAY_OPEN

    def refresh(self) -> None:
        """The menu for a supervisor or an admin only; the dialog closes for anyone else."""
        allowed = self.allowed()
        self.menu.menuAction().setVisible(allowed)
        if not allowed and self.dialog is not None:
            self.dialog.close()

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("FollowupMenu", "监督"))
        self.action.setText(QCoreApplication.translate("FollowupMenu", "差评整改"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window.tabs:
            if kind == QEvent.Type.Hide and self.dialog is not None:
                self.dialog.close()
        elif kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.WindowActivate, QEvent.Type.Show):
            self.refresh()
        return False

    def open(self) -> None:
        ctx = self.window.ctx
        if not self.allowed():
            self.refusal = QCoreApplication.translate(
                "FollowupMenu",
                "差评整改只能由主管或管理员办理。%1 是窗口人员，请主管登录后再打开。",
            ).replace("%1", ctx.clerk.display_name if ctx.clerk else "")
            self.window.warn(self.refusal)
            who, terminal = ctx.clerk, ctx.config.terminal_id

            def journal_it(store: Store) -> None:
                from terminal import followups

                # The refusal is what is recorded; the clerk has been told already.
                with contextlib.suppress(followups.FollowupRefused):
                    followups.refuse(store, who, terminal=terminal, at=now())

            ctx.store_jobs.submit(journal_it, None, self.window.fail)
            return
        from ui.widgets.followup_dialog import FollowupDialog  # opened rarely: not at start

        if self.dialog is not None:
            self.dialog.close()
        self.dialog = FollowupDialog(ctx, self.window)
        self.dialog.open()


def install(window: MainWindow) -> SupervisionMenu:
    """The 监督 menu with its entries, and the clerk's own deadline cards in the status bar
    (issue 17): installed here so the window's own module stays as it is."""
    from ui import deadline_status, supervisor_menu

    menu = SupervisionMenu(window)
    menu.view_entry = supervisor_menu.install(window, menu.menu)
    menu.my_cards = deadline_status.install(window)
    return menu
