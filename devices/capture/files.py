"""Files from a folder or a USB stick: what the citizen brings on a phone or a stick.

An image becomes a page (a phone's JPEG keeps its bytes when it fits the budget); a PDF
stays a PDF, byte for byte (devices/capture/pdf.py says why). Nothing is guessed from
the file name: the bytes say what a file is.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from devices.capture.base import MAX_PAGES, CaptureError, CaptureFailure, Page, page_from_image
from devices.capture.pdf import PAGE_BUDGET, MaterialPdf, material_from_pdf

MAX_FILE_BYTES = 50_000_000  # a larger "document" is a video or a disk image, not paper
# Pixels an image may have: a 50 MP phone photo and an A4 scan at 600 dpi (35 MP) fit. More
# is decoded into hundreds of MB for a page that is then shrunk to PAGE_BUDGET anyway; a PNG
# of 196 MP is a few kB on the stick. Checked from the header, before any decoding; Pillow's
# own MAX_IMAGE_PIXELS (89 MP, process-wide) is left as the last guard.
MAX_PIXELS = 64_000_000
PHONE_DPI = 200  # what a phone photo of an A4 sheet amounts to, roughly; sizes the PDF page only


@dataclass(frozen=True)
class FileDocument:
    """An image file as pages, or a PDF file as it is."""

    path: Path
    pages: tuple[Page, ...] = ()
    pdf: MaterialPdf | None = None


def documents_in(folder: Path) -> list[Path]:
    """The files directly in ``folder`` (a stick's top level, or one folder of it), by name;
    hidden files (a Mac's ._ twins) are left out. Which of them are documents, reading says."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as e:
        raise CaptureError(CaptureFailure.FILE_UNREADABLE, str(e)) from e
    return [p for p in entries if p.is_file() and not p.name.startswith(".")]


def read_document(path: Path) -> FileDocument:
    data = _read_at_most(path, MAX_FILE_BYTES)
    if data.startswith(b"%PDF-"):
        return FileDocument(path, pdf=material_from_pdf(data, path.name))
    return FileDocument(path, pages=image_pages(data, path.name))


def _read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. A stick formatted ext4 can
    hold a named pipe or a device node: reading one waits for a writer forever and would hold
    the one capture thread (and every page waiting to be stored) with it. So the file is
    opened without waiting, checked on the open descriptor (no swap between check and read),
    and never read past ``limit`` + 1, whatever its size said."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise CaptureError(CaptureFailure.FILE_UNREADABLE, str(e)) from e
    with os.fdopen(fd, "rb") as file:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CaptureError(CaptureFailure.NOT_A_DOCUMENT, path.name)
            data = file.read(limit + 1)
        except OSError as e:
            raise CaptureError(CaptureFailure.FILE_UNREADABLE, str(e)) from e
    if len(data) > limit:
        raise _too_large(path.name)
    return data


def image_pages(data: bytes, name: str = "") -> tuple[Page, ...]:
    """Every frame of an image file (a multi-page TIFF from an office scanner) as a page."""
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
    except UnidentifiedImageError as e:
        raise CaptureError(CaptureFailure.NOT_A_DOCUMENT, name) from e
    except (OSError, ValueError, TypeError, IndexError, EOFError) as e:
        raise CaptureError(CaptureFailure.DAMAGED, name) from e
    except Image.DecompressionBombError as e:
        raise _too_large(name) from e
    # Frames after the first are decoded only when reached: a file cut short in its last
    # page fails there, inside the loop, and Pillow's plugins fail with more than OSError
    # (TypeError, IndexError, ValueError, EOFError seen on cut TIFFs and GIFs).
    try:
        _fits(image, name)
        image.load()
        dpi = _dpi(image)
        if image.format == "JPEG" and len(data) <= PAGE_BUDGET and image.mode in ("L", "RGB"):
            return (Page(data, dpi, image.width, image.height),)  # EXIF rotation: img2pdf does it
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            raise CaptureError(CaptureFailure.TOO_MANY_PAGES, name, max=MAX_PAGES)
        pages = []
        for index in range(frames):
            image.seek(index)
            _fits(image, name)  # a TIFF's frames each have their own size
            frame = ImageOps.exif_transpose(image)  # upright pixels: the re-encoding drops EXIF
            pages.append(page_from_image(frame, dpi, 85))
    except Image.DecompressionBombError as e:
        raise _too_large(name) from e
    except (OSError, TypeError, IndexError, ValueError, EOFError) as e:
        raise CaptureError(CaptureFailure.DAMAGED, name) from e
    return tuple(pages)


def _fits(image: Image.Image, name: str) -> None:
    if image.width * image.height > MAX_PIXELS:
        raise _too_large(name)


def _too_large(name: str) -> CaptureError:
    return CaptureError(
        CaptureFailure.TOO_LARGE,
        name,
        mb=MAX_FILE_BYTES // 1_000_000,
        mp=MAX_PIXELS // 1_000_000,  # Chinese counts in 万: "{mp}00 万像素"
    )


def _dpi(image: Image.Image) -> int:
    value = image.info.get("dpi")
    try:
        dpi = round(float(value[0])) if value else 0
    except (TypeError, ValueError, IndexError):
        dpi = 0
    return dpi if 72 < dpi <= 1200 else PHONE_DPI  # 72 is a camera's "unknown"
