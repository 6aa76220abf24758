"""``tongban portal fleet``: every terminal's latest heartbeat, as a table IT can act on.

Asks the portal's admin endpoint (``GET /admin/fleet``, with the admin token, or from
the portal's own machine), so it works from any desk that may reach the portal. A
terminal is flagged when the portal has not heard from it for too long, when its
system's glibc is below the floor (its own build's, or ``--glibc-floor`` to see which
counters can take the next build), when a device check fails, or when the portal
refused some of its rows. "Last seen" is by the portal's clock, so this machine's
clock does not matter. Exit codes: 0 nothing flagged; 1 something flagged; 3 the
portal did not answer or refused.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from terminal.clock import CHINA
from terminal.context import Context
from terminal.i18n import tr

EXIT_OK, EXIT_FLAGGED, EXIT_SETUP = 0, 1, 3
TOKEN_ENV = "TONGBAN_ADMIN_TOKEN"
MARK = {"ok": "✓", "warning": "!", "failure": "✗"}
COLUMNS = (
    "portal.fleet.col.terminal",
    "portal.fleet.col.hall",
    "portal.fleet.col.build",
    "portal.fleet.col.system",
    "portal.fleet.col.floor",
    "portal.fleet.col.devices",
    "portal.fleet.col.unsent",
    "portal.fleet.col.last_sync",
    "portal.fleet.col.last_seen",
    "portal.fleet.col.flags",
)


# Each flag's words, spelled out so every message id is written where it is used.
FLAG_TEXT = {
    "silent": "portal.fleet.flag.silent",
    "below_floor": "portal.fleet.flag.below_floor",
    "device": "portal.fleet.flag.device",
    "stuck": "portal.fleet.flag.stuck",
}


def register(portal: argparse.ArgumentParser, common: argparse.ArgumentParser) -> Any:
    """``fleet`` under ``portal`` (which alone still runs the reference portal); returns the
    actions' subparsers, for the others (``calendar``)."""
    sub = portal.add_subparsers(metavar="ACTION")
    p: argparse.ArgumentParser = sub.add_parser(
        "fleet", parents=[common], help=tr("portal.fleet.help")
    )
    p.add_argument("--url", default=None, help=tr("portal.fleet.help.url"))
    p.add_argument("--admin-token", default=None, help=tr("portal.fleet.help.admin_token"))
    p.add_argument("--ca-bundle", type=Path, default=None, help=tr("enrol.help.ca_bundle"))
    p.add_argument("--silent-minutes", type=int, default=None, help=tr("portal.fleet.help.silent"))
    p.add_argument("--glibc-floor", default=None, help=tr("portal.fleet.help.glibc_floor"))
    p.add_argument("--hall", default=None, help=tr("portal.fleet.help.hall"))
    p.add_argument(
        "--forget", metavar="TERMINAL", default=None, help=tr("portal.fleet.help.forget")
    )
    p.add_argument("--json", action="store_true", help=tr("portal.fleet.help.json"))
    p.set_defaults(run=cmd_fleet)
    return sub


def ask(
    url: str, token: str | None, ca_bundle: Path | None, path: str, method: str = "GET"
) -> dict[str, Any]:
    """One admin call; FleetError with a sentence for IT when it is refused or garbled."""
    import requests

    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = requests.request(
        method,
        url.rstrip("/") + path,
        headers=headers,
        timeout=(5.0, 30.0),
        verify=str(ca_bundle) if ca_bundle else True,
        allow_redirects=False,
    )
    if response.status_code in (401, 403):
        raise FleetError(tr("portal.fleet.forbidden", status=response.status_code, env=TOKEN_ENV))
    try:
        data = response.json()
    except ValueError:
        data = None
    if response.status_code != 200 or not isinstance(data, dict):
        raise FleetError(tr("portal.fleet.garbled", url=url, status=response.status_code))
    return data


class FleetError(Exception):
    pass


def cmd_fleet(ctx: Context, args: argparse.Namespace) -> int:
    import requests

    url = args.url or ctx.config.portal_url
    token = args.admin_token or os.environ.get(TOKEN_ENV)
    try:
        if args.forget:
            path = f"/admin/fleet/{quote(args.forget, safe='')}/forget"
            gone = ask(url, token, args.ca_bundle, path, "POST").get("forgotten")
            if not gone:
                print(tr("portal.fleet.forget_none", terminal=args.forget), file=sys.stderr)
                return EXIT_FLAGGED
            print(tr("portal.fleet.forgotten", terminal=args.forget, count=gone))
            return EXIT_OK
        data = ask(url, token, args.ca_bundle, "/admin/fleet")
    except FleetError as e:
        print(str(e), file=sys.stderr)
        return EXIT_SETUP
    except requests.RequestException as e:
        print(
            tr("portal.fleet.unreachable", url=url, error=str(e).splitlines()[0][:200]),
            file=sys.stderr,
        )
        return EXIT_SETUP
    every = ctx.config.heartbeat_minutes or 15
    silent = args.silent_minutes if args.silent_minutes is not None else max(15, 3 * every)
    floor = _version(args.glibc_floor)
    terminals = [t for t in data.get("terminals") or [] if isinstance(t, dict)]
    if args.hall:  # one hall of the city's
        terminals = [t for t in terminals if args.hall in str(t.get("hall"))]
    rows = [assess(t, float(data.get("portal_time") or 0), silent, floor) for t in terminals]
    if args.json:
        print(
            json.dumps({"silent_minutes": silent, "terminals": rows}, ensure_ascii=False, indent=1)
        )
    else:
        for line in table_lines(rows):
            print(line)
    return EXIT_FLAGGED if any(r["flags"] for r in rows) else EXIT_OK


