"""One PDF per material: the JPEG bytes kept, the case and page digests inside, the budget."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from devices.capture.base import CaptureError, CaptureFailure, Page, page_from_image
from devices.capture.files import documents_in, read_document
from devices.capture.pdf import (
    PAGE_BUDGET,
    material_pdf,
    read_metadata,
    upload_seconds,
    within_budget,
)


def _text_page(dpi: int = 150, seed: int = 1) -> Page:
    """A4 of dark 'lines of text' on white, at ``dpi``."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    pixels = np.full((height, width), 245, np.uint8)
    rng = np.random.default_rng(seed)
    for top in range(dpi, height - dpi, dpi // 4):
        for left in range(dpi // 2, width - dpi, dpi // 8):
            if rng.random() < 0.8:
                pixels[top : top + dpi // 10, left : left + dpi // 12] = 20
    return page_from_image(Image.fromarray(pixels, "L"), dpi)


def test_the_pdf_holds_the_very_jpeg_bytes_and_says_whose_it_is() -> None:
    pages = [_text_page(seed=1), _text_page(seed=2)]
    made = material_pdf(pages, "WX-2026-000123", "M-ID-COPY")
    assert made.pages == 2
    assert made.page_sha256 == tuple(hashlib.sha256(p.jpeg).hexdigest() for p in pages)
    for page in pages:
        assert page.jpeg in made.data  # embedded, not decoded and encoded again
    meta = read_metadata(made.data)
    assert meta["case"] == "WX-2026-000123"
    assert meta["material"] == "M-ID-COPY"
    assert meta["pages"].split() == list(made.page_sha256)
    with pikepdf.open(io.BytesIO(made.data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2] == pytest.approx(595.3, abs=1) and box[3] == pytest.approx(841.9, abs=1)


def test_the_same_pages_make_the_same_file() -> None:
    pages = [_text_page()]
    assert material_pdf(pages, "C1", "M1").data == material_pdf(pages, "C1", "M1").data


def test_a_page_over_budget_is_made_smaller_and_a_page_within_is_untouched() -> None:
    rng = np.random.default_rng(3)
    noise = Image.fromarray(rng.integers(0, 255, (3508, 2480, 3), np.uint8), "RGB")
    big = page_from_image(noise, 300, 90)
    assert big.size > PAGE_BUDGET
    small = within_budget(big)
    assert small.size < big.size and small.dpi >= 150
    text = _text_page()
    assert within_budget(text) is text
    assert upload_seconds(PAGE_BUDGET) == pytest.approx(1.2)


def test_files_from_a_stick_images_and_pdfs(tmp_path: Path) -> None:
    Image.new("RGB", (1200, 1600), "white").save(tmp_path / "photo.jpg", dpi=(72, 72))
    Image.new("RGB", (800, 600), "white").save(tmp_path / "screen.png")
    made = material_pdf([_text_page()], "C1", "M1")
    (tmp_path / "licence.pdf").write_bytes(made.data)
    (tmp_path / "notes.txt").write_text("not a document")
    (tmp_path / ".hidden.jpg").write_bytes(b"")
    names = [p.name for p in documents_in(tmp_path)]
    assert names == ["licence.pdf", "notes.txt", "photo.jpg", "screen.png"]
    photo = read_document(tmp_path / "photo.jpg")
    assert photo.pages[0].jpeg == (tmp_path / "photo.jpg").read_bytes()
    assert read_document(tmp_path / "screen.png").pages[0].jpeg[:2] == b"\xff\xd8"
    pdf = read_document(tmp_path / "licence.pdf").pdf
    assert pdf is not None and pdf.data == made.data and pdf.pages == 1
    with pytest.raises(CaptureError) as e:
        read_document(tmp_path / "notes.txt")
    assert e.value.kind is CaptureFailure.NOT_A_DOCUMENT
    with pytest.raises(CaptureError) as e:
        read_document(tmp_path / "gone.jpg")
    assert e.value.kind is CaptureFailure.FILE_UNREADABLE
