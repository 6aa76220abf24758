"""``tongban window`` (the clerk's window), ``kiosk``, ``display`` (the hall's calling board) and
``demo`` (the window with everything simulated)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from terminal import logs
from terminal.context import Context
from terminal.i18n import TongbanError
from terminal.i18n import tr as core_text


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("window", parents=[common], help=core_text("help.window"))
    p.set_defaults(run=cmd_window)
    p = commands.add_parser("kiosk", parents=[common], help=core_text("help.kiosk"))
    p.set_defaults(run=cmd_kiosk)
    p = commands.add_parser("display", parents=[common], help=core_text("help.display"))
    p.set_defaults(run=cmd_display)
    p = commands.add_parser("demo", parents=[common], help=core_text("help.demo"))
    p.add_argument(
        "--quit-after", type=float, default=None, help=argparse.SUPPRESS
    )  # for smoke tests
    p.set_defaults(run=cmd_demo)


def need_display() -> None:
    """Refuse, with what to do, before Qt is imported: without a display Qt aborts the process
    (SIGABRT), and whatever a command had set up (the demo's folder and key) stays behind."""
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return  # offscreen, vnc, eglfs...: Qt needs no X or Wayland display
    if os.environ.get("WAYLAND_DISPLAY"):
        return
    display = os.environ.get("DISPLAY", "")
    if display.startswith(":"):  # a local X server listens on /tmp/.X11-unix/X<n>
        number = display[1:].split(".")[0]
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            return
    elif display:
        return  # host:n, an X server elsewhere (ssh -X): Qt will say if it cannot reach it
    raise TongbanError("setup.no_display", display=display or "-")


def cmd_window(ctx: Context, args: argparse.Namespace) -> int:
    ctx.store()  # refuse a data folder that was never initialised, before any window opens
    need_display()
    if ctx.config.mode == "kiosk":
        return cmd_kiosk(ctx, args)
    if ctx.config.mode == "display":
        return cmd_display(ctx, args)
    from ui.run import run_window  # Qt is imported only when a window is wanted

    logs.record_crashes()
    return run_window(ctx.config, ctx.data_dir)


def cmd_kiosk(ctx: Context, args: argparse.Namespace) -> int:
    from ui.kiosk.run import run_kiosk

    ctx.store()
    need_display()
    logs.record_crashes()
    return run_kiosk(ctx.config, ctx.data_dir)


def cmd_display(ctx: Context, args: argparse.Namespace) -> int:
    from ui.display.run import run_display

    ctx.store()
    need_display()
    logs.record_crashes()
    return run_display(ctx.config, ctx.data_dir)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    need_display()
    from ui.demo import run_demo

    logs.record_crashes()
    return run_demo(args)
