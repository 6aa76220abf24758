"""A real CUPS with a cups-pdf queue, started by the suite, and cases to print."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from terminal.catalogue import load_default
from terminal.config import Config
from terminal.importer import import_file
from terminal.store import Store
from terminal.workdays import default_calendar

from ..polling import wait_until

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "TongbanTestPDF"
PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


def run(*cmd: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=30)


def scheduler_running() -> bool:
    return (
        shutil.which("lpstat") is not None
        and "is running" in run("lpstat", "-r", check=False).stdout
    )


class Cups:
    """Start, stop and inspect the real scheduler the tests print through."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.output = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"

    def start(self) -> None:
        if scheduler_running():
            return
        self.process = subprocess.Popen(
            ["cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(scheduler_running, "cupsd to start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
        else:
            run("pkill", "-x", "cupsd", check=False)
        wait_until(lambda: not scheduler_running(), "cupsd to stop")

    def ensure_queue(self) -> None:
        run("lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-m", PPD)
        run("cupsenable", QUEUE)
        run("cupsaccept", QUEUE)

    def outputs(self, job_id: str) -> list[Path]:
        """cups-pdf names each file after the job title, which is our job id."""
        if not self.output.exists():
            return []
        return sorted(p for p in self.output.glob("*.pdf") if job_id in p.name)


@pytest.fixture(scope="session")
def cups_server() -> Iterator[Cups]:
    for tool in ("cupsd", "lpadmin", "pdftotext", "zbarimg", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} is missing: ./dev installs cups, printer-driver-cups-pdf, poppler-utils, zbar-tools"
            )
    server = Cups()
    started_here = not scheduler_running()
    server.start()
    server.ensure_queue()
    yield server
    if started_here:
        server.stop()


@pytest.fixture
def cups(cups_server: Cups) -> Cups:
    """The scheduler running and the queue enabled and accepting, whatever the last test did."""
    cups_server.start()
    cups_server.ensure_queue()
    return cups_server


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return replace(
        Config(), printer=f"cups:{QUEUE}", print_timeout_seconds=5, terminal_id="XH-W09", window=9
    )


@pytest.fixture
def cases(store: Store) -> list[str]:
    """The documented example cases: accepted, needs correction, rejected, a bundle; their receipt numbers."""
    result = import_file(
        store,
        ROOT / "docs" / "examples" / "case-import.json",
        catalogue=load_default(),
        calendar=default_calendar(),
        terminal_id="XH-W09",
        actor="sup.test",
    )
    return result.receipt_nos


def page_text(pdf: Path, *, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return run(*args).stdout


def qr_codes(pdf: Path, tmp_path: Path) -> list[str]:
    prefix = tmp_path / pdf.stem
    run("pdftoppm", "-r", "150", "-png", str(pdf), str(prefix))
    found = []
    for png in sorted(tmp_path.glob(f"{pdf.stem}*.png")):
        out = run("zbarimg", "-q", "--raw", str(png), check=False).stdout
        found += [line for line in out.splitlines() if line]
    return found
