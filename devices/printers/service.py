"""Printing a case's document, a ticket or a test page: render, record, send, wait."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from devices.printers import jobs
from devices.printers.base import Printer, PrinterError
from devices.printers.cups_printer import CupsPrinter
from devices.printers.folder import FolderPrinter
from terminal import case_events, casebook, catalogue_versions, clerks, confirmations, fees, pledges
from terminal.attachments import records as attachments
from terminal.attachments.files import attachments_folder
from terminal.clock import now
from terminal.config import Config
from terminal.documents.fonts import font_set
from terminal.documents.model import DOCUMENT_FOR_DECISION, case_document
from terminal.documents.render import Rendered, render_case, render_test_page
from terminal.i18n import tr
from terminal.store import Store


def printer_from_config(config: Config, data_dir: Path) -> Printer:
    kind, _, where = config.printer.partition(":")
    if kind == "folder":
        return FolderPrinter(Path(where) if where else data_dir / "prints")
    if kind == "cups":
        return CupsPrinter(where or None)
    raise PrinterError("printer.unknown_kind", value=config.printer)


def render_case_document(
    store: Store,
    config: Config,
    key: str,
    *,
    fmt: str | None = None,
    copy: bool = False,
    rate_later: bool = False,
) -> tuple[str, str, Rendered]:
    """(case id, document kind, rendered PDF) for a case's current decision; ``rate_later``:
    the counter could not ask for a rating, and a receipt says where the citizen rates."""
    detail = casebook.load_detail(store, key)
    # Pages captured at the counter, by material: the receipt and notice name them.
    scans = attachments.of_case(store.conn, detail["id"])
    detail["scanned"] = {a.material: a.pages for a in scans}
    detail.update(fees.recorded(store.conn, detail["id"]))  # fee and 加急, as sent
    case_events.for_documents(store.conn, detail)  # 补正后受理, 更正版, 撤回/作废 (issue 14)
    # Signed 告知承诺书 (issue 16): their envelopes beside the database, each verified first.
    folder = attachments_folder(store.path.parent)
    signed = (
        pledges.promise_pages(detail["materials"], folder)
        if detail["decision"] == "accepted"
        else []
    )
    # The citizen's signed confirmation of the application or of the notice, where the hall
    # asks for one (terminal/confirmations.py), after the paper it confirms.
    signed += confirmations.pages(scans, folder)
    if fmt == "roll" and detail["decision"] != "accepted":
        # Asked for by name: say no rather than quietly print the A4 a notice needs.
        document = tr("document." + DOCUMENT_FOR_DECISION[detail["decision"]])
        raise PrinterError("printer.notice_needs_a4", document=document)
    doc = case_document(
        detail,
        catalogue_versions.for_version(store.conn, str(detail.get("catalogue_version") or "")),
        config,
        # The name recorded with the case (a paper case's clerk may have no account here).
        clerk_name=detail.get("clerk_name") or clerks.display_name(store, detail["clerk"]),
        printed_at=now(),
        copy=copy,
        rate_later=rate_later,
    )
    if signed:
        doc = replace(doc, promises=signed)
    rendered = render_case(doc, fmt or config.receipt_format, font_set(config.font))
    return detail["id"], doc.document, rendered


def job_document(store: Store, case_id: str, document: str) -> str:
    """What a print job records as its document. A corrected case's re-issued paper (更正版
    第N版) is a new original of its own, ``receipt.vN``: printed once, as the first was, and
    not refused as the first one's second original."""
    fixes = [e for e in case_events.events_of(store.conn, case_id) if e.get("kind") == "corrected"]
    version = fixes[-1].get("version") if fixes else None
    return f"{document}.v{version}" if version else document


def print_case(
    store: Store,
    config: Config,
    printer: Printer,
    key: str,
    *,
    clerk: str,
    fmt: str | None = None,
    reprint: bool = False,
) -> tuple[jobs.Job, Rendered]:
    """Print the case's document. A reprint is marked as a copy and journaled."""
    case_id, document, rendered = render_case_document(store, config, key, fmt=fmt, copy=reprint)
    original = None
    if reprint:
        earlier = jobs.original_of(store, case_id)
        if earlier is None:
            raise jobs.JobRefused("printjob.nothing_to_reprint")
        original = earlier.id
    job_id = jobs.create(
        store,
        case_id=case_id,
        document=job_document(store, case_id, document),
        fmt=fmt or config.receipt_format,
        printer=printer.name,
        clerk=clerk,
        terminal=config.terminal_id,
        copy_of=original,
    )
    return jobs.run(
        store, printer, job_id, rendered.pdf, timeout=config.print_timeout_seconds
    ), rendered


def retry_job(store: Store, config: Config, printer: Printer, job_id: str) -> jobs.Job:
    job = jobs.get(store, job_id)

    def render() -> bytes:
        if job.document == "test_page":
            return render_test_page(
                config.hall, printer.name, now(), font_set(config.font), job.format
            ).pdf
        if job.case_id is None:
            raise jobs.JobRefused("printjob.cannot_rerender", job=job.id[:8])
        return render_case_document(
            store, config, job.case_id, fmt=job.format, copy=job.copy_of is not None
        )[2].pdf

    return jobs.retry(store, printer, job.id, render, timeout=config.print_timeout_seconds)


def print_test_page(
    store: Store, config: Config, printer: Printer, *, clerk: str, fmt: str = "a4"
) -> jobs.Job:
    rendered = render_test_page(config.hall, printer.name, now(), font_set(config.font), fmt)
    job_id = jobs.create(
        store,
        case_id=None,
        document="test_page",
        fmt=fmt,
        printer=printer.name,
        clerk=clerk,
        terminal=config.terminal_id,
    )
    return jobs.run(store, printer, job_id, rendered.pdf, timeout=config.print_timeout_seconds)
