"""Files that hold personal data or secrets: 0600 in 0700 folders, written whole or not at all.

Receipts exported with ``tongban receipt --out``, the doctor's bundle, backups and keys
go through here, so none of them is readable by another account on the machine, and a
full disk leaves no half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_dir(folder: Path) -> None:
    """Create ``folder`` (and missing parents) 0700; an existing folder is left as it is."""
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)


@contextlib.contextmanager
def open_for_writing(target: Path) -> Iterator[IO[bytes]]:
    """A 0600 temporary file beside ``target``, renamed over it once written in full; on any
    failure (a full disk, a kill) it is removed and ``target`` is untouched."""
    make_dir(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(target: Path, data: bytes) -> Path:
    with open_for_writing(target) as out:
        out.write(data)
    return target


def loose(path: Path) -> bool:
    """Readable or writable by anyone but the owner (group or others)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return False
    return bool(mode & 0o077)
