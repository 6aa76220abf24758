"""One A4 page to a material PDF: from a document camera's still, and from a 300 dpi scan.

Camera: a synthetic 2592 x 1944 photo of a skewed page (tests/capture/synthetic.py) ->
find the sheet -> straighten to A4 at 200 dpi -> JPEG -> PDF. Also the corner error.
Scan: SANE's test backend (real libsane, in the worker process) -> A4 greyscale at
300 dpi -> JPEG (in the worker) -> PDF; the time includes the backend making the image.

Run: .venv/bin/python -m bench.capture_pdf [--n 15]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from devices.capture.base import Page, Source, page_from_image
from devices.capture.pdf import PAGE_BUDGET, material_pdf, upload_seconds, within_budget
from devices.capture.sane_scanner import SaneProcess, SaneScanner
from devices.capture.sheet import A4_MM, black_and_white, find_sheet, straighten
from tests.capture.conftest import TEST_CONF
from tests.capture.synthetic import photo_of, skewed_corners


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms"


def camera(n: int) -> None:
    find, warp, encode, pdf, errors, sizes = [], [], [], [], [], []
    for seed in range(n):
        truth = skewed_corners(seed)
        photo = photo_of(truth, seed)
        t0 = time.perf_counter()
        found = find_sheet(photo)
        t1 = time.perf_counter()
        a4 = straighten(photo, found, A4_MM, 200)
        t2 = time.perf_counter()
        page = within_budget(page_from_image(a4, 200))  # as the window does (ui/capture/images)
        t3 = time.perf_counter()
        material_pdf([page], "BENCH-0001", "M-1")
        t4 = time.perf_counter()
        find.append(t1 - t0)
        warp.append(t2 - t1)
        encode.append(t3 - t2)
        pdf.append(t4 - t3)
        errors.append(float(np.linalg.norm(found.corners - truth, axis=1).max()))
        sizes.append(page.size)
    total = [sum(x) for x in zip(find, warp, encode, pdf, strict=True)]
    print(f"camera still 2592x1944 -> A4 200 dpi, n={n}")
    print(f"  find sheet   {_ms(find)}")
    print(f"  straighten   {_ms(warp)}")
    print(f"  JPEG, fitted {_ms(encode)}")
    print(f"  PDF          {_ms(pdf)}")
    print(f"  total        {_ms(total)}")
    print(
        f"  corner error (worst of 4 per photo): median {statistics.median(errors):.2f} px, "
        f"max {max(errors):.2f} px"
    )
    size = statistics.median(sizes)
    print(f"  page size median {size / 1000:.0f} kB, {upload_seconds(int(size)):.2f} s at 2 Mbit/s")
    bw = within_budget(page_from_image(black_and_white(a4), 200))
    print(f"  black-and-white page {bw.size / 1000:.0f} kB")


def scan(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "dll.conf").write_text("test\n")
        (folder / "test.conf").write_text(TEST_CONF)  # the 10 mm grid: line art, like print
        process = SaneProcess({"SANE_CONFIG_DIR": str(folder)})
        try:
            scanner = SaneScanner(process, "test:0")
            scanner.sources()  # the worker started and the options read, as at the window
            scans, pdfs, sizes = [], [], []
            for _ in range(n):
                pages: list[Page] = []
                t0 = time.perf_counter()
                scanner.scan(Source.FLATBED, pages.append)
                t1 = time.perf_counter()
                material_pdf(pages, "BENCH-0001", "M-1")
                t2 = time.perf_counter()
                scans.append(t1 - t0)
                pdfs.append(t2 - t1)
                sizes.append(pages[0].size)
        finally:
            process.close()
    print(f"scan A4 300 dpi greyscale (SANE test backend), n={n}")
    print(f"  scan+JPEG    {_ms(scans)}")
    print(f"  PDF          {_ms(pdfs)}")
    print(f"  total        {_ms([a + b for a, b in zip(scans, pdfs, strict=True)])}")
    size = statistics.median(sizes)
    print(f"  page size median {size / 1000:.0f} kB (budget {PAGE_BUDGET / 1000:.0f} kB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=15)
    args = parser.parse_args()
    camera(args.n)
    scan(args.n)


if __name__ == "__main__":
    main()
