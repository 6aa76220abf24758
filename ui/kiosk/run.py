"""``tongban kiosk`` (or ``mode = "kiosk"``): the self-service kiosk, large type by default."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from terminal.config import Config
from ui.app import application, build_context, catch_everything, prepare, shutdown
from ui.bridge import Bridge
from ui.kiosk.window import KioskWindow
from ui.voice import Announcer

log = logging.getLogger(__name__)


def run_kiosk(config: Config, data_dir: Path) -> int:
    app = application()
    # Large type and high contrast are the kiosk's default: many of its users are elderly.
    config = replace(config, large_type=True)
    prepare(app, config)
    app.setQuitOnLastWindowClosed(True)
    ctx = build_context(config, data_dir)
    catch_everything(ctx)
    bridge = Bridge(ctx)
    try:
        # The kiosk owns its reader (config.reader) for check-in. A reader that cannot be
        # opened must not keep the kiosk from taking tickets: check-in then says so.
        bridge.start_reader()
    except Exception as e:
        log.error("card reader %s could not be opened: %s", config.reader, type(e).__name__)
    # Appointments reach the kiosk, and its ratings the portal, through the sync worker.
    bridge.start_sync()
    window = KioskWindow(ctx, config.kiosk_idle_seconds, bridge=bridge, voice=kiosk_voice(config))
    try:
        window.show_full_screen()
        return int(app.exec())
    finally:
        shutdown(ctx)


def kiosk_voice(config: Config) -> Announcer | None:
    """The voice for spoken prompts when the config asks for them; None: a silent kiosk."""
    if not config.spoken_prompts:
        return None
    voice = Announcer()
    if voice.notice:  # no speech here: the kiosk works silently, IT reads why in the log
        log.warning("spoken prompts are on but no speech backend is installed")
    return voice
