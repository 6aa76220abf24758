"""The one top-level handler: whatever goes wrong, a person reads one sentence (what, where,
what to do) and the traceback goes to the log, for the CLI and the windows alike.

A full disk, a read-only folder and a denied permission name the path and the fix; a disk
that is read-only as a whole (what Linux does to a failing disk: it remounts it read-only)
says so, since it is not a permission to fix but data to get off; anything else says where
the log is and how to send it to support.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from terminal import logs
from terminal.i18n import TongbanError, tr

log = logs.get("failure")

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}
# SQLite reports these by text only (sqlite3.OperationalError carries no errno).
_SQLITE = {
    "database or disk is full": "failure.disk_full",
    "attempt to write a readonly database": "failure.read_only",
    "unable to open database file": "failure.denied",
    "disk i/o error": "failure.io",
}


NEARLY_FULL = 256 * 1024  # bytes free below which a "disk I/O error" is a full disk


def disk_nearly_full(path: Path | None) -> bool:
    """SQLite says "disk I/O error" when the disk fills while it maps its -shm file; the free
    space on the disk of ``path`` (or its nearest existing parent) tells the two apart."""
    if path is None:
        return False
    for candidate in (path, *path.parents):
        try:
            found = os.statvfs(candidate)
        except OSError:
            continue
        return found.f_bavail * found.f_frsize < NEARLY_FULL
    return False


def disk_read_only(path: Path | None) -> bool:
    """The file system holding ``path`` (or its nearest existing parent) is mounted read-only."""
    if path is None:
        return False
    for candidate in (path, *path.parents):
        try:
            return bool(os.statvfs(candidate).f_flag & os.ST_RDONLY)
        except OSError:
            continue
    return False


def read_only_disk(path: Path) -> TongbanError:
    return TongbanError("failure.read_only_disk", path=str(path))


def kind_of(error: BaseException, where: Path | None = None) -> str | None:
    """The message id of an environment failure a person can fix, else None."""
    if isinstance(error, TongbanError) and error.msg_id.startswith("failure."):
        return error.msg_id
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        if error.errno in _DISK_FULL:
            return "failure.disk_full"
        if error.errno in _READ_ONLY:
            return "failure.read_only_disk"
        if error.errno in _DENIED:
            return "failure.denied"
        return None
    if isinstance(error, sqlite3.Error):
        text = str(error).lower()
        for marker, msg_id in _SQLITE.items():
            if marker in text:
                if msg_id == "failure.io" and disk_nearly_full(where):
                    return "failure.disk_full"
                if disk_read_only(where):  # SQLite names no errno: the mount tells
                    return "failure.read_only_disk"
                return msg_id
    return None


def as_error(error: BaseException, where: Path) -> TongbanError | None:
    """An environment failure as an error a person reads, naming ``where``; else None."""
    kind = kind_of(error, where)
    if kind is None:
        return None
    path = getattr(error, "filename", None) or where
    log.error("%s: %s at %s", type(error).__name__, kind, path, exc_info=error)  # for IT
    return TongbanError(kind, path=str(path))


def sentence(error: BaseException, where: Path | None = None) -> str:
    """What a person reads. ``where``: the path to name when the error itself has none
    (SQLite's errors name no file: the caller passes the store's)."""
    if isinstance(error, TongbanError):
        return error.text()
    kind = kind_of(error, where)
    if kind is not None:
        path = getattr(error, "filename", None) or where or "?"
        return tr(kind, path=str(path))
    return tr("failure.unexpected", log=str(logs.log_dir() / "tongban.log"))


def report(error: BaseException, where: Path | None = None) -> str:
    """Log the traceback (never shown), return the sentence to show."""
    if not isinstance(error, TongbanError):
        log.error("%s: %s", type(error).__name__, kind_of(error) or "unexpected", exc_info=error)
    return sentence(error, where)


def install(show: Callable[[str], None], where: Path | None = None) -> None:
    """For the windows: an exception no code caught (in a slot, in a thread) is logged and
    shown as one sentence, instead of a traceback on a console nobody reads."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        show(report(error.with_traceback(tb), where))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            show(report(args.exc_value.with_traceback(args.exc_traceback), where))

    sys.excepthook = hook
    threading.excepthook = thread_hook
