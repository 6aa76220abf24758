"""``tongban printers``, ``tongban print ...`` and ``tongban receipt``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminal import authority, clerks, private
from terminal.context import Context
from terminal.i18n import tr

if TYPE_CHECKING:  # printing modules load reportlab: only when a print command runs
    from devices.printers import jobs

EXIT_FAILED = 1


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("printers", parents=[common], help=tr("help.printers"))
    p.set_defaults(run=cmd_printers)

    p = commands.add_parser("print", parents=[common], help=tr("help.print"))
    p.add_argument("target", metavar="CASE|test-page|jobs|retry", help=tr("help.print.target"))
    p.add_argument("job", nargs="?", help=tr("help.print.job"))
    p.add_argument("--format", choices=["roll", "a4"], default=None)
    p.add_argument("--reprint", action="store_true", help=tr("help.print.reprint"))
    p.set_defaults(run=cmd_print)

    p = commands.add_parser("receipt", parents=[common], help=tr("help.receipt"))
    p.add_argument("case", help=tr("help.receipt.case"))
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--format", choices=["roll", "a4"], default=None)
    p.set_defaults(run=cmd_receipt)


def cmd_printers(ctx: Context, args: argparse.Namespace) -> int:
    from devices.printers import service
    from devices.printers.base import PrinterError

    printer = service.printer_from_config(ctx.config, ctx.data_dir)
    print(tr("printer.configured", printer=printer.name))
    try:
        queues = printer.queues()
    except PrinterError as e:
        print(e.text())
        return EXIT_FAILED
    if not queues:
        print(tr("printer.no_queues"))
    for q in queues:
        mark = "*" if q.is_default else " "
        accepting = tr("printer.accepting") if q.accepting else tr("printer.not_accepting_short")
        print(f" {mark} {q.name:<24} {tr('printer.state.' + q.state)}  {accepting}  {q.message}")
    return 0


def cmd_print(ctx: Context, args: argparse.Namespace) -> int:
    from devices.printers import jobs, service

    store = ctx.store()
    printer = service.printer_from_config(ctx.config, ctx.data_dir)
    if args.target == "jobs":
        jobs.reconcile(store, printer)  # settle what an outage or a crash left open
        for job in jobs.recent(store):
            print(job_line(job))
        return 0
    if args.target == "retry":
        if not args.job:
            print(tr("printjob.retry_needs_id"))
            return 2
        return report(service.retry_job(store, ctx.config, printer, args.job))
    if args.target == "test-page":
        return report(
            service.print_test_page(
                # A test page holds nobody's data: the terminal itself prints it.
                store,
                ctx.config,
                printer,
                clerk="system",
                fmt=args.format or "a4",
            )
        )
    # A copy says a document exists twice: a supervisor or admin decides, and is journaled.
    # An original is a citizen's document too: whoever prints it signs in, so the journal
    # names a person, never a name typed on the command line.
    if args.reprint:
        clerk = authority.sign_in(ctx, "reprint")
    else:
        clerk = authority.sign_in(ctx, "print", need=tuple(clerks.Role))
    job, rendered = service.print_case(
        store,
        ctx.config,
        printer,
        args.target,
        clerk=clerk,
        fmt=args.format,
        reprint=args.reprint,
    )
    warn_glyphs(rendered.missing_glyphs)
    return report(job)


def cmd_receipt(ctx: Context, args: argparse.Namespace) -> int:
    from devices.printers import service

    _, document, rendered = service.render_case_document(
        ctx.store(), ctx.config, args.case, fmt=args.format
    )
    private.write_bytes(args.out, rendered.pdf)  # a receipt names the applicant: 0600
    print(
        tr(
            "printjob.rendered",
            document=tr("document." + document.partition(".v")[0]),
            path=str(args.out),
        )
    )
    warn_glyphs(rendered.missing_glyphs)
    return 0


def warn_glyphs(missing: list[str]) -> None:
    if missing:
        print(tr("doc.missing_glyphs", chars=" ".join(missing)))


def job_line(job: jobs.Job) -> str:
    copy = tr("printjob.copy_mark") if job.copy_of else ""
    error = f"  {job.error}" if job.error and job.state != "done" else ""
    kind = job.document.partition(".v")[0]  # receipt.v2: the receipt's second paper (更正版)
    return (
        f"{job.id[:8]}  {job.created_at[:16].replace('T', ' ')}  {tr('document.' + kind)}{copy}  "
        f"{tr('printjob.state.' + job.state)}  {job.printer}{error}"
    )


def report(job: jobs.Job) -> int:
    print(job_line(job))
    if job.state == "done":
        return 0
    if job.state == "failed":
        print(tr("printjob.failed_kept", job=job.id[:8]))
    else:
        print(tr("printjob.still_sent", job=job.id[:8]))
    return EXIT_FAILED
