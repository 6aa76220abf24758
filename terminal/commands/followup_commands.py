"""``tongban followup list`` and ``tongban followup close``: 差评整改 from the command line.

Both need a supervisor or an admin (terminal/authority.py: their own password, or an OS
account in ``tongban-it``, journaled as ``it:<account>`` and counted as an admin). A clerk
who signs in is refused with the role they have and the role needed. ``close`` records what
is still missing, in order (整改 with ``--rectified``, 回访 with ``--how`` and
``--reached`` with ``--satisfied``/``--unsatisfied``, or ``--not-reached``), then closes:
one command for the follow-up a supervisor settled on the telephone. Every argument is
checked before the first step, so a refused command records nothing; 满意 is never
assumed. Each step is journaled under the signer's name.
"""

from __future__ import annotations

import argparse
from typing import Any

from terminal import authority, clerks, followups
from terminal.clock import now
from terminal.context import Context
from terminal.followups import FollowupRefused
from terminal.i18n import tr


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("followup", parents=[common], help=tr("help.followup"))
    sub = p.add_subparsers(dest="followup_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", parents=[common], help=tr("help.followup.list"))
    listing.add_argument("--all", action="store_true")
    listing.set_defaults(run=cmd_list)
    closing = sub.add_parser("close", parents=[common], help=tr("help.followup.close"))
    closing.add_argument("followup", help=tr("help.followup.which"))
    closing.add_argument(
        "--rectified", default="", metavar="TEXT", help=tr("help.followup.rectified")
    )
    closing.add_argument("--how", choices=followups.HOW, help=tr("help.followup.how"))
    reached = closing.add_mutually_exclusive_group()
    reached.add_argument(
        "--reached",
        dest="reached",
        action="store_true",
        default=None,
        help=tr("help.followup.reached"),
    )
    reached.add_argument("--not-reached", dest="reached", action="store_false")
    # 满意 or 不满意 is what the citizen said: never assumed, so one of the two with --reached.
    satisfied = closing.add_mutually_exclusive_group()
    satisfied.add_argument(
        "--satisfied",
        dest="satisfied",
        action="store_true",
        default=None,
        help=tr("help.followup.satisfied"),
    )
    satisfied.add_argument(
        "--unsatisfied",
        dest="satisfied",
        action="store_false",
        help=tr("help.followup.unsatisfied"),
    )
    closing.add_argument("--note", default="", help=tr("help.followup.note"))
    closing.set_defaults(run=cmd_close)


def signer(ctx: Context) -> clerks.Clerk:
    """The supervisor or admin behind this command, as the core's steps need them. A clerk
    who signs in is refused and journaled (``followup.refused``), as in the window."""
    try:
        username = authority.sign_in(ctx, "followup")
    except authority.AuthorityError as e:
        if e.msg_id == "authority.role":
            followups.journal_refusal(
                ctx.store(),
                str(e.params["username"]),
                str(e.params["role"]),
                terminal=ctx.config.terminal_id,
                at=now(),
            )
        raise
    if username.startswith("it:"):
        return clerks.Clerk(username, username, clerks.Role.ADMIN)
    for clerk, _active, _locked in clerks.list_clerks(ctx.store()):
        if clerk.username == username:
            return clerk
    raise FollowupRefused("followup.not_supervisor", username=username)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    signer(ctx)
    items = followups.listed(ctx.store().conn, closed=args.all)
    today = now().date()
    if not items:
        print(tr("followup.list.none"))
        return 0
    print(tr("followup.list.heading", count=sum(f.state != "closed" for f in items)))
    for f in items:
        print(
            tr(
                "followup.list.row",
                id=f.id[:8],
                receipt=f.receipt_no,
                service=f.service or "-",
                level=f.level,
                reason=f.reason or "-",
                due=f.due_date,
                state=tr(f"followup.state.{f.state}"),
                overdue=tr("followup.list.overdue") if f.overdue(today) else "",
            )
        )
    return 0


def missing(state: str, args: argparse.Namespace) -> FollowupRefused | None:
    """What this command lacks for the steps the follow-up still needs, before any is taken:
    a refused command records nothing (no 整改 left behind by a close that failed)."""
    if state == "open" and not args.rectified.strip():
        return FollowupRefused("followup.rectified_needed")
    if state in ("open", "rectified"):
        if args.how is None or args.reached is None:
            return FollowupRefused("followup.revisit_needed")
        if args.reached and args.satisfied is None:
            return FollowupRefused("followup.satisfied_needed")
        if not args.reached and args.satisfied is not None:
            return FollowupRefused("followup.satisfied_not_reached")
    return None


def cmd_close(ctx: Context, args: argparse.Namespace) -> int:
    by = signer(ctx)
    store, terminal = ctx.store(), ctx.config.terminal_id
    f = followups.find(store.conn, args.followup)
    lacking = missing(f.state, args)
    if lacking is not None:
        raise lacking
    if f.state == "open":
        followups.rectify(store, f.id, args.rectified, by=by, terminal=terminal, at=now())
    if f.state in ("open", "rectified"):
        followups.revisit(
            store,
            f.id,
            reached=args.reached,
            satisfied=args.satisfied if args.reached else None,
            how=args.how,
            note=args.note,
            by=by,
            terminal=terminal,
            at=now(),
        )
    followups.close(store, f.id, by=by, terminal=terminal, at=now())
    print(tr("followup.closed", id=f.id[:8], receipt=f.receipt_no, by=by.username))
    return 0
