"""``tongban supervise export``: a period's figures as XLSX or CSV, for a supervisor or an admin.

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

from terminal import authority, clerks
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


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise export.ExportError("supervision.export.date", value=text) from None


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    start, end = _day(args.start), _day(args.end)  # checked before anyone is asked to sign
    if end < start:
        raise export.ExportError("supervision.export.span", start=start, end=end)
    store, terminal = ctx.store(), ctx.config.terminal_id
    try:
        who = authority.sign_in(ctx, "supervise", need=MAY_SUPERVISE)
    except authority.AuthorityError as e:
        if e.msg_id == "authority.role":
            role = clerks.Role(str(e.params["role"]))
            name = str(e.params["username"])
            # Journaled as the view's refusals are; told in the commands' own sentence.
            with contextlib.suppress(SupervisionRefused):
                refuse(store, clerks.Clerk(name, name, role), terminal=terminal, at=now())
        raise
    rows = export.export_journaled(
        store, start, end, args.format, args.out, by=who, terminal=terminal, at=now()
    )
    print(tr("supervision.exported", path=str(args.out), rows=rows, start=start, end=end))
    return 0
