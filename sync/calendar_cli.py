"""``tongban portal calendar FILE --version V``: publish a working-day calendar at the portal.

For the portal's administrator once the State Council's notice for next year is out:
the file is in the form of ``terminal/data/holidays.json`` (every year the terminals
should count with, each with its totals). It is checked here first with the terminal's
own rules, so a date typed wrong is named before anything is sent, then published with
``POST /admin/calendar`` (the admin token, or from the portal's own machine). Exit
codes: 0 published; 1 the file or the portal refused it; 3 the portal did not answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from sync.fleet_cli import TOKEN_ENV
from terminal import calendar_versions
from terminal.calendar_rules import check_document
from terminal.context import Context
from terminal.i18n import TongbanError, tr

EXIT_OK, EXIT_REFUSED, EXIT_SETUP = 0, 1, 3


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """``calendar`` beside ``fleet`` under ``portal``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "calendar", parents=[common], help=tr("portal.calendar.help")
    )
    p.add_argument("file", type=Path, help=tr("portal.calendar.help.file"))
    p.add_argument("--version", required=True, help=tr("portal.calendar.help.version"))
    p.add_argument(
        "--drop-year",
        type=int,
        action="append",
        default=[],
        help=tr("portal.calendar.help.drop_year"),
    )
    p.add_argument("--url", default=None, help=tr("portal.fleet.help.url"))
    p.add_argument("--admin-token", default=None, help=tr("portal.fleet.help.admin_token"))
    p.add_argument("--ca-bundle", type=Path, default=None, help=tr("enrol.help.ca_bundle"))
    p.set_defaults(run=cmd_calendar)


def cmd_calendar(ctx: Context, args: argparse.Namespace) -> int:
    import requests

    try:
        document = _document(args.file, args.version)
    except TongbanError as e:
        print(e.text(), file=sys.stderr)
        return EXIT_REFUSED
    url = (args.url or ctx.config.portal_url).rstrip("/")
    token = args.admin_token or os.environ.get(TOKEN_ENV)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = requests.post(
            url + "/admin/calendar",
            json={"version": args.version, "document": document, "drop_years": args.drop_year},
            headers=headers,
            timeout=(5.0, 30.0),
            verify=str(args.ca_bundle) if args.ca_bundle else True,
            allow_redirects=False,
        )
    except requests.RequestException as e:
        error = str(e).splitlines()[0][:200]
        print(tr("portal.fleet.unreachable", url=url, error=error), file=sys.stderr)
        return EXIT_SETUP
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if response.status_code in (401, 403):
        print(
            tr("portal.fleet.forbidden", status=response.status_code, env=TOKEN_ENV),
            file=sys.stderr,
        )
        return EXIT_SETUP
    if response.status_code == 409:
        print(tr("portal.calendar.exists", version=args.version), file=sys.stderr)
        return EXIT_REFUSED
    if response.status_code != 201 or not isinstance(answer, dict):
        said = answer.get("detail") if isinstance(answer, dict) else None
        print(
            tr("portal.calendar.refused", status=response.status_code, detail=said or ""),
            file=sys.stderr,
        )
        return EXIT_REFUSED
    years = calendar_versions.years_text(document["years"])
    print(
        tr(
            "portal.calendar.published",
            version=args.version,
            years=years,
            sha=str(answer.get("sha256", ""))[:12],
        )
    )
    return EXIT_OK


def _document(path: Path, version: str) -> dict[str, Any]:
    """The file as the document to publish, under ``version``, checked."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise TongbanError("calendar.unreadable", source=str(path), error=str(e)) from None
    except ValueError as e:
        raise TongbanError("calendar.not_json", source=str(path), error=str(e)) from None
    if isinstance(raw, dict):
        named = raw.get("version")
        if named is not None and named != version:
            raise TongbanError("portal.calendar.other_version", path=str(path), named=str(named))
        raw = {**raw, "version": version}
    check_document(raw, str(path))
    return dict(raw)
