"""Commands of this package, joined to ``tongban`` through the tongban.commands entry point.

``portal`` runs the reference portal; ``enrol`` registers this terminal;
``sync once|status|run|release`` push, pull and report. Exit codes: 0 done
and nothing stuck; 1 offline, or something stuck or in conflict; 3 set-up
(not enrolled, key file, address).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync import calendar_cli, fleet_cli
from sync.errors import LinkDown, SyncError
from sync.hall import cli as queue_cli
from sync.report import status_lines, summary_lines
from terminal.clock import CHINA, now
from terminal.context import Context
from terminal.i18n import tr

if TYPE_CHECKING:
    from sync.state import SyncStatus

EXIT_OK, EXIT_ATTENTION, EXIT_SETUP = 0, 1, 3


# The portal's kind of terminal (sync/portal/auth.KINDS) for this folder's mode.
_KIND_OF_MODE = {"clerk": "counter", "kiosk": "kiosk", "display": "display"}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``portal``, ``enrol`` and ``sync``."""

    def add(name: str, help_id: str, parent: Any = commands) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=tr(help_id))
        return p

    p = add("portal", "portal.help")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--db", type=Path, default=None, help=tr("portal.help.db"))
    p.add_argument("--seed", choices=["demo"], default=None)
    p.add_argument("--enrol-code", default=None, help=tr("portal.help.enrol_code"))
    p.add_argument("--enrol-terminal", default=None, help=tr("portal.help.enrol_terminal"))
    p.add_argument("--enrol-hall", default=None, help=tr("portal.help.enrol_hall"))
    p.add_argument(
        "--enrol-kind",
        choices=["counter", "kiosk", "display"],
        default=None,
        help=tr("portal.help.enrol_kind"),
    )
    p.add_argument(
        "--enrol-valid-hours", type=float, default=72.0, help=tr("portal.help.enrol_valid_hours")
    )
    p.add_argument("--threads", type=int, default=16, help=tr("portal.help.threads"))
    p.add_argument("--per-address", type=int, default=20, help=tr("portal.help.per_address"))
    p.add_argument("--trusted-proxy", default=None, help=tr("portal.help.trusted_proxy"))
    p.add_argument("--admin-token", default=None, help=tr("portal.help.admin_token"))
    p.add_argument("--tls-cert", type=Path, default=None)
    p.add_argument("--tls-key", type=Path, default=None)
    p.add_argument("--window-seconds", type=int, default=300)
    p.set_defaults(run=cmd_portal)
    actions = fleet_cli.register(p, common)  # ``portal fleet``: the terminals' heartbeats, for IT
    calendar_cli.register(actions, common)  # ``portal calendar``: publish a working-day calendar

    p = add("enrol", "enrol.help")
    p.add_argument("--portal", default=None, help=tr("enrol.help.portal"))
    p.add_argument("--code", required=True, help=tr("enrol.help.code"))
    p.add_argument("--ca-bundle", type=Path, default=None, help=tr("enrol.help.ca_bundle"))
    p.add_argument("--again", action="store_true", help=tr("enrol.help.again"))
    p.set_defaults(run=cmd_enrol)

    sync = add("sync", "sync.help").add_subparsers(metavar="ACTION")
    p = add("once", "sync.help.once", sync)
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", type=int, default=200)
    p.set_defaults(run=cmd_sync_once)
    p = add("status", "sync.help.status", sync)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_sync_status)
    p = add("run", "sync.help.run", sync)
    p.add_argument("--poll", type=float, default=30.0)
    p.set_defaults(run=cmd_sync_run)
    p = add("release", "sync.help.release", sync)
    p.add_argument("outbox_id", type=int)
    p.set_defaults(run=cmd_sync_release)
    p = add("resume-pull", "sync.help.resume_pull", sync)
    p.set_defaults(run=cmd_sync_resume_pull)

    queue_cli.register(commands, common)


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


def cmd_portal(ctx: Context, args: argparse.Namespace) -> int:
    from sync.portal import Portal, make_server
    from sync.portal.seed import seed_demo
    from sync.portal.server import Limits

    if args.admin_token is None and (args.trusted_proxy or not _loopback_host(args.host)):
        # Without a token the admin rule is "this machine, directly": behind a proxy or on
        # an open address that is either everyone (the proxy's loopback) or nobody's rule.
        print(tr("portal.admin_needs_token"), file=sys.stderr, flush=True)
        return EXIT_SETUP
    db = args.db or ctx.data_dir / "reference-portal.db"
    db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    portal = Portal(db, window_seconds=args.window_seconds, admin_token=args.admin_token)
    if args.enrol_code:
        # For one terminal of one hall: this folder's own unless IT names another.
        terminal = args.enrol_terminal or ctx.config.terminal_id
        hall = args.enrol_hall or ctx.config.hall
        # What the machine is: IT's word, else this folder's own mode (a kiosk's folder
        # admits a kiosk); only a counter's key may change cases at the portal.
        kind = args.enrol_kind or _KIND_OF_MODE.get(ctx.config.mode, "counter")
        expires = portal.admit_enrol_code(
            args.enrol_code, terminal, hall, valid_hours=args.enrol_valid_hours, kind=kind
        )
    if args.seed == "demo":
        seed_demo(portal, ctx.config.hall)
    server = make_server(
        portal,
        args.host,
        args.port,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
        limits=Limits(threads=max(2, args.threads), per_address=max(0, args.per_address)),
        trusted_proxy=args.trusted_proxy,
    )
    print(tr("portal.listening", url=server.url, db=str(db)), flush=True)
    if args.enrol_code:
        until = datetime.fromtimestamp(expires, CHINA).strftime("%Y-%m-%d %H:%M")
        print(
            tr("portal.enrol_code_admitted", terminal=terminal, hall=hall, until=until), flush=True
        )
    # SIGTERM (systemd, a test) stops it as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        portal.close()  # held long polls end; then the workers can stop
        server.shutdown()
        server.server_close()
    print(tr("portal.stopped"), flush=True)
    return EXIT_OK


