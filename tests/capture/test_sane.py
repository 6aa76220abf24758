"""Scanning through real libsane (the test backend) in the worker process."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from typing import Any

import pytest
from PIL import Image

from devices.capture.base import CaptureError, CaptureFailure, Page, Source
from devices.capture.sane_scanner import SaneProcess, SaneScanner, devices

pytestmark = pytest.mark.slow


# One byte per 0.2 s read: an A4 page would take days, so the backend never returns.
SLOW = (
    ("read-limit", True),
    ("read-limit-size", 1),
    ("read-delay", True),
    ("read-delay-duration", 200000),
)


class Injected(SaneScanner):
    """The test backend with extra options set before each scan (its fault injection)."""

    def __init__(self, process: SaneProcess, extra: tuple[tuple[str, str], ...]) -> None:
        super().__init__(process, "test:0")
        self.extra = extra
        self.dpi = 75  # the grid is the same at any resolution; fewer bytes keeps tests quick

    def _sources(self) -> Any:
        return {s: (*st, *self.extra) for s, st in super()._sources().items()}


def _scan(scanner: SaneScanner, source: Source) -> tuple[list[Page], CaptureError | None]:
    pages: list[Page] = []
    try:
        scanner.scan(source, pages.append)
    except CaptureError as e:
        return pages, e
    return pages, None


def test_the_test_scanner_is_found_and_offers_flatbed_and_feeder(sane_process: SaneProcess) -> None:
    names = [d[0] for d in devices(sane_process)]
    assert names == ["test:0"]
    assert SaneScanner(sane_process, "test:0").sources() == (Source.FLATBED, Source.FEEDER)


def test_an_unknown_model_scans_from_its_default_only(sane_process: SaneProcess) -> None:
    scanner = SaneScanner(sane_process, "test:0")
    scanner._offered = None
    from devices.capture import sources

    table = sources.MAPPING.pop("test")
    try:
        assert scanner.sources() == (Source.FLATBED,)
    finally:
        sources.MAPPING["test"] = table


def test_flatbed_gives_one_a4_page_at_the_asked_resolution(sane_process: SaneProcess) -> None:
    scanner = SaneScanner(sane_process, "test:0")
    scanner.dpi = 150
    pages, error = _scan(scanner, Source.FLATBED)
    assert error is None and len(pages) == 1
    image = Image.open(io.BytesIO(pages[0].jpeg))
    assert image.format == "JPEG" and image.mode == "L"
    # 210 x 297 mm at 150 dpi: 1240 x 1754 pixels, within the backend's rounding
    assert abs(image.width - 1240) <= 2 and abs(image.height - 1754) <= 2
    assert pages[0].dpi == 150


def test_the_feeder_gives_all_ten_sheets_then_stops(sane_process: SaneProcess) -> None:
    pages, error = _scan(Injected(sane_process, ()), Source.FEEDER)
    assert error is None
    assert len(pages) == 10


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("SANE_STATUS_JAMMED", CaptureFailure.JAMMED),
        ("SANE_STATUS_COVER_OPEN", CaptureFailure.COVER_OPEN),
        ("SANE_STATUS_DEVICE_BUSY", CaptureFailure.BUSY),
        ("SANE_STATUS_IO_ERROR", CaptureFailure.IO),
        ("SANE_STATUS_NO_DOCS", CaptureFailure.NO_PAPER),
        ("SANE_STATUS_ACCESS_DENIED", CaptureFailure.ACCESS_DENIED),
    ],
)
def test_each_fault_is_named_with_what_to_do(
    sane_process: SaneProcess, status: str, kind: CaptureFailure
) -> None:
    scanner = Injected(sane_process, (("read-return-value", status),))
    pages, error = _scan(scanner, Source.FEEDER)
    assert error is not None and error.kind is kind
    assert pages == []
    text = error.text("zh_CN")
    assert not text.startswith("capture.failure"), text  # a sentence, not a message id


def test_an_empty_feeder_says_so(sane_process: SaneProcess) -> None:
    # The test backend reopens with a full feeder; NO_DOCS on the first sheet is "empty".
    scanner = Injected(sane_process, (("read-return-value", "SANE_STATUS_NO_DOCS"),))
    pages, error = _scan(scanner, Source.FEEDER)
    assert pages == [] and error is not None and error.kind is CaptureFailure.NO_PAPER
    assert "放入" in error.text("zh_CN")
    assert "put the material" in error.text("en").lower()


def test_a_backend_that_hangs_is_cut_off_and_the_next_scan_works(sane_dir: Any) -> None:
    process = SaneProcess({"SANE_CONFIG_DIR": str(sane_dir)}, timeout=30.0)
    try:
        hanging = Injected(process, SLOW)  # type: ignore[arg-type]
        hanging.sources()  # started and asked at leisure: only the scan is timed
        process.timeout = 3.0
        started = time.monotonic()
        pages, error = _scan(hanging, Source.FLATBED)
        assert error is not None and error.kind is CaptureFailure.HUNG
        assert time.monotonic() - started < 15
        assert process.pid() is None  # the stuck process is gone
        process.timeout = 30.0  # a fresh process starts: a loaded machine may take seconds
        pages, error = _scan(Injected(process, ()), Source.FLATBED)
        assert error is None and len(pages) == 1
    finally:
        process.close()


def test_a_backend_that_crashes_ends_only_its_process(sane_process: SaneProcess) -> None:
    scanner = Injected(sane_process, SLOW)  # type: ignore[arg-type]
    scanner.sources()
    pid = sane_process.pid()
    assert pid is not None and pid != os.getpid()
    threading.Timer(1.0, os.kill, (pid, signal.SIGKILL)).start()
    pages, error = _scan(scanner, Source.FLATBED)
    assert error is not None and error.kind is CaptureFailure.CRASHED
    pages, error = _scan(Injected(sane_process, ()), Source.FLATBED)
    assert error is None and len(pages) == 1


def test_the_scan_after_a_failed_page_handler_gets_its_own_answer(
    sane_process: SaneProcess,
) -> None:
    scanner = Injected(sane_process, ())

    def broken(_page: Page) -> None:  # the dialog's thumbnail, out of memory on a huge page
        raise MemoryError

    with pytest.raises(MemoryError):
        scanner.scan(Source.FEEDER, broken)
    # The worker was still feeding nine more pages into the pipe: they must not become the
    # next scan's answer.
    pages, error = _scan(scanner, Source.FLATBED)
    assert error is None and len(pages) == 1


def test_a_feeder_that_never_runs_dry_stops_at_the_page_limit(
    sane_process: SaneProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("devices.capture.sane_scanner.MAX_PAGES", 3)
    scanner = Injected(sane_process, ())
    pages, error = _scan(scanner, Source.FEEDER)  # ten sheets in the test feeder
    assert error is not None and error.kind is CaptureFailure.TOO_MANY_PAGES
    assert len(pages) == 3  # what was scanned stays with the clerk
    pages, error = _scan(scanner, Source.FLATBED)
    assert error is None and len(pages) == 1
