"""``tongban kiosk`` (or ``mode = "kiosk"``): the self-service kiosk, large type by default."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from terminal.config import Config
from ui.app import application, build_context, prepare, shutdown
from ui.kiosk.window import KioskWindow


def run_kiosk(config: Config, data_dir: Path) -> int:
    app = application()
    # Large type and high contrast are the kiosk's default: many of its users are elderly.
    config = replace(config, large_type=True)
    prepare(app, config)
    app.setQuitOnLastWindowClosed(True)
    ctx = build_context(config, data_dir)
    try:
        window = KioskWindow(ctx)
        window.show_full_screen()
        return int(app.exec())
    finally:
        shutdown(ctx)
