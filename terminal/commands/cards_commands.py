"""``tongban cards``: every clerk's deadline cards (黄牌/红牌), for a supervisor or an admin.

The supervisor signs in (terminal/authority.py); a clerk is refused with the role they have
and the role needed: a clerk sees their own cards in the window's status bar. ``--clerk``
keeps one clerk's cards. Nothing about a citizen but the masked name.
"""

from __future__ import annotations

import argparse
from typing import Any

from terminal import authority, calendar_versions, clock, deadline_cards
from terminal.context import Context
from terminal.deadline_cards import RED, Card
from terminal.i18n import tr
from terminal.supervisor_access import MAY_SUPERVISE


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("cards", parents=[common], help=tr("help.cards"))
    p.add_argument("--clerk", default=None, metavar="USERNAME", help=tr("help.cards.clerk"))
    p.set_defaults(run=cmd_cards)


def _kind(card: Card) -> str:
    if card.kind == "due":
        return tr("cards.kind.due")
    if card.kind == "notice":
        return tr("cards.kind.notice")
    if card.kind == "return":
        return tr("cards.kind.return")
    return tr("cards.kind.promise", material=card.material)


def cmd_cards(ctx: Context, args: argparse.Namespace) -> int:
    authority.sign_in(ctx, "cards", need=MAY_SUPERVISE)
    found = deadline_cards.cards(
        ctx.store().conn,
        calendar_versions.calendar_in(ctx.db_path, ctx.data_dir),  # the window's calendar
        deadline_cards.thresholds_of(ctx.config),
        clock.now().date(),  # through the module: a test moves the clock
        clerk=args.clerk,
    )
    if not found:
        print(tr("cards.none"))
        return 0
    yellow, red = deadline_cards.counts(found)
    print(tr("cards.heading", red=red, yellow=yellow))
    for c in found:
        print(
            tr(
                "cards.row",
                card=tr("cards.red") if c.colour == RED else tr("cards.yellow"),
                kind=_kind(c),
                receipt=c.receipt_no,
                service=c.intake_code,
                applicant=c.applicant,
                clerk=c.clerk,
                deadline=c.deadline.isoformat(),
                when=tr("cards.over", days=c.days_over)
                if c.colour == RED
                else tr("cards.left", days=c.left),
            )
        )
    return 0
