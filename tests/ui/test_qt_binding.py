"""The Qt binding must survive a working day of signals.

PySide6 6.12.0 drops a reference to ``True`` on every signal emitted from
Python. On Python 3.11 (Debian 12) ``True`` is not immortal, so after some
thousands of emits the kiosk aborted mid-session with "bool_dealloc". A clerk
would see the window vanish; this test catches a binding that does that.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)
    done = Signal()


def test_emitting_signals_keeps_the_interpreters_booleans_alive(qapp: object) -> None:
    emitter = _Emitter()
    heard: list[int] = []
    emitter.changed.connect(heard.append)
    emitter.done.connect(lambda: heard.append(-1))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(500):
        emitter.changed.emit(i)
        emitter.done.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(heard) == 1000
    # A few references may come and go with caches; a leak is one per emit.
    assert abs(after[0] - before[0]) < 50, "each emit loses a reference to True"
    assert abs(after[1] - before[1]) < 50, "each emit loses a reference to False"
