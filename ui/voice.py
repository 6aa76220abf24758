"""Spoken calls in Mandarin ("请 A012 号到 3 号窗口"): Qt's text-to-speech when the Qt build
has it, else espeak-ng, else silence with a notice. Speaking never blocks the GUI thread."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable
from typing import Any

from terminal.i18n import tr as core_text


class Announcer:
    """``say(text)`` from the GUI thread; ``backend`` is "qt", "espeak-ng" or "none"."""

    def __init__(self, prefer_qt: bool = True, run: Callable[..., Any] = subprocess.run) -> None:
        self._run = run
        self._speech: Any = None
        self.backend = "none"
        if prefer_qt and self._qt():
            self.backend = "qt"
        elif shutil.which("espeak-ng"):
            self.backend = "espeak-ng"

    def _qt(self) -> bool:
        try:
            from PySide6.QtTextToSpeech import (
                QTextToSpeech,
            )  # in PySide6-Addons, not always installed
        except ImportError:
            return False
        engines = QTextToSpeech.availableEngines()
        if not engines:
            return False
        speech = QTextToSpeech()
        for locale in speech.availableLocales():
            if locale.name().startswith("zh"):
                speech.setLocale(locale)
                self._speech = speech
                return True
        return False

    @property
    def notice(self) -> str:
        """What to tell the hall staff when calls cannot be spoken."""
        if self.backend == "none":
            return core_text("voice.unavailable")
        return ""

    def say(self, text: str, wav: str | None = None) -> threading.Thread | None:
        if self.backend == "qt" and wav is None:
            self._speech.say(text)
            return None
        if self.backend in ("espeak-ng", "qt"):
            args = ["espeak-ng", "-v", "cmn", "-s", "140", *(["-w", wav] if wav else []), text]
            thread = threading.Thread(
                target=self._run,
                args=(args,),
                kwargs={"check": False, "timeout": 30},
                name="voice",
                daemon=True,
            )
            thread.start()
            return thread
        return None
