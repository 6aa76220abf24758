"""呼叫工作人员: one press calls a clerk to this kiosk, and the citizen is told who is coming.

The call goes through the hall queue (sync/hall/help.py): online it shows on every
window's queue panel with the kiosk's place (``kiosk_place``) until a clerk answers;
the kiosk looks at the hall's feed every few seconds for its call, learns which window
is coming and says so. Offline no other window can hear it: the citizen is told at
once to go to the help desk, rather than wait for nobody; the call is kept on this
terminal only. A start over forgets the call on the screen, not at the windows: the
citizen may have stepped away, and the clerk still comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sync.hall.help import HelpResult
from ui.context import AppContext
from ui.kiosk.pages import big_button, heading, plain_error

if TYPE_CHECKING:
    from sync.hall.operations import HallQueue
    from terminal.hall.help import Help
    from ui.queue_link import QueueLink

WATCH_MS = 3000  # how often the page looks whether a window answered


def kiosk_place(ctx: AppContext) -> str:
    """Where this kiosk stands, as the clerks read it on their panels."""
    place = ctx.config.kiosk_place.strip()
    return place or f"自助终端 {ctx.config.terminal_id}"


class HelpPage(QWidget):
    say = Signal(str)  # for the voice
    finished = Signal()

    def __init__(self, ctx: AppContext, link: QueueLink) -> None:
        super().__init__()
        self.ctx, self.link = ctx, link
        self._visit = 0  # answers after a start over belong to nobody: dropped
        self.help: Help | None = None
        self.online = False
        self.asking = False  # a call on its way: a second press does not raise a second one
        self.looking = False  # one look at the feed at a time
        self.title = heading("")
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = big_button("", self.withdraw)
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self._look)
        # What happened to the call is the one thing on this page: larger than body text.
        self.words.setStyleSheet("font-size: 44px;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(32)
        layout.addWidget(self.words)
        layout.addStretch(2)
        layout.addWidget(self.cancel)
        self.clear()

    def enter(self) -> None:
        """Opened: call a clerk, unless this visit has called one already (then: the state)."""
        if self.help is not None:
            self._show()
            return
        if self.asking:
            return
        self.asking = True
        self.title.setText(self.tr("呼叫工作人员"))
        self.words.setText(self.tr("正在呼叫工作人员，请稍候……"))
        visit, place = self._visit, kiosk_place(self.ctx)

        def raise_it(hall: HallQueue) -> HelpResult:
            return hall.call_help(place)

        self.link.run(
            raise_it,
            lambda r: self._raised(r) if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def _raised(self, result: HelpResult) -> None:
        self.asking = False
        self.help, self.online = result.help, result.online
        self._show()
        self.say.emit(self.words.text())
        if self.online:
            self.watch.start()

    def _failed(self, error: Exception) -> None:
        self.asking = False
        self.words.setText(plain_error(error, self.tr("暂时无法呼叫，请到咨询台找工作人员。")))
        self.cancel.hide()
        self.say.emit(self.words.text())

    def _show(self) -> None:
        h = self.help
        if h is None:
            return
        self.cancel.setVisible(h.state != "done")
        if not self.online and h.origin == "local":
            self.title.setText(self.tr("网络暂时不通"))
            self.words.setText(
                self.tr("其他窗口暂时收不到呼叫。请到咨询台找工作人员，或请身边的工作人员帮忙。")
            )
            self.cancel.hide()
        elif h.state == "coming" and h.window_no:
            self.title.setText(self.tr("工作人员正在过来"))
            self.words.setText(
                self.tr("%1 号窗口的工作人员正在过来，请在这里稍候。").replace(
                    "%1", str(h.window_no)
                )
            )
        elif h.state == "done":
            self.title.setText(self.tr("呼叫已结束"))
            self.words.setText(self.tr("如还需要帮助，请再按“呼叫工作人员”。"))
        else:
            self.title.setText(self.tr("已通知工作人员"))
            self.words.setText(self.tr("工作人员会到这台自助机来帮您，请在这里稍候。"))

    def _look(self) -> None:
        """Has a window answered? Asked of the hall's feed on the queue's thread."""
        h, visit = self.help, self._visit
        if h is None or not self.isVisible() or self.looking:
            return
        help_id = h.id

        def look(hall: HallQueue) -> HelpResult:
            found = hall.help_heard(help_id)
            return found if found is not None else HelpResult(h)

        def done(result: HelpResult) -> None:
            self.looking = False
            if visit == self._visit:
                self._heard(result.help)

        def failed(_error: Exception) -> None:
            self.looking = False  # the next look tries again

        self.looking = True
        self.link.run(look, done, failed)

    def _heard(self, found: Help | None) -> None:
        if found is None or self.help is None:
            return
        before = (self.help.state, self.help.window_no)
        self.help = found
        if (found.state, found.window_no) != before:
            self._show()
            self.say.emit(self.words.text())
        if found.state != "open":
            self.watch.stop()  # answered: nothing more to wait for

    def withdraw(self) -> None:
        """不用了: the citizen no longer needs a clerk; the windows see the call closed."""
        h, visit = self.help, self._visit
        if h is None:
            self.finished.emit()
            return
        help_id = h.id

        def close(hall: HallQueue) -> HelpResult:
            return hall.answer_help(help_id, "done")

        self.cancel.setEnabled(False)
        self.link.run(
            close,
            lambda _r: self.finished.emit() if visit == self._visit else None,
            lambda e: self._failed(e) if visit == self._visit else None,
        )

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("不用了，取消呼叫"))
        if self.help is not None:
            self._show()
        elif self.title.text():
            self.title.setText(self.tr("呼叫工作人员"))

    def clear(self) -> None:
        self._visit += 1
        self.watch.stop()
        self.help, self.online, self.asking, self.looking = None, False, False, False
        self.title.clear()
        self.words.clear()
        self.cancel.setEnabled(True)
        self.cancel.show()
        self.retranslate()
