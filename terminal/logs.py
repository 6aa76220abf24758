"""Logs for IT: rotating files in the platform's log folder, one line per event, no personal data.

Log calls pass identifiers that are not personal (case ids, receipt numbers,
job ids, counts); a filter still masks anything shaped like an ID number or a
phone number, in case a message slips through.
"""

from __future__ import annotations

import errno
import faulthandler
import io
import logging
import os
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TextIO, cast

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
MAX_BYTES = 2_000_000
BACKUPS = 5
CRASH_FILE = "crash.log"
_crash_file: TextIO | None = None


def log_dir() -> Path:
    env = os.environ.get("TONGBAN_LOG_DIR")
    if env:
        return Path(env)
    import platformdirs  # only when no folder is set: the window's start does not wait on it

    return Path(platformdirs.user_log_dir("tongban", appauthor=False))


@cache
def _personal() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(ID number, mobile): compiled at the first line logged, not before the window's first
    paint (~4 ms of compiling at import)."""
    return (
        re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])"),
        re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)"),
    )


def scrub(text: str) -> str:
    id_number, mobile = _personal()
    text = id_number.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return mobile.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def setup(level: str = "info", folder: Path | None = None) -> Path:
    """Send the program's log to a rotating file; returns its path. Safe to call twice."""
    import logging.handlers  # with its socket and pickle imports: once, when logging starts

    folder = folder or log_dir()
    path = folder / "tongban.log"
    root = logging.getLogger("tongban")
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "tongban", False):
            root.removeHandler(handler)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _open_private(str(path), "a", "utf-8").close()
    except OSError as e:
        if e.errno != errno.EROFS:
            raise
        # A failing disk remounted read-only: no log, but the commands that get the data
        # off it (list, verify, backup elsewhere) must still run, without tracebacks.
        quiet = logging.NullHandler()
        quiet.tongban = True  # type: ignore[attr-defined]
        root.addHandler(quiet)
        root.propagate = False
        return path

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:  # each file it starts, rotation included: 0600
            return _open_private(self.baseFilename, self.mode, self.encoding or "utf-8")

    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.tongban = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(ScrubFilter())
    root.addHandler(handler)
    root.propagate = False
    return path


def record_crashes(folder: Path | None = None) -> Path:
    """If the program dies of a fault in native code (Qt, a driver), every thread's Python
    stack goes to ``crash.log`` beside the log, for IT and ``doctor --bundle``. It holds file
    and function names only, never values. For the windows; safe to call twice."""
    global _crash_file
    folder = folder or log_dir()
    path = folder / CRASH_FILE
    if _crash_file is None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _crash_file = _open_private(str(path), "a", "utf-8")
        # One line per start, so a stack below it belongs to this run.
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        _crash_file.write(f"--- started {started} pid {os.getpid()}\n")
        _crash_file.flush()
        faulthandler.enable(_crash_file, all_threads=True)
    return path


def _open_private(path: str, mode: str, encoding: str) -> io.TextIOWrapper:
    """Open for appending, creating the file 0600: logs name clerks and cases."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    return cast(io.TextIOWrapper, open(fd, mode, encoding=encoding))


def get(name: str) -> logging.Logger:
    """Loggers live under "tongban." so one handler serves the whole program."""
    return logging.getLogger(f"tongban.{name}")
