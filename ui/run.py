"""The window's main loop: sign in, offer drafts, run, stop the workers."""

from __future__ import annotations

from pathlib import Path

from terminal.config import Config
from terminal.i18n import TongbanError
from ui.app import (
    application,
    build_context,
    catch_everything,
    offer_drafts,
    open_window,
    prepare,
    shutdown,
)
from ui.bridge import Bridge
from ui.queue_link import QueueLink
from ui.widgets.sign_in import sign_in


def run_window(config: Config, data_dir: Path) -> int:
    app = application()
    prepare(app, config)
    ctx = build_context(config, data_dir)
    catch_everything(ctx)
    try:
        clerk = sign_in(ctx, None)
        if clerk is None:
            return 1
        ctx.clerk = clerk
        window = open_window(ctx)
        bridge = Bridge(ctx)
        window.links.attach(bridge)
        try:
            bridge.start_reader()
        except TongbanError as e:  # a reader setting that cannot work: say so, keep the window
            window.status.set_reader(e.text())
        if not bridge.start_sync():
            window.status.set_portal(False, window.tr("未注册，请运行 tongban enrol"))
        queue_link = QueueLink(ctx)
        queue_link.start()
        window.links.attach_queue(queue_link)
        window.showMaximized()
        offer_drafts(window)
        return int(app.exec())
    finally:
        shutdown(ctx)  # every worker started above, the last first
