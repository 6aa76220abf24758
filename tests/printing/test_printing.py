"""Printing through a real CUPS: recorded jobs, failures kept, retries that never print twice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from devices.printers import jobs, service
from devices.printers.base import PrinterError, QueueInfo, lacks_a4
from devices.printers.cups_printer import CupsPrinter
from devices.printers.folder import FolderPrinter
from terminal import journal
from terminal.config import Config
from terminal.store import Store

from ..polling import wait_until
from .conftest import QUEUE, Cups, page_text, qr_codes, run


def print_first(store: Store, config: Config, cases: list[str], printer: object = None) -> jobs.Job:
    p = printer or service.printer_from_config(config, Path("/nonexistent"))
    job, _ = service.print_case(store, config, p, cases[0], clerk="wang.li")  # type: ignore[arg-type]
    return job


def test_a_receipt_printed_through_cups_says_what_it_should(
    cups: Cups, store: Store, config: Config, cases: list[str], tmp_path: Path
) -> None:
    job = print_first(store, config, cases)
    assert job.state == "done" and job.printer_job
    [out] = cups.outputs(job.id)
    text = page_text(out)
    # What CUPS printed: the receipt number and the masked ID number, not the whole one...
    assert cases[0] in text and "340102********0030" in text and "340102199208150030" not in text
    # ...and the tracking QR reads back from the printed page.
    assert qr_codes(out, tmp_path) == [f"http://127.0.0.1:8700/track/{cases[0]}"]
    # The Chinese: cups-pdf re-renders through PostScript, which drops the text layer of
    # reportlab's TrueType subsets, so the printed page is compared with the PDF we sent
    # (whose text says 居住证办理 and 陈示例): same glyphs, same places.
    sent = tmp_path / "sent.pdf"
    sent.write_bytes(service.render_case_document(store, config, cases[0])[2].pdf)
    assert "居住证办理" in page_text(sent) and "陈示例" in page_text(sent)
    assert pixels_differ(sent, out, tmp_path) < 0.01


def pixels_differ(a: Path, b: Path, tmp_path: Path) -> float:
    """Share of pixels that differ between two one-page PDFs rendered in grey at the same size."""
    images = []
    for pdf in (a, b):
        run(
            "pdftoppm",
            "-gray",
            "-singlefile",
            "-scale-to-x",
            "600",
            "-scale-to-y",
            "848",
            str(pdf),
            str(tmp_path / pdf.stem),
        )
        images.append((tmp_path / f"{pdf.stem}.pgm").read_bytes()[-600 * 848 :])
    differing = sum(1 for x, y in zip(images[0], images[1], strict=True) if abs(x - y) > 96)
    return differing / (600 * 848)


def test_every_print_is_a_recorded_job(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    job = print_first(store, config, cases)
    assert [j.id for j in jobs.recent(store)] == [job.id]
    assert job.document == "receipt" and job.attempts == 1
    assert [e.action for e in journal.recent(store.conn, 1)] == ["print.created"]


def test_cups_down_fails_the_job_keeps_it_and_the_retry_prints_once(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    cups.stop()
    job = print_first(store, config, cases)
    assert job.state == "failed" and "CUPS" in (job.error or "")
    assert jobs.get(store, job.id).state == "failed"  # kept
    cups.start()
    retried = service.retry_job(store, config, service.printer_from_config(config, Path()), job.id)
    assert retried.state == "done" and retried.attempts == 2
    assert len(cups.outputs(job.id)) == 1


def test_a_stopped_queue_times_out_cancels_and_the_retry_prints_once(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    run("cupsdisable", QUEUE)
    job = print_first(store, config, cases)
    assert job.state == "failed" and "timeout" in (job.error or "")
    run("cupsenable", QUEUE)
    printer = service.printer_from_config(config, Path())
    retried = service.retry_job(store, config, printer, job.id)
    assert retried.state == "done"
    # The cancelled first attempt must not come out beside the retry.
    wait_until(lambda: len(cups.outputs(job.id)) >= 1, "the retry's output")
    assert len(cups.outputs(job.id)) == 1


def test_a_queue_that_refuses_jobs_is_named(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    run("cupsreject", QUEUE)
    job = print_first(store, config, cases)
    assert job.state == "failed" and "cupsaccept" in (job.error or "")


def test_a_missing_queue_is_named(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    job = print_first(store, replace(config, printer="cups:NoSuchQueue"), cases)
    assert job.state == "failed" and "NoSuchQueue" in (job.error or "")


def test_retrying_a_printed_job_never_prints_a_second_original(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    job = print_first(store, config, cases)
    with pytest.raises(jobs.JobRefused) as caught:
        service.retry_job(store, config, service.printer_from_config(config, Path()), job.id)
    assert "--reprint" in caught.value.text("en")
    assert len(cups.outputs(job.id)) == 1


def test_reprint_is_a_marked_journaled_copy(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    first = print_first(store, config, cases)
    printer = service.printer_from_config(config, Path())
    copy, _ = service.print_case(store, config, printer, cases[0], clerk="wang.li", reprint=True)
    assert copy.state == "done" and copy.copy_of == first.id
    entry = journal.recent(store.conn, 1)[0]
    assert entry.action == "print.reprint" and entry.details["copy_of"] == first.id


def test_a_crash_between_sending_and_recording_is_settled_without_a_second_copy(
    cups: Cups, store: Store, config: Config, cases: list[str]
) -> None:
    printer = CupsPrinter(QUEUE)
    case_id, document, rendered = service.render_case_document(store, config, cases[0])
    job_id = jobs.create(
        store,
        case_id=case_id,
        document=document,
        fmt="a4",
        printer=printer.name,
        clerk="w",
        terminal="XH-W09",
    )
    printer.submit(job_id, rendered.pdf)  # ...and the program dies before writing "sent"
    assert jobs.get(store, job_id).state == "created"
    wait_until(lambda: len(cups.outputs(job_id)) == 1, "the first copy")
    # Start-up reconciliation finds the job by its id; once CUPS reports it complete it is done.
    jobs.reconcile(store, printer)
    assert jobs.get(store, job_id).printer_job is not None
    wait_until(
        lambda: jobs.reconcile_one(store, printer, jobs.get(store, job_id)).state == "done",
        "CUPS to finish",
    )
    with pytest.raises(jobs.JobRefused):
        service.retry_job(store, config, printer, job_id)
    assert len(cups.outputs(job_id)) == 1


def test_the_folder_printer_writes_whole_files(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    config = replace(Config(), printer=f"folder:{tmp_path / 'out'}")
    printer = service.printer_from_config(config, tmp_path)
    assert isinstance(printer, FolderPrinter)
    job, _ = service.print_case(store, config, printer, cases[1], clerk="w")
    assert job.state == "done"
    [out] = list((tmp_path / "out").iterdir())
    assert out.name == f"{job.id}.pdf" and "补正材料通知书" in page_text(out)


def test_an_unwritable_folder_is_a_named_failure(
    store: Store, cases: list[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    config = replace(Config(), printer=f"folder:{blocker / 'sub'}")
    job, _ = service.print_case(
        store, config, service.printer_from_config(config, tmp_path), cases[0], clerk="w"
    )
    assert job.state == "failed" and str(blocker) in (job.error or "")


def test_printer_list_names_the_state(cups: Cups) -> None:
    queues = {q.name: q for q in CupsPrinter(QUEUE).queues()}
    assert queues[QUEUE].accepting and queues[QUEUE].state == "idle"
    # The PDF queue offers A4 (as CUPS reports it): notices can be printed there.
    assert "iso_a4_210x297mm" in queues[QUEUE].media and not lacks_a4(queues[QUEUE])
    cups.stop()
    with pytest.raises(PrinterError) as caught:
        CupsPrinter(QUEUE).queues()
    assert caught.value.msg_id == "printer.cups_down"


def test_a_roll_only_printer_is_named_by_the_doctor_for_notices() -> None:
    roll = QueueInfo("TM-T88", "idle", True, "", True, ("oe_80x297mm", "oe_80x3276mm"))
    a4 = replace(roll, name="HP", media=("iso_a4_210x297mm", "iso_a5_148x210mm"))
    unknown = replace(roll, media=())
    assert lacks_a4(roll) and not lacks_a4(a4) and not lacks_a4(unknown)


def test_the_doctor_warns_when_the_windows_printer_has_no_a4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devices.printers import doctor as printer_doctor
    from terminal.doctor import Patient, Status

    class RollPrinter:
        name = "cups:TM-T88"

        def queues(self) -> list[QueueInfo]:
            return [QueueInfo("TM-T88", "idle", True, "", True, ("oe_80x297mm",))]

    monkeypatch.setattr(printer_doctor, "printer_from_config", lambda *_: RollPrinter())
    found = {c.id: c for c in printer_doctor.checks(Patient(tmp_path, tmp_path / "c.toml"))}
    assert found["printer"].status is Status.OK
    assert found["printer_a4"].status is Status.WARNING and "TM-T88" in found["printer_a4"].summary
    assert "A4" in found["printer_a4"].summary
