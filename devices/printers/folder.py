"""The folder printer: each print is a PDF file in a folder (the demo default, and a
fallback a hall can use to print later from another machine)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from devices.printers.base import JobState, Outcome, PrinterError, QueueInfo


class FolderPrinter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"folder:{folder}"

    def submit(self, job_id: str, pdf: bytes) -> str:
        try:
            # Printed documents name citizens: the folder is its owner's alone (0700).
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = self.folder / f"{job_id}.pdf"
            # Write then rename: a half-written file never looks like a finished print.
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except OSError as e:
            raise PrinterError(
                "printer.folder_unwritable", folder=str(self.folder), error=e.strerror or str(e)
            ) from None
        return str(target)

    def outcome(self, ref: str) -> Outcome:
        if Path(ref).is_file():
            return Outcome(JobState.DONE)
        return Outcome(JobState.FAILED, "file missing")

    def cancel(self, ref: str) -> bool:
        return False

    def find(self, job_id: str) -> str | None:
        target = self.folder / f"{job_id}.pdf"
        return str(target) if target.is_file() else None

    def queues(self) -> list[QueueInfo]:
        writable = os.access(self.folder if self.folder.exists() else self.folder.parent, os.W_OK)
        return [QueueInfo(self.name, "idle" if writable else "stopped", writable, "", True)]
