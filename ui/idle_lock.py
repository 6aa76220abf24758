"""Lock the window after the configured idle minutes: nothing personal stays on an
unattended counter. Any key or click counts as activity; unlocking is a sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.widgets.sign_in import SignInDialog

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    def __init__(self, window: MainWindow, minutes: float) -> None:
        super().__init__(window)
        self.window = window
        self._hidden: list[QWidget] = []  # windows the lock hid, shown again on unlock
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(self.lock)
        self.dialog: SignInDialog | None = None
        self.watching = False
        # Every event of every object passes an application-wide filter, and PySide wraps
        # each for Python: installed before the first paint it was a tenth of the window's
        # cold start (bench/window_start). Idle minutes cannot pass before the clerk sees it.
        if window.isVisible():
            self._watch()
        else:
            from ui.app import after_first_paint

            after_first_paint(window, self._watch)
        self.timer.start()

    def _watch(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.watching = True

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.window.save_draft()  # the work in progress is kept, not shown
        self.window.tabs.setVisible(False)
        # Every box of the window goes with the case: a receipt in the print preview names
        # the citizen, the capture dialog shows their papers and the camera's live picture.
        # Hidden, not closed: nothing captured or typed is lost, and all come back on unlock.
        from PySide6.QtWidgets import QDialog

        boxes = [self.window.preview, *self.window.findChildren(QDialog)]
        self._hidden = list(dict.fromkeys(w for w in boxes if w is not None and w.isVisible()))
        for w in self._hidden:
            w.hide()
        from ui.widgets.sign_in import SignInDialog  # when it locks: not at start

        clerk = self.window.ctx.clerk
        self.dialog = SignInDialog(
            self.window.ctx, locked_for=clerk.username if clerk else None, parent=self.window
        )
        self.dialog.may_close = False  # only the password opens the window again
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.open()

    def _unlocked(self) -> None:
        assert self.dialog is not None
        if self.dialog.clerk is not None:
            self.window.ctx.clerk = self.dialog.clerk
            self.window.status.set_clerk(self.dialog.clerk.display_name)
        self.dialog = None
        self.window.tabs.setVisible(True)
        for w in self._hidden:
            w.show()
        self._hidden = []
        self.timer.start()
