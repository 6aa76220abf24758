"""``tongban supervise export``: a period's figures as XLSX or CSV, for a supervisor or an admin;
``tongban supervise report``: a day's 日报 as an A4 PDF (terminal/documents/daily_report.py).

The signer proves who they are (terminal/authority.py); a clerk is refused in a sentence
naming the role needed, and the attempt is journaled (terminal/supervisor_access.py). The
export itself is journaled under the signer's name, with its period and format.
"""

from __future__ import annotations

import argparse
import contextlib
from datetime import date
from pathlib import Path
from typing import Any

from terminal import authority, calendar_versions, clerks, journal
from terminal.clock import now
from terminal.context import Context
from terminal.i18n import tr
from terminal.supervision import export
from terminal.supervisor_access import MAY_SUPERVISE, SupervisionRefused, refuse


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("supervise", parents=[common], help=tr("help.supervise"))
    sub = p.add_subparsers(dest="supervise_command", metavar="ACTION", required=True)
    ex = sub.add_parser("export", parents=[common], help=tr("help.supervise.export"))
    ex.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    ex.add_argument("--format", choices=export.FORMATS, required=True)
    ex.add_argument("--out", type=Path, required=True, metavar="FILE")
    ex.set_defaults(run=cmd_export)
    rp = sub.add_parser("report", parents=[common], help=tr("help.supervise.report"))
    rp.add_argument("--day", required=True, metavar="YYYY-MM-DD")
    rp.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    rp.set_defaults(run=cmd_report)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise export.ExportError("supervision.export.date", value=text) from None


def _signed_supervisor(ctx: Context, purpose: str = "supervise") -> str:
    """The signer, a supervisor or an admin; a clerk's attempt is journaled, then refused."""
    store, terminal = ctx.store(), ctx.config.terminal_id
    try:
        who = authority.sign_in(ctx, purpose, need=MAY_SUPERVISE)
    except authority.AuthorityError as e:
        if e.msg_id == "authority.role":
            role = clerks.Role(str(e.params["role"]))
            name = str(e.params["username"])
            # Journaled as the view's refusals are; told in the commands' own sentence.
            with contextlib.suppress(SupervisionRefused):
                refuse(store, clerks.Clerk(name, name, role), terminal=terminal, at=now())
        raise
    return who


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    start, end = _day(args.start), _day(args.end)  # checked before anyone is asked to sign
    if end < start:
        raise export.ExportError("supervision.export.span", start=start, end=end)
    store, terminal = ctx.store(), ctx.config.terminal_id
    who = _signed_supervisor(ctx)
    rows = export.export_journaled(
        store, start, end, args.format, args.out, by=who, terminal=terminal, at=now()
    )
    print(tr("supervision.exported", path=str(args.out), rows=rows, start=start, end=end))
    return 0


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from terminal.documents.daily_report import gather
    from terminal.documents.fonts import font_set
    from terminal.documents.render import render_daily_report

    day = _day(args.day)  # checked before anyone is asked to sign
    store, terminal = ctx.store(), ctx.config.terminal_id
    who = _signed_supervisor(ctx, "supervise_report")  # the signer is asked for the 日报
    at = now()
    calendar = calendar_versions.calendar_in(ctx.db_path, ctx.data_dir)  # the window's calendar
    report = gather(store.conn, day, ctx.config, calendar, by=who, at=at)
    pdf = render_daily_report(report, font_set(ctx.config.font)).pdf
    export.write_bytes(args.out, pdf)
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor=who,
            terminal=terminal,
            action="supervision.reported",
            subject=day.isoformat(),
            details={"cards": len(report.cards), "followups": len(report.followups)},
        )
    print(tr("supervision.reported", path=str(args.out), day=day))
    return 0
