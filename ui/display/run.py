"""``tongban display`` (or ``mode = "display"``): the hall's calling board on the TV."""

from __future__ import annotations

import signal
from dataclasses import replace
from pathlib import Path

from terminal.config import Config
from ui.app import application, build_context, catch_everything, prepare, shutdown
from ui.display.window import DisplayWindow


def run_display(config: Config, data_dir: Path) -> int:
    app = application()
    # Read from across the hall: the high-contrast look, whatever the config says; and a
    # display however it was started (`tongban display`), as its heartbeat tells IT.
    config = replace(config, large_type=True, mode="display")
    prepare(app, config)
    app.setQuitOnLastWindowClosed(True)
    ctx = build_context(config, data_dir)
    catch_everything(ctx)
    window = DisplayWindow(ctx)

    def leave(_signum: int, _frame: object) -> None:
        # The supervisor stops the board (systemctl stop): close it properly, so the
        # watcher's threads and the store connections end cleanly. The board's clock
        # ticks every second, which gives Python the moment to run this handler.
        window.may_close = True
        app.quit()

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)
    try:
        window.start()
        window.show_full_screen()
        return int(app.exec())
    finally:
        window.stop()
        shutdown(ctx)
