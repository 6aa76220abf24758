"""``tongban queue``: take a ticket, call, act on a ticket, see the queue, follow the calls.

For IT and the tests; the window and the kiosk call the same ``sync.hall.operations.HallQueue``.
Enrolled, it asks the portal first (interactive timeouts); not enrolled or offline, it
works from this terminal's own range. Exit codes: 0 done (online or offline), 1 refused,
3 set-up.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from typing import Any

from terminal.context import Context
from terminal.i18n import TongbanError, tr

EXIT_OK, EXIT_REFUSED, EXIT_SETUP = 0, 1, 3
_ACTIONS = {
    "again": "recall",
    "skip": "skip",
    "serve": "serve",
    "done": "finish",
    "green": "green",
    "cancel": "cancel",
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    def add(name: str, help_id: str, parent: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=tr(help_id))
        p.add_argument("--json", action="store_true", help=tr("queue.help.json"))
        return p

    top: argparse.ArgumentParser = commands.add_parser(
        "queue", parents=[common], help=tr("queue.help")
    )
    sub = top.add_subparsers(metavar="ACTION")
    p = add("take", "queue.help.take", sub)
    p.add_argument("service_or_group", help=tr("queue.help.service_or_group"))
    p.add_argument("--green", action="store_true", help=tr("queue.help.green_flag"))
    p.add_argument("--appointment", default=None, help=tr("queue.help.appointment"))
    p.add_argument("--window", type=int, default=None, help=tr("queue.help.window"))
    p.set_defaults(run=cmd_take)
    p = add("call", "queue.help.call", sub)
    p.add_argument("--window", type=int, default=None, help=tr("queue.help.window"))
    p.add_argument("--group", default=None, help=tr("queue.help.group"))
    p.set_defaults(run=cmd_call)
    for name in _ACTIONS:
        p = add(name, f"queue.help.{name}", sub)
        p.add_argument("ticket", help=tr("queue.help.ticket"))
        p.add_argument("--window", type=int, default=None, help=tr("queue.help.window"))
        p.set_defaults(run=cmd_act, action=_ACTIONS[name])
    p = add("transfer", "queue.help.transfer", sub)
    p.add_argument("ticket", help=tr("queue.help.ticket"))
    p.add_argument("--window", type=int, default=None, help=tr("queue.help.window"))
    p.add_argument("--to-window", type=int, default=None, help=tr("queue.help.to_window"))
    p.add_argument("--to-group", default=None, help=tr("queue.help.to_group"))
    p.set_defaults(run=cmd_act, action="transfer")
    p = add("status", "queue.help.status", sub)
    p.add_argument("--window", type=int, default=None, help=tr("queue.help.window"))
    p.set_defaults(run=cmd_status)
    p = add("watch", "queue.help.watch", sub)
    p.add_argument("--count", type=int, default=0, help=tr("queue.help.count"))
    p.add_argument("--seconds", type=float, default=0.0, help=tr("queue.help.seconds"))
    p.set_defaults(run=cmd_watch)


def _client(ctx: Context) -> Any:
    from sync.hall.operations import INTERACTIVE
    from sync.link.client import PortalClient
    from sync.link.keys import key_path, load_key

    if not key_path(ctx.data_dir).exists():
        print(tr("queue.cli.not_enrolled"), file=sys.stderr)
        return None
    key = load_key(ctx.data_dir)
    return PortalClient(key.portal_url, key, timeouts=INTERACTIVE)


def _hall(ctx: Context, args: argparse.Namespace) -> Any:
    from sync.hall.operations import HallQueue
    from terminal.hall import load_groups

    return HallQueue(
        ctx.store(),
        _client(ctx),
        terminal=ctx.config.terminal_id,
        window=args.window or ctx.config.window,
        groups=load_groups(ctx.data_dir),
    )


def _run(ctx: Context, args: argparse.Namespace, op: Any) -> int:
    try:
        hall = _hall(ctx, args)
    except TongbanError as e:  # the store, the key file, the hall's group file
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP
    try:
        result = op(hall)
    except TongbanError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        if hall.client is not None:
            hall.client.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        for line in result_lines(result):
            print(line)
    return EXIT_OK


def result_lines(result: Any) -> list[str]:
    where = "" if result.online else tr("queue.cli.offline")
    lines = [tr("queue.cli.closed", ticket_no=t.ticket_no) for t in result.closed]
    t = result.ticket
    if result.call is not None:
        lines.append(result.call.announcement() + where)
    elif t is None:
        lines.append(tr("queue.cli.nobody") + where)
    elif result.ahead is not None:
        lines.append(tr("queue.cli.issued", ticket_no=t.ticket_no, ahead=result.ahead) + where)
    else:
        state = tr(f"queue.state.{t.state}")
        lines.append(tr("queue.cli.moved", ticket_no=t.ticket_no, state=state) + where)
    return lines


def cmd_take(ctx: Context, args: argparse.Namespace) -> int:
    return _run(
        ctx,
        args,
        lambda h: h.take(args.service_or_group, green=args.green, appointment_id=args.appointment),
    )


def cmd_call(ctx: Context, args: argparse.Namespace) -> int:
    groups = [g.strip().upper() for g in args.group.split(",")] if args.group else None
    return _run(ctx, args, lambda h: h.call_next(groups))


def cmd_act(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "transfer":
        to_window, to_group = args.to_window, args.to_group
        return _run(ctx, args, lambda h: h.transfer(args.ticket, window=to_window, group=to_group))
    return _run(ctx, args, lambda h: h.act(args.ticket, args.action))


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    from sync.hall.status import status, status_lines
    from terminal.hall import load_groups

    report = status(ctx.store().conn, load_groups(ctx.data_dir), args.window or ctx.config.window)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for line in status_lines(report, load_groups(ctx.data_dir)):
            print(line)
    return EXIT_OK


def cmd_watch(ctx: Context, args: argparse.Namespace) -> int:
    """A plain display on the command line: one line a call, until Ctrl-C (or --count/--seconds)."""
    from sync.hall.watch import QueueEvent, QueueWatcher

    heard = threading.Event()
    count = 0

    def show(event: QueueEvent) -> None:
        nonlocal count
        if event.kind == "call" and event.call is not None:
            print(event.call.announcement(), flush=True)
            count += 1
            if args.count and count >= args.count:
                heard.set()
        elif event.kind == "link":
            print(tr("queue.cli.link_up" if event.online else "queue.cli.link_down"), flush=True)

    ctx.store()
    client = _client(ctx)
    watcher = QueueWatcher(
        ctx.db_path,
        (lambda: _client(ctx)) if client is not None else None,
        terminal=ctx.config.terminal_id,
        listener=show,
    )
    if client is not None:
        client.close()
    watcher.start()
    with contextlib.suppress(KeyboardInterrupt):
        heard.wait(args.seconds or None)
    watcher.stop(timeout=1.0)
    return EXIT_OK
