"""``tongban window`` (the clerk's window), ``kiosk``, ``display`` (the hall's calling board) and
``demo`` (the window with everything simulated)."""

from __future__ import annotations

import argparse
from typing import Any

from terminal import logs
from terminal.context import Context
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


def cmd_window(ctx: Context, args: argparse.Namespace) -> int:
    ctx.store()  # refuse a data folder that was never initialised, before any window opens
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
    logs.record_crashes()
    return run_kiosk(ctx.config, ctx.data_dir)


def cmd_display(ctx: Context, args: argparse.Namespace) -> int:
    from ui.display.run import run_display

    ctx.store()
    logs.record_crashes()
    return run_display(ctx.config, ctx.data_dir)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from ui.demo import run_demo

    logs.record_crashes()
    return run_demo(args)
