"""Calls are spoken in Mandarin with espeak-ng (or Qt's speech), never on the GUI thread."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from ui.voice import Announcer


def test_espeak_speaks_the_call_into_sound(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: ./dev installs it")
    announcer = Announcer(prefer_qt=False)
    assert announcer.backend == "espeak-ng" and announcer.notice == ""
    out = tmp_path / "call.wav"
    thread = announcer.say("请 A012 号到 3 号窗口", wav=str(out))
    assert thread is not None
    thread.join(30)
    with wave.open(str(out)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 1.0 < seconds < 10.0  # a sentence, not silence and not a hang


def test_without_any_speech_it_is_silent_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    announcer = Announcer(prefer_qt=False)
    assert announcer.backend == "none" and "espeak-ng" in announcer.notice
    assert announcer.say("请 A012 号到 3 号窗口") is None
