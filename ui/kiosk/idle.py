"""Left alone, the kiosk warns, counts down, then wipes everything personal and starts over."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class IdleWatcher(QObject):
    countdown = Signal(int)  # seconds left; 0 when the countdown is cancelled by a touch
    expired = Signal()

    def __init__(
        self, idle_seconds: float, warn_seconds: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.warn_seconds = warn_seconds
        self.left = 0
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(int(max(0.0, idle_seconds - warn_seconds) * 1000))
        self.idle.timeout.connect(self._start_countdown)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.touched()
        return False

    def touched(self) -> None:
        if self.tick.isActive():
            self.tick.stop()
            self.countdown.emit(0)
        self.idle.start()

    def _start_countdown(self) -> None:
        self.left = self.warn_seconds
        self.countdown.emit(self.left)
        self.tick.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.countdown.emit(self.left)
            return
        self.tick.stop()
        self.expired.emit()
        self.idle.start()

    def expire_now(self) -> None:
        """What the timers do after the idle period: for the supervisor's 'start over' and tests."""
        self._start_countdown()
        self.left = 1
        self._tick()


def connect(
    watcher: IdleWatcher, on_countdown: Callable[[int], None], on_expired: Callable[[], None]
) -> None:
    watcher.countdown.connect(on_countdown)
    watcher.expired.connect(on_expired)
