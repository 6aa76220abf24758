"""The hall display: the newest call very large, the calls before it, who waits per group,
the time, and whether the portal is reached; each new call flashes and is spoken.

It takes no input: the TV has no keyboard, and a board that a passer-by could close or
change would be worse than one that cannot be touched. There is no way out but the
supervisor (``systemctl --user stop tongban-display``, or SIGTERM); a crash is answered
by it restarting the program (docs/packaging/tongban-display.service).

Everything it shows comes from the store, read on the queue link's thread (never SQLite
on the GUI thread), and from the ``QueueWatcher``'s events: calls as they are heard, a
re-read of the counts on "changed", the link state on "link".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from terminal import hall
from terminal.clock import now as clock_now
from terminal.hall import Call
from terminal.i18n import current_language
from terminal.store import Store
from ui.context import AppContext
from ui.display.board import (
    BLACK,
    GREEN,
    GREY,
    RECENT,
    RED,
    WHITE,
    YELLOW,
    FitLabel,
    NewestCall,
    RecentCalls,
    WaitingCounts,
    scale_all,
)
from ui.display.speech import CallSpeaker, Voice, estimate_seconds
from ui.queue_link import QueueLink

if TYPE_CHECKING:
    from sync.hall.watch import QueueEvent

FLASH_SECONDS = 6.0  # long enough to catch the eye of someone looking down at a phone
FLASH_MS = 500

log = logging.getLogger(__name__)


@dataclass
class Snapshot:
    """What the board reads from the store in one job, on the queue link's thread."""

    day: str
    calls: list[Call]
    counts: dict[str, dict[str, int]]
    groups: list[tuple[str, str]]  # (prefix, name in the board's language)
    problem: str = ""  # the hall's own groups file is bad: named, and the shipped one used


def read_board(store: Store, day: str, language: str, data_dir: Path) -> Snapshot:
    groups, problem = hall.groups_or_shipped(data_dir)
    calls = [c for c in hall.recent_calls(store.conn, limit=RECENT + 1) if _day(c.called_at) == day]
    return Snapshot(
        day=day,
        calls=calls,
        counts=hall.counts(store.conn, day),
        groups=[(g.prefix, g.label(language)) for g in groups.groups],
        problem=problem,
    )


def _day(called_at: str) -> str:
    try:
        return hall.day_of(datetime.fromisoformat(called_at))
    except (TypeError, ValueError):
        return ""


def waiting_in(states: dict[str, int]) -> int:
    return states.get("waiting", 0) + states.get("transferred", 0)


