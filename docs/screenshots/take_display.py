"""The hall display's screenshot (display.png), under Xvfb as the hall sees it on a 720p TV.

Run: ./dev screenshots (take.py runs this after the window's shots), or alone:
xvfb-run -a -s "-screen 0 1366x900x24" python docs/screenshots/take_display.py
The reference portal runs on loopback; the calls are made through it, as counters would.
Tickets carry no personal data.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from sync.hall.operations import HallQueue
from sync.link.client import PortalClient
from sync.link.keys import load_key
from terminal.config import Config
from terminal.hall import load_groups
from terminal.store import open_store
from ui import demo
from ui.app import application, build_context, prepare, shutdown
from ui.display.window import DisplayWindow

OUT = Path(__file__).parent
TERMINAL = "XH-D01"


class Silent:
    """No sound while taking pictures."""

    backend = "qt"
    notice = ""

    def say(self, text: str, wav: str | None = None) -> threading.Thread | None:
        return None


def call(data_dir: Path, window: int, action: str, *groups: str) -> None:
    """Take tickets and call at ``window`` through the portal (on this thread: a script)."""
    store = open_store(data_dir / "tongban.db")
    key = load_key(data_dir)
    client = PortalClient(key.portal_url, key, trust_env=False)
    hall = HallQueue(store, client, terminal=TERMINAL, window=window, groups=load_groups())
    try:
        for group in groups:
            hall.take(group)
        if action in ("next", "next, again"):
            result = hall.call_next()
            if action == "next, again" and result.ticket is not None:
                hall.call_again(result.ticket.id)  # nobody came: called a second time
    finally:
        client.close()
        store.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        config = replace(Config(), terminal_id=TERMINAL, window=90, large_type=True)
        open_store(data_dir / "tongban.db", create=True).close()
        portal = demo.start_portal(data_dir, config)
        # Earlier calls of the morning: read from the store when the board starts.
        call(data_dir, 1, "next", "A", "A", "A", "B", "B", "C", "D", "F", "F", "Y")
        call(data_dir, 2, "next", "B")
        call(data_dir, 3, "next")
        call(data_dir, 5, "next, again", "C")
        call(data_dir, 6, "next", "F")
        call(data_dir, 7, "next", "Z", "G")
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        board = DisplayWindow(ctx, voice=Silent(), flash_seconds=1.0)
        board.setGeometry(0, 0, 1280, 720)  # a 720p TV: the smallest a hall hangs up
        board.show()
        board.start()

        def shoot() -> None:
            screen = QGuiApplication.primaryScreen()
            picture = screen.grabWindow(0, 0, 0, board.width(), board.height())
            picture.save(str(OUT / "display.png"))
            print("wrote", OUT / "display.png")

        def finish() -> None:
            # quit() first asks each window to close, and the board refuses unless allowed.
            board.may_close = True
            app.quit()

        steps = [
            lambda: call(data_dir, 3, "next", "A"),  # a call heard live: the link shows online
            lambda: None,
            lambda: None,
            lambda: None,
            shoot,
            finish,
        ]
        for i, step in enumerate(steps):
            QTimer.singleShot(800 * (i + 1), step)
        app.exec()
        board.stop()
        shutdown(ctx)
        portal.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
