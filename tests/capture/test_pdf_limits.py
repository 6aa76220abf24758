"""a PDF from a stick is held to the limits an image file is held to."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from devices.capture.base import MAX_PAGES, CaptureError, CaptureFailure
from devices.capture.files import read_document

ROOT = Path(__file__).resolve().parents[2]


def test_a_pdf_of_a_thousand_pages_is_refused_like_a_gif_of_them(tmp_path: Path) -> None:
    # One blank page repeated: a few kB on the stick, 1,000 pages of one material for the case,
    # the portal and the archive (20,000 pages are 185 kB and read in 0.3 s just the same).
    # A multi-frame image of more than MAX_PAGES is refused.
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for _ in range(999):
        pdf.pages.append(pdf.pages[0])
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    path = tmp_path / "银行流水.pdf"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 1_000_000
    with pytest.raises(CaptureError) as refused:
        read_document(path)
    assert refused.value.kind is CaptureFailure.TOO_MANY_PAGES, MAX_PAGES


# Run apart: the peak memory of reading one file is the process's own.
_BOMB = """
import io, resource, sys, zlib
from pathlib import Path
import pikepdf
z = zlib.compressobj(9)
packed = b"".join([z.compress(b" " * (1 << 20)) for _ in range(512)] + [z.flush()])
pdf = pikepdf.new()
pdf.add_blank_page()
stream = pikepdf.Stream(pdf, packed)
stream.Filter = pikepdf.Name.FlateDecode
pdf.pages[0].Contents = stream
path = Path(sys.argv[1])
pdf.save(path, compress_streams=False)
del pdf, stream, packed
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from devices.capture.base import CaptureError
from devices.capture.files import read_document
try:
    read_document(path)
except CaptureError:
    pass
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(path.stat().st_size, (after - before) // 1024)
"""


def test_a_half_megabyte_pdf_does_not_take_half_a_gigabyte_to_read(tmp_path: Path) -> None:
    # A page whose content stream inflates 1000:1 (512 MB of spaces in a 0.5 MB file): the
    # page digest decodes it whole on the capture thread. The 50 MB file limit allows ~50 GB:
    # the counter window is killed by the kernel with the citizen's case open.
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _BOMB, str(tmp_path / "电子证照.pdf")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    size, grown_mb = (int(v) for v in done.stdout.split())
    assert size < 1_000_000
    assert grown_mb < 100, f"{grown_mb} MB to read a {size // 1000} kB file"
