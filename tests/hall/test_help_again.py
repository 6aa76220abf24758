"""a kiosk's call for help, once a window said it was coming."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from sync.portal import queue_help
from sync.portal.auth import Terminal
from sync.portal.db import SCHEMA
from terminal.hall.help import HELP_FORMAT

NOW = 1_796_000_000.0  # a weekday morning, China time


def _portal() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:")
    c.row_factory = sqlite3.Row
    c.executescript(SCHEMA)
    return c


def _raise(c: sqlite3.Connection, who: Terminal, now: float) -> dict[str, Any]:
    key = str(uuid.uuid4())
    body = {"format": HELP_FORMAT, "help_id": key, "place": "入口自助机"}
    _, answer, _ = queue_help.raise_help(c, who, key, body, now)
    found: dict[str, Any] = answer["help"]
    return found


def test_after_a_window_said_coming_the_next_press_is_a_new_call() -> None:
    # Window 3 said "coming", helped the citizen and forgot to press 完成. Ten minutes later
    # the next citizen at the same kiosk presses 呼叫: the kiosk is handed the old call and tells
    # them "3 号窗口 is coming" at once, and no panel shows anyone waiting (for 30 minutes).
    c = _portal()
    kiosk = Terminal("k1", "XH-K90", "XH")
    first = _raise(c, kiosk, NOW)
    body = {"help_id": first["help_id"], "window": 3}
    queue_help.answer_help(
        c, Terminal("k3", "XH-W03", "XH"), str(uuid.uuid4()), first["help_id"], "coming", body, NOW
    )
    later = _raise(c, kiosk, NOW + 10 * 60)
    assert (later["state"], later["window"]) == ("open", None)
