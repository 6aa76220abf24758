"""What a heartbeat says: the facts IT needs about one terminal, and nothing about anyone.

Build, package, system, glibc and Qt do not change while the program runs: they are
read once per process (dpkg and the Qt libraries are not asked every quarter hour).
The devices are asked each time, as ``tongban doctor`` asks them (the checks that
devices/ adds through the ``tongban.doctor`` entry points: a reader, a printer, and a
scanner when one is added the same way): each check's id, status and its one-line
summary, which names devices and queues, never a citizen.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import platform
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sync import state
from terminal import __version__, os_floor
from terminal.config import Config
from terminal.heartbeat import NOT_HEARTBEAT

log = logging.getLogger("tongban.heartbeat")

# The doctor's checks that are about the link, not a device.
NOT_DEVICES = {"portal"}
MAX_DEVICES = 20
MAX_SUMMARY = 300


@dataclass(frozen=True)
class Source:
    """Where a terminal's heartbeat comes from: its config and its folders."""

    config: Config
    data_dir: Path
    config_path: Path

    @property
    def every_minutes(self) -> int:
        return self.config.heartbeat_minutes


@functools.cache
def package_version() -> str | None:
    """dpkg's version of the package this program was installed from; None when it was not
    (a source checkout, a bundle copied by hand). Asked about the running executable's own
    file, so it holds whatever the package is called."""
    if not getattr(sys, "frozen", False):
        return None  # a checkout runs under some Python: dpkg would name Python's package
    try:
        owner = subprocess.run(
            ["dpkg-query", "--search", os.path.realpath(sys.executable)],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if owner.returncode != 0 or ":" not in owner.stdout:
            return None
        name = owner.stdout.split(":", 1)[0].split(",")[0].strip()
        version = subprocess.run(
            ["dpkg-query", "--show", "--showformat=${Version}", name],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if version.returncode != 0:
        return None
    return version.stdout.strip()[:80] or None


def qt_version() -> str | None:
    """The Qt binding's version, without importing it (sync/ stays Qt-free): from the
    binding already loaded in this process (the window), else from its metadata."""
    loaded = sys.modules.get("PySide6")
    said = getattr(loaded, "__version__", None)
    if isinstance(said, str):
        return said
    try:
        return importlib.metadata.version("PySide6")
    except importlib.metadata.PackageNotFoundError:
        return None


@functools.cache
def system() -> dict[str, Any]:
    needed = os_floor.glibc_needed(os_floor.qt_libraries())
    running = os_floor.glibc_running()
    return {
        "name": os_floor.system_name()[:120],
        "glibc": None if running is None else os_floor.shown(running),
        "glibc_needed": None if needed is None else os_floor.shown(needed),
        "arch": platform.machine()[:20],
    }


def devices(source: Source) -> list[dict[str, str]]:
    """The device checks of ``tongban doctor``, as they come out now."""
    from terminal.doctor import Patient, examine

    checkers = []
    for ep in entry_points(group="tongban.doctor"):
        if ep.name in NOT_DEVICES:
            continue
        try:
            checkers.append(ep.load())
        except Exception:  # a broken plugin is the doctor's to report, not the sync's to die of
            log.exception("doctor check %s would not load", ep.name)
    patient = Patient(source.data_dir, source.config_path, source.config)
    found = examine(patient, checkers)
    return [
        {"check": c.id[:40], "status": c.status.value, "summary": c.summary[:MAX_SUMMARY]}
        for c in found[:MAX_DEVICES]
    ]


def gather(conn: sqlite3.Connection, source: Source) -> dict[str, Any]:
    """Everything but the heartbeat's own number and time (sync/heartbeat/send.py)."""
    unsent = conn.execute(
        f"SELECT count(*) FROM outbox WHERE state = 'pending' AND {NOT_HEARTBEAT}"
    ).fetchone()[0]
    stuck = conn.execute("SELECT count(*) FROM outbox WHERE state = 'quarantined'").fetchone()[0]
    return {
        "mode": source.config.mode,
        "window": source.config.window,
        "build": __version__,
        "package": package_version(),
        "os": system(),
        "qt": qt_version(),
        "devices": devices(source),
        "unsent": int(unsent),
        "stuck": int(stuck),
        "last_sync": state.get(conn, "last_success"),
    }