def _loopback_host(host: str) -> bool:
    from sync.portal.app import is_loopback

    return host == "localhost" or is_loopback(host)


def cmd_enrol(ctx: Context, args: argparse.Namespace) -> int:
    from sync.link.enrol import enrol

    try:
        key = enrol(
            ctx.data_dir,
            ctx.store(),
            portal_url=args.portal or ctx.config.portal_url,
            code=args.code,
            terminal_id=ctx.config.terminal_id,
            hall=ctx.config.hall,
            at=now(),
            ca_bundle=args.ca_bundle,
            again=args.again,
        )
    except SyncError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP
    except LinkDown as e:
        print(e.text(), file=sys.stderr)
        return EXIT_ATTENTION
    print(tr("enrol.done", key_id=key.key_id, portal=key.portal_url, terminal=key.terminal_id))
    return EXIT_OK


def _client(ctx: Context) -> Any:
    from sync.link.client import PortalClient
    from sync.link.keys import load_key

    key = load_key(ctx.data_dir)
    return PortalClient(key.portal_url, key)


def _heartbeat_from(ctx: Context) -> Any:
    from sync.heartbeat.facts import Source

    return Source(ctx.config, ctx.data_dir, ctx.config_path)


def cmd_sync_once(ctx: Context, args: argparse.Namespace) -> int:
    from sync.attachments.upload import settings_for
    from sync.engine import sync_once

    try:
        client = _client(ctx)
    except SyncError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP
    try:
        summary = sync_once(
            ctx.store(),
            client,
            terminal=ctx.config.terminal_id,
            batch_size=args.batch,
            heartbeat_from=_heartbeat_from(ctx),
            attachments=settings_for(ctx),
        )
    finally:
        client.close()
    if args.json:
        _print_json(summary.to_json())
    else:
        for line in summary_lines(summary):
            print(line)
    return EXIT_ATTENTION if not summary.online or needs_attention(summary.status) else EXIT_OK


def needs_attention(status: SyncStatus) -> bool:
    """Something a person must look at: stuck rows, conflicts, unproven rows, a forked journal."""
    return bool(status.stuck or status.conflicts or status.unproven or status.journal_fork)


def cmd_sync_status(ctx: Context, args: argparse.Namespace) -> int:
    from sync.state import read_status

    status = read_status(ctx.store().conn)
    if args.json:
        _print_json(status.to_json())
    else:
        for line in status_lines(status):
            print(line)
    if not status.enrolled:
        return EXIT_SETUP
    return EXIT_ATTENTION if status.online is False or needs_attention(status) else 0


def cmd_sync_run(ctx: Context, args: argparse.Namespace) -> int:
    from sync.attachments.upload import settings_for
    from sync.link.keys import load_key
    from sync.worker import SyncEvent, SyncWorker

    try:
        load_key(ctx.data_dir)
    except SyncError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_SETUP

    def show(event: SyncEvent) -> None:
        if event.kind == "status" and event.summary is not None:
            for line in summary_lines(event.summary):
                print(line, flush=True)

    worker = SyncWorker(
        ctx.db_path,
        lambda: _client(ctx),
        terminal=ctx.config.terminal_id,
        listener=show,
        poll_seconds=args.poll,
        heartbeat_from=_heartbeat_from(ctx),
        attachments=settings_for(ctx),
    )
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        worker.stop()
        worker.join()
    return EXIT_OK


def cmd_sync_release(ctx: Context, args: argparse.Namespace) -> int:
    from sync.cases import outbox
    from terminal import authority

    actor = authority.sign_in(ctx, "release")  # a refused row goes back out: someone decided
    done = outbox.release(
        ctx.store(),
        args.outbox_id,
        actor=actor,
        terminal=ctx.config.terminal_id,
        at=now(),
    )
    if not done:
        print(tr("sync.release_none", outbox_id=args.outbox_id), file=sys.stderr)
        return EXIT_ATTENTION
    print(tr("sync.released", outbox_id=args.outbox_id))
    return EXIT_OK


def cmd_sync_resume_pull(ctx: Context, args: argparse.Namespace) -> int:
    """After a portal restored from a backup (sync.link.cursor_back), once IT has checked it."""
    from sync.cases import reconfirm
    from sync.feed.pull import FEED
    from terminal import authority

    # Someone decided the restored portal is to be believed: a supervisor or admin signs.
    actor = authority.sign_in(ctx, "resume_pull")
    top = reconfirm.resume(
        ctx.store(), FEED, actor=actor, terminal=ctx.config.terminal_id, at=now()
    )
    if top is None:
        print(tr("sync.resume_pull_none"), file=sys.stderr)
        return EXIT_ATTENTION
    print(tr("sync.resumed_pull", seq=top))
    return EXIT_OK
