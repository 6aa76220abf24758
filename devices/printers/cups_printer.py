"""CUPS through its IPP API (pycups): submit under the job id, read the job's state.

The job id (title and document name) lets the program find a job it submitted before a crash, so a
retry after a crash never prints a second copy.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Any

import cups

from devices.printers.base import JobState, Outcome, PrinterError, QueueInfo

# IPP job-state values (RFC 8011 §5.3.7)
_PENDING_STATES = {3, 4, 5, 6}  # pending, held, processing, stopped
_DONE, _CANCELED, _ABORTED = 9, 7, 8
_PRINTER_STATES = {3: "idle", 4: "printing", 5: "stopped"}


class CupsPrinter:
    def __init__(self, queue: str | None) -> None:
        self._queue = queue
        self.name = f"cups:{queue}" if queue else "cups"

    def _connect(self) -> Any:
        try:
            return cups.Connection()
        except RuntimeError:
            raise PrinterError("printer.cups_down") from None

    def queue(self, conn: Any) -> str:
        if self._queue:
            return self._queue
        default = conn.getDefault()
        if not default:
            raise PrinterError("printer.no_default")
        return str(default)

    def submit(self, job_id: str, pdf: bytes) -> str:
        conn = self._connect()
        queue = self.queue(conn)
        attrs = _queue_attributes(conn, queue)
        if attrs is None:
            raise PrinterError("printer.queue_missing", queue=queue)
        if not attrs.get("printer-is-accepting-jobs", False):
            raise PrinterError(
                "printer.not_accepting", queue=queue, message=attrs.get("printer-state-message", "")
            )
        # The file name travels with the job as document-name-supplied, which CUPS
        # shows to anyone (the title is private): it is how find() recognises the job.
        fd, path = tempfile.mkstemp(prefix=f"{job_id}.", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            number = conn.printFile(queue, path, job_id, {})
        except cups.IPPError as e:
            raise PrinterError("printer.refused", queue=queue, message=_ipp_text(e)) from None
        finally:
            os.unlink(path)
        return str(number)

    def outcome(self, ref: str) -> Outcome:
        conn = self._connect()
        try:
            attrs = conn.getJobAttributes(
                int(ref),
                requested_attributes=[
                    "job-state",
                    "job-state-reasons",
                    "job-printer-state-message",
                ],
            )
        except cups.IPPError:
            # CUPS forgot the job (history purged). It was accepted earlier, so
            # count it printed: a missing page is fixed by a marked reprint,
            # a duplicate original cannot be taken back.
            return Outcome(JobState.DONE, "no longer in CUPS history")
        state = int(attrs.get("job-state", 0))
        message = str(attrs.get("job-printer-state-message") or "")
        reasons = attrs.get("job-state-reasons", "")
        detail = message or (", ".join(reasons) if isinstance(reasons, list) else str(reasons))
        if state == _DONE:
            return Outcome(JobState.DONE, detail)
        if state in (_CANCELED, _ABORTED):
            return Outcome(
                JobState.FAILED, detail or ("canceled" if state == _CANCELED else "aborted")
            )
        return Outcome(JobState.PENDING, detail)

    def cancel(self, ref: str) -> bool:
        conn = self._connect()
        with contextlib.suppress(cups.IPPError):  # already finished or gone: outcome() says which
            conn.cancelJob(int(ref))
        return self.outcome(ref).state is JobState.FAILED

    def find(self, job_id: str) -> str | None:
        conn = self._connect()
        jobs = conn.getJobs(
            which_jobs="all",
            my_jobs=False,
            requested_attributes=["job-id", "document-name-supplied"],
        )
        # The newest: a retried job has an older, cancelled namesake.
        matches = [
            n
            for n, a in jobs.items()
            if str(a.get("document-name-supplied", "")).startswith(f"{job_id}.")
        ]
        return str(max(matches)) if matches else None

    def queues(self) -> list[QueueInfo]:
        conn = self._connect()
        default = conn.getDefault()
        found = []
        for name in sorted(conn.getPrinters()):
            a = _queue_attributes(conn, name) or {}
            found.append(
                QueueInfo(
                    name,
                    _PRINTER_STATES.get(int(a.get("printer-state", 0)), "unknown"),
                    bool(a.get("printer-is-accepting-jobs", False)),
                    str(a.get("printer-state-message", "")),
                    name == default,
                    tuple(str(m) for m in _as_list(a.get("media-supported"))),
                )
            )
        if self._queue and self._queue not in {q.name for q in found}:
            found.append(QueueInfo(self._queue, "missing", False, "", False))
        return found


def _queue_attributes(conn: Any, queue: str) -> dict[str, Any] | None:
    try:
        attrs: dict[str, Any] = conn.getPrinterAttributes(
            queue,
            requested_attributes=[
                "printer-is-accepting-jobs",
                "printer-state",
                "printer-state-message",
                "media-supported",
            ],
        )
    except cups.IPPError:
        return None
    return attrs


def _as_list(value: Any) -> list[Any]:
    """pycups gives a one-value attribute as the value, a several-value one as a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _ipp_text(error: Exception) -> str:
    """pycups raises IPPError(status, message): the message is the printer's own words."""
    args: tuple[object, ...] = tuple(getattr(error, "args", ()))
    return str(args[-1]) if args else str(error)
