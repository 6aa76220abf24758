"""Window-side printing: render on the print worker, preview, then print the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from terminal.i18n import tr as core_text
from terminal.store import Store
from ui.context import AppContext

if TYPE_CHECKING:  # reportlab and the printer backends load when the first document is made
    from devices.printers.jobs import Job
    from terminal.documents.render import Rendered


@dataclass(frozen=True)
class Prepared:
    case_id: str
    document: str
    rendered: Rendered
    reprint: bool


def prepare_job(
    ctx: AppContext, key: str, reprint: bool, rate_later: bool = False
) -> Callable[[Store], Prepared]:
    """A store job: the case's current document as PDF bytes."""

    def job(store: Store) -> Prepared:
        from devices.printers import service

        case_id, document, rendered = service.render_case_document(
            store, ctx.config, key, copy=reprint, rate_later=rate_later
        )
        return Prepared(case_id, document, rendered, reprint)

    return job


def print_job(
    ctx: AppContext, prepared: Prepared, clerk: str, retry_of: str | None
) -> Callable[[Store], Job]:
    """A print-worker job: print exactly the previewed bytes (or retry the failed job with them)."""

    def job(store: Store) -> Job:
        from devices.printers import jobs, service

        printer = service.printer_from_config(ctx.config, ctx.data_dir)
        if retry_of is not None:
            return jobs.retry(
                store,
                printer,
                retry_of,
                lambda: prepared.rendered.pdf,
                timeout=ctx.config.print_timeout_seconds,
            )
        copy_of = None
        if prepared.reprint:
            earlier = jobs.original_of(store, prepared.case_id)
            copy_of = earlier.id if earlier else None
        job_id = jobs.create(
            store,
            case_id=prepared.case_id,
            document=service.job_document(store, prepared.case_id, prepared.document),
            fmt=ctx.config.receipt_format,
            printer=printer.name,
            clerk=clerk,
            terminal=ctx.config.terminal_id,
            copy_of=copy_of,
        )
        return jobs.run(
            store, printer, job_id, prepared.rendered.pdf, timeout=ctx.config.print_timeout_seconds
        )

    return job


def outcome_text(job: Job) -> tuple[bool, str]:
    if job.state == "done":
        return True, core_text("printjob.state.done")
    if job.state == "failed":
        return False, f"{job.error or ''}\n" + core_text("printjob.failed_kept", job=job.id[:8])
    return False, core_text("printjob.still_sent", job=job.id[:8])
