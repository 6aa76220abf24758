"""The window's main loop: sign in, offer drafts, run, stop the workers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from terminal.config import Config
from terminal.i18n import TongbanError
from ui.app import (
    after_first_paint,
    application,
    build_context,
    build_window,
    catch_everything,
    lock_when_idle,
    offer_drafts,
    prepare,
    shutdown,
)
from ui.bridge import Bridge
from ui.queue_link import QueueLink
from ui.widgets.sign_in import SignInDialog

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.main_window import MainWindow


def run_window(config: Config, data_dir: Path) -> int:
    app = application()
    prepare(app, config)
    ctx = build_context(config, data_dir)
    catch_everything(ctx)
    try:
        window = signed_in_window(ctx)
        if window is None:
            return 1
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


def signed_in_window(
    ctx: AppContext, exec_dialog: Callable[[QDialog], int] = QDialog.exec
) -> MainWindow | None:
    """No cold start seen: the sign-in comes up first, and the clerk's window is built
    behind it once it is on screen, while the clerk types; None when nobody signed in."""
    dialog = SignInDialog(ctx, parent=None)
    prebuilt: list[MainWindow] = []
    after_first_paint(dialog, lambda: prebuilt.append(build_window(ctx)))
    exec_dialog(dialog)
    if dialog.clerk is None:
        return None
    ctx.clerk = dialog.clerk
    window = prebuilt[0] if prebuilt else build_window(ctx)
    window.status.set_clerk(dialog.clerk.display_name)
    lock_when_idle(window)
    return window
