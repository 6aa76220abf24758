"""The kiosk's screenshots, as a citizen sees them on a touch screen in large type: the
start page and a ticket taken on a landscape 1920x1080 screen (kiosk-home.png,
kiosk-ticket.png) and on a portrait 1080x1920 one (kiosk-home-portrait.png,
kiosk-ticket-portrait.png; the Xvfb screen is landscape, so the portrait kiosk is laid
out at that size and grabbed rather than shown on a screen). The kiosk is not enrolled here, so the ticket is
numbered from its own range (A90-001), which is what a citizen sees when the network is down.

Run: ./dev screenshots (take.py runs this too), or alone under xvfb-run.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

from terminal.config import Config
from terminal.store import open_store
from ui.app import application, build_context, prepare, shutdown
from ui.kiosk.window import KioskWindow

OUT = Path(__file__).parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        open_store(data_dir / "tongban.db", create=True).close()
        config = Config(
            terminal_id="XH-K01", window=90, large_type=True, printer=f"folder:{data_dir}"
        )
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        kiosk = KioskWindow(ctx)
        kiosk.setGeometry(0, 0, 1920, 1080)
        kiosk.show()

        def save(name: str) -> None:
            kiosk.grab().save(str(OUT / name))
            print("wrote", OUT / name)

        def turn(width: int, height: int) -> None:
            kiosk.start_over()
            kiosk.setGeometry(0, 0, width, height)

        def finish() -> None:
            # quit() first asks each window to close, and the kiosk refuses unless allowed.
            kiosk.may_close = True
            app.quit()

        steps = [
            lambda: save("kiosk-home.png"),
            lambda: kiosk.open_page("ticket"),
            lambda: kiosk.ticket.take("A"),
            lambda: None,
            lambda: save("kiosk-ticket.png"),
            lambda: turn(1080, 1920),
            lambda: save("kiosk-home-portrait.png"),
            lambda: kiosk.open_page("ticket"),
            lambda: kiosk.ticket.take("B"),
            lambda: None,
            lambda: save("kiosk-ticket-portrait.png"),
            finish,
        ]
        for i, step in enumerate(steps):
            QTimer.singleShot(700 * (i + 1), step)
        app.exec()
        shutdown(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
