"""CAPTURE's stand-in for UPLOAD's content-addressed store (issue 15's seam): the same
path and signature, so capture stores pages for real before the two branches meet; on
merge UPLOAD's module replaces this one.

A file is named by its sha256 under ``folder`` (two-character fan-out), written to a
temporary name, fsynced and renamed, so a crash leaves either the whole file or none.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import tempfile


def put_file(folder: pathlib.Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    target = folder / digest[:2] / digest
    if target.exists():
        return digest  # same bytes, same name: storing twice stores once
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o600)  # citizens' documents: this account only
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a power cut
    finally:
        os.close(dir_fd)
    return digest