class DisplayWindow(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        *,
        link: QueueLink | None = None,
        voice: Voice | None = None,
        now: Callable[[], datetime] = clock_now,
        speaking: Callable[[str], float] = estimate_seconds,
        flash_seconds: float = FLASH_SECONDS,
    ) -> None:
        super().__init__(
            None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.ctx = ctx
        self.now = now
        self.may_close = False
        self.link = link if link is not None else QueueLink(ctx)
        if voice is None:
            from ui.voice import Announcer

            voice = Announcer()
        self.voice = voice
        self.speaker = CallSpeaker(voice, self, duration=speaking)
        self.calls: dict[int, Call] = {}  # on the board, by Call.id
        self.spoken: set[int] = set()  # announced: a call is said once, however often it is read
        self.day = hall.day_of(now())
        self.factor = 1.0
        self._reading = False
        self._stale = False
        self._flashes_left = 0
        self._problem = ""
        self._logged: set[str] = set()  # staff notes already in the log
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setCursor(
            Qt.CursorShape.BlankCursor
        )  # a mouse left plugged in must not sit on the board
        self.setObjectName("display")
        self.setStyleSheet(f"QWidget#display {{ background: {BLACK}; }}")
        self.setAutoFillBackground(True)
        self._build()
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._blink)
        self._flash_count = max(1, round(flash_seconds * 1000 / FLASH_MS))
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.tick)
        self.link.happened.connect(self.on_event)
        self.show_newest()
        self.show_link()
        self.show_notice()
        self.tick()

    # --- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.hall = FitLabel(48, WHITE, bold=True)
        self.hall.setText(self.ctx.config.hall)
        self.date = FitLabel(32, WHITE)
        self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock = FitLabel(60, WHITE, bold=True)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.mark = FitLabel(28, GREY)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        when = QVBoxLayout()
        when.setSpacing(0)
        when.addWidget(self.date)
        when.addWidget(self.mark)
        top = QHBoxLayout()
        top.addWidget(self.hall, 10)
        top.addLayout(when, 6)
        top.addWidget(self.clock, 3)

        self.newest = NewestCall()
        self.recent_title = FitLabel(36, GREY)
        self.recent_title.setText(self.tr("最近叫号"))
        self.recent = RecentCalls()
        left = QVBoxLayout()
        left.addWidget(self.newest, 5)
        left.addWidget(self.recent_title)
        left.addWidget(self.recent, 4)

        self.counts_title = FitLabel(40, WHITE, bold=True)
        self.counts_title.setText(self.tr("等候人数"))
        self.counts = WaitingCounts()
        self.total = FitLabel(40, YELLOW, bold=True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        right_box = QWidget()
        right_box.setObjectName("countsBox")
        right_box.setStyleSheet(
            f"QWidget#countsBox {{ background: #101010; border: 2px solid {GREY};"
            " border-radius: 12px; }"
        )
        right = QVBoxLayout(right_box)
        right.addWidget(self.counts_title)
        right.addWidget(self.counts, 1)
        right.addWidget(self.total)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 63)
        body.addWidget(right_box, 37)

        self.notice = FitLabel(30, YELLOW)
        layout = QVBoxLayout(self)
        # The screen decides the size, not the text: labels scale to it (resizeEvent). Without
        # this the window's minimum would be the 1080-line sizes, taller than a 720p TV.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(32, 20, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)

    # --- starting and stopping -------------------------------------------------------

    def start(self) -> None:
        """Listen to the hall, then read what is already there (calls made before we began)."""
        self.link.start()
        self.show_link()  # not enrolled: offline at once, its own calls are all it can hear
        self._clock.start()
        self.reload()

    def stop(self) -> None:
        """The board's own timers; the link's threads are the app's to stop (ui.app.shutdown)."""
        self._clock.stop()
        self._flash.stop()

    def show_full_screen(self) -> None:
        # With no window manager showFullScreen() does not resize: set the screen's geometry too.
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    # --- what the hall tells us ----------------------------------------------------------

    def on_event(self, event: QueueEvent) -> None:
        if event.kind == "call":
            if event.call is not None:
                self.heard(event.call)
        elif event.kind == "changed":
            self.refresh_counts()
        elif event.kind == "link":
            self.show_link()  # the link noted it first (its slot was connected first)

    def heard(self, call: Call) -> None:
        """A call made just now: on the board, flashing, and spoken — once, whatever repeats it.

        The first read of the store may already have put it on the board (it raced the
        watcher), so being shown does not mean being said: ``spoken`` decides that.
        """
        if call.id in self.spoken:
            return
        self.spoken.add(call.id)
        self.calls[call.id] = call
        self._trim()
        self.show_newest()
        if max(self.calls) == call.id:
            self.flash()
        self.speaker.announce(call)

    def reload(self) -> None:
        """Today's last calls and the counts, read on the link's thread."""
        day, language, data_dir = self.day, current_language(), self.ctx.data_dir
        self._reading = True
        self._stale = False
        self.link.read(lambda store: read_board(store, day, language, data_dir), self._loaded)

    def refresh_counts(self) -> None:
        # A burst of changes (a hand-over, a reconnect) makes one read, and one more after it.
        if self._reading:
            self._stale = True
            return
        self.reload()

    def _loaded(self, snap: Snapshot) -> None:
        self._reading = False
        if snap.day == self.day:
            for call in snap.calls:  # earlier calls: shown, not spoken, not flashed
                self.calls.setdefault(call.id, call)
            self._trim()
            self.show_newest()
            self.counts.set_groups(snap.groups)
            scale_all(self.counts, self.factor)
            self.show_counts(snap.counts)
            self._problem = snap.problem
            self.show_notice()
        if self._stale or snap.day != self.day:
            self.reload()

    # --- showing -------------------------------------------------------------------------

    def show_newest(self) -> None:
        ordered: list[Call] = []
        shown: set[str] = set()
        for i in sorted(self.calls, reverse=True):
            heard = self.calls[i]
            if heard.ticket_id not in shown:  # a ticket called again: once, at its latest call
                shown.add(heard.ticket_id)
                ordered.append(heard)
        newest = ordered[0] if ordered else None
        self.newest.show_call(
            newest,
            self.window_text(newest.window) if newest else "",
            self.tr("再次呼叫"),
            self.tr("等候叫号"),
        )
        for i, row in enumerate(self.recent.rows):
            call = ordered[i + 1] if i + 1 < len(ordered) else None
            row.show_call(call, self.window_text(call.window) if call else "", self.tr("再次呼叫"))

    def window_text(self, window: int) -> str:
        return self.tr("%1 号窗口").replace("%1", str(window))

    def show_counts(self, counts: dict[str, dict[str, int]]) -> None:
        total = 0
        for prefix, row in self.counts.rows.items():
            n = waiting_in(counts.get(prefix, {}))
            total += n
            row.count.setText(self.tr("%1 人").replace("%1", str(n)))
        self.total.setText(self.tr("共 %1 人等候").replace("%1", str(total)))

    def show_link(self) -> None:
        online = self.link.online  # the queue link's word: the feed's or the last operation's
        if online is None:
            self.mark.setText("● " + self.tr("正在连接平台"))
            self.mark.set_color(GREY)
        elif online:
            self.mark.setText("● " + self.tr("已联网"))
            self.mark.set_color(GREEN)
        else:
            self.mark.setText("● " + self.tr("本机离线，仅显示本机叫号"))
            self.mark.set_color(RED)

    def show_notice(self) -> None:
        """The board faces the public: it says only what a citizen can act on (listen less,
        watch more). What IT must fix (no speech engine, a bad groups file) goes to the log
        and to `tongban doctor`, once each."""
        for staff_note in (self.voice.notice, self._problem):
            if staff_note and staff_note not in self._logged:
                self._logged.add(staff_note)
                log.warning("hall display: %s", staff_note)
        silent = self.voice.backend == "none"
        self.notice.setText(self.tr("语音叫号暂停，请留意屏幕") if silent else "")

    def flash(self) -> None:
        self._flashes_left = self._flash_count
        self.newest.light(True)
        self._flash.start()

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()

    def _blink(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self._flash.stop()
            self.newest.light(False)
            return
        self.newest.light(not self.newest.lit)

    def tick(self) -> None:
        moment = self.now()
        locale = QLocale()
        self.clock.setText(f"{moment.hour:02d}:{moment.minute:02d}")
        date = QDate(moment.year, moment.month, moment.day)
        self.date.setText(locale.toString(date, QLocale.FormatType.LongFormat))
        day = hall.day_of(moment)
        if day != self.day:
            # A new day: numbers start again, yesterday's calls would only mislead.
            self.day = day
            self.calls.clear()
            self.show_newest()
            self.reload()

    def _trim(self) -> None:
        for old in sorted(self.calls)[: -(RECENT + 1)]:
            del self.calls[old]
        if len(self.spoken) > 200:
            self.spoken = set(sorted(self.spoken)[-100:])

    # --- no input, no way out but the supervisor ------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Esc, Alt+F4 and the rest do nothing on the hall's board

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            event.accept()
        else:
            event.ignore()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = event.size()
        factor = min(size.height() / 1080, size.width() / 1920)
        if factor > 0 and abs(factor - self.factor) > 0.01:
            self.factor = factor
            scale_all(self, factor)
