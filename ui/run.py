"""The window's main loop: sign in, offer drafts, run, stop the workers."""

from __future__ import annotations

from pathlib import Path

from terminal.config import Config
from ui.app import application, build_context, offer_drafts, open_window, prepare, shutdown
from ui.widgets.sign_in import sign_in


def run_window(config: Config, data_dir: Path) -> int:
    app = application()
    prepare(app, config)
    ctx = build_context(config, data_dir)
    try:
        clerk = sign_in(ctx, None)
        if clerk is None:
            return 1
        ctx.clerk = clerk
        window = open_window(ctx)
        window.showMaximized()
        offer_drafts(window)
        return int(app.exec())
    finally:
        shutdown(ctx)
