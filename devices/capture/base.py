"""What every capture adapter offers, and every way capturing can fail, by name.

Like devices/cards/errors.py: each low-level fault (a SANE status, a worker that hangs, a
file that is not an image) becomes one ``CaptureFailure`` whose message says what
happened and what the clerk does next; the messages live in devices/locale/*.capture.json.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from PIL import Image

from terminal.i18n import TongbanError


class CaptureFailure(Enum):
    JAMMED = "jammed"  # SANE_STATUS_JAMMED
    COVER_OPEN = "cover_open"  # SANE_STATUS_COVER_OPEN
    NO_PAPER = "no_paper"  # SANE_STATUS_NO_DOCS: the feeder is empty
    BUSY = "busy"  # SANE_STATUS_DEVICE_BUSY
    IO = "io"  # SANE_STATUS_IO_ERROR
    ACCESS_DENIED = "access_denied"  # SANE_STATUS_ACCESS_DENIED: udev/group permissions
    NO_MEMORY = "no_memory"  # SANE_STATUS_NO_MEM
    UNSUPPORTED = "unsupported"  # SANE_STATUS_UNSUPPORTED / INVAL: a setting the model refuses
    CANCELLED = "cancelled"  # SANE_STATUS_CANCELLED
    NO_SCANNER = "no_scanner"  # libsane lists no device, or not the configured one
    NO_SOURCE = "no_source"  # the feeder/duplex asked for is not offered by this model
    HUNG = "hung"  # the backend did not answer within the time limit; its process was ended
    CRASHED = "crashed"  # the worker process died (a backend crash)
    NOT_A_DOCUMENT = "not_a_document"  # a file that is neither an image nor a PDF
    TOO_LARGE = "too_large"  # a file or an image too big to be a page (a video, a 1600 dpi scan)
    DAMAGED = "damaged"  # an image or PDF that is cut short or corrupt
    PDF_PASSWORD = "pdf_password"  # a PDF that opens only with a password
    FILE_UNREADABLE = "file_unreadable"  # a file that cannot be read (USB stick pulled out)
    NO_SHEET = "no_sheet"  # no sheet of paper found in a camera photo
    TOO_MANY_PAGES = "too_many_pages"  # a file or a feeder run of more than MAX_PAGES pages

    @property
    def msg_id(self) -> str:
        return f"capture.failure.{self.value}"


# Pages one file or one feeder run may give: a 50-sheet feeder in duplex is 100. A GIF of
# 3,000 8×8 frames is 200 kB on a stick and would be 3,000 pages of one material.
MAX_PAGES = 100


class CaptureError(TongbanError):
    """A capture failure of one kind; ``detail`` is what the device or file said, verbatim."""

    def __init__(self, kind: CaptureFailure, detail: str = "", **params: Any) -> None:
        super().__init__(kind.msg_id, **params)
        self.kind = kind
        self.detail = detail

    def text(self, language: str | None = None) -> str:
        main = super().text(language)
        return f"{main} ({self.detail})" if self.detail else main


class Source(Enum):
    """Where a scanner takes paper from; which device option value that is comes from
    devices/capture/sources.py, never from reading the option's label."""

    FLATBED = "flatbed"
    FEEDER = "feeder"
    DUPLEX = "duplex"  # the feeder, both sides


@dataclass(frozen=True)
class Page:
    """One page as JPEG bytes (kept byte for byte in the PDF) and its resolution."""

    jpeg: bytes
    dpi: int
    width: int  # pixels
    height: int

    @property
    def size(self) -> int:
        return len(self.jpeg)


PageSink = Callable[[Page], None]


class Scanner(Protocol):
    name: str

    def sources(self) -> tuple[Source, ...]: ...

    def scan(self, source: Source, on_page: PageSink) -> int:
        """Scan from ``source``, handing each page over as it arrives; the number of pages.
        Raises CaptureError; pages handed over before a jam stay handed over."""


def page_from_image(image: Image.Image, dpi: int, quality: int = 80) -> Page:
    """Encode one image as a JPEG page (greyscale stays one channel: a third of the bytes)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "LA", "I", "I;16") else "RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return Page(out.getvalue(), dpi, image.width, image.height)
