"""Speaking the calls one after another, each once, its sentence said twice.

Halls say the sentence twice: the first time turns heads, the second is the one people
catch. Calls never overlap (Qt's speech cuts the sentence it is saying; two espeak-ng
processes talk over each other), so they wait in a short line. After an outage the
portal's feed can bring a backlog of calls at once: only the newest few are spoken
(they are all on the board), since a call minutes old sends nobody anywhere useful.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from terminal.hall import Call

REPEAT = 2  # the sentence, said twice in one utterance
KEEP = 3  # at most this many calls wait to be spoken; older ones are only shown
LANGUAGE = "zh_CN"  # the hall hears Mandarin whatever language the board is in


class Voice(Protocol):
    """What the display needs of ``ui.voice.Announcer`` (tests give a recorder)."""

    backend: str

    @property
    def notice(self) -> str: ...

    def say(self, text: str, wav: str | None = None) -> threading.Thread | None: ...


def spoken(call: Call) -> str:
    """请 A012 号到 3 号窗口。请 A012 号到 3 号窗口"""
    return "。".join([call.announcement(LANGUAGE)] * REPEAT)


def estimate_seconds(text: str) -> float:
    """How long a backend that does not say when it is done needs (Qt's speech): about
    four syllables a second in Mandarin, and a breath between calls."""
    return 0.3 * len(text) + 1.0


class CallSpeaker(QObject):
    def __init__(
        self,
        voice: Voice,
        parent: QObject | None = None,
        *,
        duration: Callable[[str], float] = estimate_seconds,
        poll_ms: int = 200,
    ) -> None:
        super().__init__(parent)
        self.voice = voice
        self.duration = duration
        self._line: deque[str] = deque(maxlen=KEEP)
        self._speaking: threading.Thread | None = None
        self.poll_ms = poll_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    def announce(self, call: Call) -> None:
        self._line.append(spoken(call))
        if not self._timer.isActive():  # active while a call is being spoken
            self._next()

    def pending(self) -> int:
        return len(self._line)

    def _next(self) -> None:
        if not self._line:
            return
        text = self._line.popleft()
        try:
            self._speaking = self.voice.say(text)
        except Exception:
            # No sound must ever take the board down: the call is on the screen anyway.
            self._speaking = None
        if self._speaking is None:
            # A backend that gives no thread (Qt's speech, or none): wait as long as it talks.
            self._timer.start(int(self.duration(text) * 1000))
        else:
            self._timer.start(self.poll_ms)

    def _check(self) -> None:
        if self._speaking is not None and self._speaking.is_alive():
            self._timer.start(self.poll_ms)  # espeak-ng still talking: look again shortly
            return
        self._speaking = None
        self._next()
