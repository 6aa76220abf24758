"""Content-addressed attachment files in the data folder: one file per SHA-256, 0600 in 0700.

The seam with capture (devices/capture, ui/): ``put_file`` is called off the GUI thread the
moment a material's PDF is built, so a captured page survives a crash before the decision.
A file is written whole or not at all (temporary file, fsync, rename), and writing the
same bytes twice is one file: the case refers to it by its hash, and so does the portal.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from terminal import private

FOLDER = "attachments"
_HEX = re.compile(r"[0-9a-f]{64}")


class HasDataDir(Protocol):
    @property
    def data_dir(self) -> Path: ...


def attachments_folder(config: HasDataDir | Path) -> Path:
    """Where attachments live: ``attachments/`` in the data folder (a Context, or the folder)."""
    data_dir = config if isinstance(config, Path) else config.data_dir
    return data_dir / FOLDER


def path_of(folder: Path, sha256: str) -> Path:
    """Two-character fan-out, as git does: a folder of 100,000 files stays quick to list."""
    if not _HEX.fullmatch(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return folder / sha256[:2] / sha256


def put_file(folder: Path, data: bytes) -> str:
    """Store ``data`` under its SHA-256 (hex, returned); idempotent, atomic, durable."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_of(folder, digest)
    if _holds(target, digest, len(data)):
        return digest  # the same bytes are already there
    for level in (folder, target.parent):
        private.make_dir(level)
        os.chmod(level, private.DIR_MODE)  # mkdir's mode is masked by the umask
    private.write_bytes(target, data)
    with contextlib.suppress(OSError):
        # The rename is durable only once the folder holding it is flushed.
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return digest


def _holds(target: Path, digest: str, size: int) -> bool:
    """Whether ``target`` holds exactly the bytes named ``digest``: hashed, not judged by its
    size, since a copy spoiled in place (a bad sector, a half-restored backup) keeps its
    size, and trusting it would throw the fresh, good capture away for the spoiled one."""
    hashed = hashlib.sha256()
    try:
        if target.stat().st_size != size:
            return False
        with target.open("rb") as f:
            while block := f.read(1 << 20):
                hashed.update(block)
    except OSError:
        return False
    return hashed.hexdigest() == digest


def read_file(folder: Path, sha256: str) -> bytes:
    return path_of(folder, sha256).read_bytes()


def remove_file(folder: Path, sha256: str) -> int:
    """Delete one file; the bytes freed (0 when it was not there)."""
    target = path_of(folder, sha256)
    try:
        size = target.stat().st_size
        target.unlink()
    except FileNotFoundError:
        return 0
    return size


def stored(folder: Path) -> Iterator[tuple[str, int]]:
    """Every stored file as (sha256, size); temporary files of an interrupted write skipped."""
    if not folder.is_dir():
        return
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir():
            continue
        for item in sorted(sub.iterdir()):
            if _HEX.fullmatch(item.name):
                yield item.name, item.stat().st_size
