"""Print jobs: created → sent → done | failed, recorded in the store, never printed twice.

- A job is written (state ``created``) before the printer sees it, and
  ``sent`` with the printer's reference as soon as the printer accepted it.
- ``retry`` prints again only a job the printer confirms did not print.
- ``reconcile`` settles jobs left ``created`` or ``sent`` by a crash, by
  asking the printer, which knows each job by its id (the job's title).
- A reprint is a new job marked as a copy, journaled.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from devices.printers.base import JobState, Printer, PrinterError
from terminal import journal, logs
from terminal.clock import now, stamp
from terminal.i18n import TongbanError
from terminal.store import Store


class JobRefused(TongbanError):
    pass


@dataclass(frozen=True)
class Job:
    id: str
    case_id: str | None
    document: str
    format: str
    printer: str
    copy_of: str | None
    state: str
    printer_job: str | None
    error: str | None
    attempts: int
    created_at: str


def get(store: Store, job_id: str) -> Job:
    row = store.conn.execute(
        "SELECT id, case_id, document, format, printer, copy_of, state, printer_job, error, attempts, created_at"
        " FROM print_jobs WHERE id = ? OR id LIKE ? || '%' ORDER BY id = ? DESC LIMIT 1",
        (job_id, job_id, job_id),
    ).fetchone()
    if row is None:
        raise JobRefused("printjob.unknown", job=job_id)
    return Job(*tuple(row))


def recent(store: Store, limit: int = 30, only_open: bool = False) -> list[Job]:
    where = "WHERE state != 'done'" if only_open else ""
    rows = store.conn.execute(
        "SELECT id, case_id, document, format, printer, copy_of, state, printer_job, error, attempts, created_at"
        f" FROM print_jobs {where} ORDER BY created_at DESC, rowid DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [Job(*tuple(r)) for r in rows]


def original_of(store: Store, case_id: str, document: str | None = None) -> Job | None:
    """The case's original (not a copy) that printed or may have printed: a job that failed
    for certain does not count. ``document=None``: of any document of the case."""
    row = store.conn.execute(
        "SELECT id, case_id, document, format, printer, copy_of, state, printer_job, error,"
        " attempts, created_at FROM print_jobs WHERE case_id = ? AND copy_of IS NULL"
        " AND state != 'failed' AND (? IS NULL OR document = ?)"
        " ORDER BY created_at DESC, rowid DESC LIMIT 1",
        (case_id, document, document),
    ).fetchone()
    return Job(*tuple(row)) if row else None


def create(
    store: Store,
    *,
    case_id: str | None,
    document: str,
    fmt: str,
    printer: str,
    clerk: str,
    terminal: str,
    copy_of: str | None = None,
    at: datetime | None = None,
) -> str:
    job_id = str(uuid.uuid4())
    when = at or now()
    with store.write():
        if case_id is not None and copy_of is None:
            # Checked in the job's own transaction, so two windows cannot both print one.
            earlier = original_of(store, case_id, document)
            if earlier is not None:
                raise JobRefused("printjob.original_exists", job=earlier.id[:8])
        store.conn.execute(
            "INSERT INTO print_jobs (id, case_id, document, format, printer, copy_of, state, clerk,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)",
            (job_id, case_id, document, fmt, printer, copy_of, clerk, stamp(when), stamp(when)),
        )
        journal.append(
            store.conn,
            at=when,
            actor=clerk,
            terminal=terminal,
            action="print.reprint" if copy_of else "print.created",
            subject=case_id or job_id,
            details={
                "job": job_id,
                "document": document,
                **({"copy_of": copy_of} if copy_of else {}),
            },
        )
    return job_id


log = logs.get("print")


def _set(
    store: Store,
    job_id: str,
    state: str,
    *,
    ref: str | None = None,
    error: str | None = None,
    attempt: bool = False,
) -> None:
    log.info("print job %s %s%s", job_id, state, f": {error}" if error else "")
    with store.write():
        store.conn.execute(
            "UPDATE print_jobs SET state = ?, printer_job = COALESCE(?, printer_job), error = ?,"
            " attempts = attempts + ?, updated_at = ? WHERE id = ?",
            (state, ref, error, 1 if attempt else 0, stamp(now()), job_id),
        )


def run(
    store: Store,
    printer: Printer,
    job_id: str,
    pdf: bytes,
    *,
    timeout: float,
    poll: float = 0.3,
    sleep: Callable[[float], None] = time.sleep,
) -> Job:
    """Send the job and wait until the printer says done or failed (or the timeout cancels it)."""
    _set(store, job_id, "created", attempt=True)
    try:
        ref = printer.submit(job_id, pdf)
    except PrinterError as e:
        _set(store, job_id, "failed", error=e.text())
        return get(store, job_id)
    _set(store, job_id, "sent", ref=ref)
    return wait(store, printer, job_id, ref, timeout=timeout, poll=poll, sleep=sleep)


def wait(
    store: Store,
    printer: Printer,
    job_id: str,
    ref: str,
    *,
    timeout: float,
    poll: float,
    sleep: Callable[[float], None],
) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        try:
            outcome = printer.outcome(ref)
        except PrinterError as e:  # CUPS went away after accepting: the job is still in its spool
            _set(store, job_id, "sent", error=e.text())
            return get(store, job_id)
        if outcome.state is JobState.DONE:
            _set(store, job_id, "done", error=None)
            return get(store, job_id)
        if outcome.state is JobState.FAILED:
            _set(store, job_id, "failed", error=outcome.message or "failed")
            return get(store, job_id)
        if time.monotonic() >= deadline:
            # Withdraw it, so that re-enabling the queue cannot print it beside a retry.
            if printer.cancel(ref):
                _set(store, job_id, "failed", error=f"timeout; {outcome.message}".strip("; "))
            else:
                _set(store, job_id, "sent", error=f"timeout; {outcome.message}".strip("; "))
            return get(store, job_id)
        sleep(poll)


def retry(
    store: Store, printer: Printer, job_id: str, render: Callable[[], bytes], *, timeout: float
) -> Job:
    """Print a failed job again, unless the printer says it printed after all."""
    job = reconcile_one(store, printer, get(store, job_id))
    if job.state == "done":
        raise JobRefused("printjob.already_printed", job=job.id[:8])
    if job.state == "sent":
        raise JobRefused("printjob.still_at_printer", job=job.id[:8])
    return run(store, printer, job.id, render(), timeout=timeout)


def reconcile_one(store: Store, printer: Printer, job: Job) -> Job:
    """Settle what the printer knows of a job: found printed → done; lost before sending → failed."""
    ref = job.printer_job
    if ref is None and job.state in ("created", "sent", "failed"):
        try:
            ref = printer.find(job.id)
        except PrinterError:
            return job
        if ref is None:
            if job.state == "created":
                _set(store, job.id, "failed", error="not sent (interrupted)")
            return get(store, job.id)
        _set(store, job.id, job.state, ref=ref)
    if ref is None or job.state == "done":
        return get(store, job.id)
    try:
        outcome = printer.outcome(ref)
    except PrinterError:
        return get(store, job.id)
    if outcome.state is JobState.DONE:
        _set(store, job.id, "done", error=None)
    elif outcome.state is JobState.FAILED:
        _set(store, job.id, "failed", error=outcome.message or job.error)
    else:
        _set(store, job.id, "sent", error=job.error)
    return get(store, job.id)


def reconcile(store: Store, printer: Printer) -> list[Job]:
    """At start-up and on request: settle every job a crash or an outage left open."""
    return [
        reconcile_one(store, printer, j)
        for j in recent(store, 200, only_open=True)
        if j.printer == printer.name
    ]