def _version(text: Any) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d+)\.(\d+)", str(text or ""))
    return (int(m[1]), int(m[2])) if m else None


def assess(
    record: dict[str, Any], portal_time: float, silent_minutes: int, floor: tuple[int, int] | None
) -> dict[str, Any]:
    """One terminal's line: what it said, and what IT should look at."""
    beat = record.get("heartbeat") or {}
    system = beat.get("os") or {}
    devices = [d for d in beat.get("devices") or [] if isinstance(d, dict)]
    need = floor or _version(system.get("glibc_needed"))
    have = _version(system.get("glibc"))
    within = None if need is None or have is None else have >= need
    quiet = max(0.0, portal_time - float(record.get("last_seen") or 0)) / 60
    flags = []
    if quiet > silent_minutes:
        flags.append("silent")
    if within is False:
        flags.append("below_floor")
    if any(d.get("status") == "failure" for d in devices):
        flags.append("device")
    if int(beat.get("stuck") or 0):
        flags.append("stuck")
    return {
        "terminal_id": record.get("terminal_id"),
        "hall": record.get("hall"),
        "window": beat.get("window"),
        "mode": beat.get("mode"),
        "build": beat.get("build"),
        "package": beat.get("package"),
        "system": system.get("name"),
        "glibc": system.get("glibc"),
        "floor": None if need is None else f"{need[0]}.{need[1]}",
        "within_floor": within,
        "qt": beat.get("qt"),
        "devices": devices,
        "unsent": beat.get("unsent"),
        "stuck": beat.get("stuck"),
        "last_sync": beat.get("last_sync"),
        "minutes_silent": round(quiet, 1),
        "flags": flags,
    }


def _ago(minutes: float) -> str:
    if minutes < 1:
        return tr("portal.fleet.ago.now")
    if minutes < 120:
        return tr("portal.fleet.ago.minutes", n=int(minutes))
    if minutes < 48 * 60:
        return tr("portal.fleet.ago.hours", n=int(minutes // 60))
    return tr("portal.fleet.ago.days", n=int(minutes // 1440))


def _when(stamp: Any) -> str:
    try:
        return datetime.fromisoformat(str(stamp)).astimezone(CHINA).strftime("%m-%d %H:%M")
    except ValueError:
        return "—"


def _cells(r: dict[str, Any]) -> list[str]:
    package = r["package"] or tr("portal.fleet.not_packaged")
    within = r["within_floor"]
    floor = "?" if within is None else ("✓ ≥" if within else "✗ <") + str(r["floor"])
    devices = " ".join(
        f"{d.get('check')}{MARK.get(str(d.get('status')), '?')}" for d in r["devices"]
    )
    unsent = str(r["unsent"] if r["unsent"] is not None else "?")
    if r["stuck"]:
        unsent += tr("portal.fleet.stuck", stuck=r["stuck"])
    return [
        str(r["terminal_id"]),
        f"{r['hall']}/{r['window'] if r['window'] is not None else '?'}",
        f"{r['build'] or '?'} ({package})",
        f"{r['system'] or '?'} / glibc {r['glibc'] or '?'}",
        floor,
        devices or "—",
        unsent,
        _when(r["last_sync"]) if r["last_sync"] else "—",
        _ago(r["minutes_silent"]),
        " ".join(tr(FLAG_TEXT[f]) for f in r["flags"]),
    ]


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _to_do(r: dict[str, Any]) -> list[str]:
    """Under the table, a line for each thing to act on; a device in the words of the
    terminal's own doctor (failures only: warnings are in the table, and in --json)."""
    terminal = r["terminal_id"]
    lines = []
    if "silent" in r["flags"]:
        lines.append(
            tr("portal.fleet.todo.silent", terminal=terminal, ago=_ago(r["minutes_silent"]))
        )
    if "below_floor" in r["flags"]:
        lines.append(
            tr(
                "portal.fleet.todo.below_floor",
                terminal=terminal,
                glibc=r["glibc"],
                floor=r["floor"],
            )
        )
    if "stuck" in r["flags"]:
        lines.append(tr("portal.fleet.todo.stuck", terminal=terminal, stuck=r["stuck"]))
    for d in r["devices"]:
        if d.get("status") == "failure":
            summary = d.get("summary", "")
            lines.append(
                tr("portal.fleet.detail", terminal=terminal, check=d.get("check"), summary=summary)
            )
    return lines


def table_lines(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return [tr("portal.fleet.empty")]
    heads = [tr(c) for c in COLUMNS]
    body = [_cells(r) for r in rows]
    widths = [max(_width(line[i]) for line in [heads, *body]) for i in range(len(heads))]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in [heads, *body]
    ]
    for r in rows:
        lines.extend(_to_do(r))
    count: dict[str, Any] = {
        f: sum(f in r["flags"] for r in rows) for f in ("silent", "below_floor", "device", "stuck")
    }
    lines.append(tr("portal.fleet.summary", count=len(rows), **count))
    return lines
