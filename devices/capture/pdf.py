"""Pages become one PDF per material: the JPEG bytes go in as they are (img2pdf embeds
them without decoding), every page on A4, the case and each page's digest in the metadata.

The per-page budget: a hall shares one uplink, often 2 Mbit/s (250 kB/s). At
``PAGE_BUDGET`` = 300 kB a page goes up in 1.2 s of the whole uplink, so a window's
typical case (6 pages) is on the portal within ten seconds, and the hall's forty cases an
hour use about a fifth of it. A page over budget is encoded again at lower quality, then
at a lower resolution (never below ``MIN_DPI``, where small print stops being legible).

PDF/A is not claimed: img2pdf can write the markers, but with no validator in the build
the claim could not be checked, and a false claim is worse than none.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass

import img2pdf
import pikepdf
from PIL import Image

from devices.capture.base import MAX_PAGES, CaptureError, CaptureFailure, Page, page_from_image

PAGE_BUDGET = 300_000  # bytes a page may take (see above)
UPLINK_BITS_PER_SECOND = 2_000_000
MIN_DPI = 150
A4_POINTS = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
PRODUCER = "Tongban Terminal"


@dataclass(frozen=True)
class MaterialPdf:
    data: bytes
    page_sha256: tuple[str, ...]  # of each page's image bytes as embedded, in page order

    @property
    def pages(self) -> int:
        return len(self.page_sha256)


def upload_seconds(size: int, bits_per_second: int = UPLINK_BITS_PER_SECOND) -> float:
    return size * 8 / bits_per_second


def within_budget(page: Page, budget: int = PAGE_BUDGET) -> Page:
    """The page itself when it fits (its bytes untouched); otherwise a smaller encoding."""
    if page.size <= budget:
        return page
    image = Image.open(io.BytesIO(page.jpeg))
    image.load()
    smaller = page
    for quality in (70, 55):
        smaller = page_from_image(image, page.dpi, quality)
        if smaller.size <= budget:
            return smaller
    dpi = page.dpi
    while smaller.size > budget and dpi * 0.8 >= MIN_DPI:
        dpi = int(dpi * 0.8)
        scale = dpi / page.dpi
        resized = image.resize((round(image.width * scale), round(image.height * scale)))
        smaller = page_from_image(resized, dpi, 55)
    return smaller  # the best legible one, even if still over: a page is never dropped


def material_pdf(pages: Sequence[Page], case_ref: str, material: str) -> MaterialPdf:
    """One PDF for one material of one case. No date inside: the same pages give the same
    bytes, so storing a PDF twice (a retry after a crash) stores one file."""
    if not pages:
        raise ValueError("a material PDF needs at least one page")
    fitted = [within_budget(p) for p in pages]
    hashes = tuple(hashlib.sha256(p.jpeg).hexdigest() for p in fitted)
    layout = img2pdf.get_layout_fun(A4_POINTS, fit=img2pdf.FitMode.into, auto_orient=True)
    raw = img2pdf.convert(
        [p.jpeg for p in fitted],
        layout_fun=layout,
        rotation=img2pdf.Rotation.ifvalid,
        title=f"{case_ref} {material}",
        subject=case_ref,
        creator=PRODUCER,
        producer=PRODUCER,
        nodate=True,
    )
    return MaterialPdf(_with_metadata(raw, case_ref, material, hashes), hashes)


def material_from_pdf(data: bytes, name: str = "") -> MaterialPdf:
    """A PDF the citizen brings (an e-licence, a bank statement) goes on byte for byte: a
    rewrite would break the signature of a signed e-document. Its page digests are of each
    page's content streams; the case it belongs to is recorded with the attachment. A PDF
    that does not open is damaged (it begins as one); the detail is the file's ``name``, as
    pikepdf's own words name a memory buffer ("stream <_io.BytesIO object at 0x…>")."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:  # 20,000 empty pages fit in 185 kB
                raise CaptureError(CaptureFailure.TOO_MANY_PAGES, name, max=MAX_PAGES)
            hashes = tuple(_page_digest(page) for page in pdf.pages)
    except pikepdf.PasswordError as e:  # not a PdfError: it slipped past as a raw error
        raise CaptureError(CaptureFailure.PDF_PASSWORD) from e
    except pikepdf.PdfError as e:
        raise CaptureError(CaptureFailure.DAMAGED, name) from e
    if not hashes:
        raise CaptureError(CaptureFailure.DAMAGED, name)
    return MaterialPdf(data, hashes)


def read_metadata(data: bytes) -> dict[str, str]:
    """The case, material and page digests as written by ``material_pdf``."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.docinfo
        return {
            key[len("/Tongban") :].lower(): str(info[key])
            for key in info.keys()  # noqa: SIM118 (pikepdf Dictionary is not a dict)
            if key.startswith("/Tongban")
        }


def _with_metadata(raw: bytes, case_ref: str, material: str, hashes: tuple[str, ...]) -> bytes:
    # pikepdf copies the image streams as they are (no decode, no recompression).
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pdf.docinfo["/TongbanCase"] = case_ref
        pdf.docinfo["/TongbanMaterial"] = material
        pdf.docinfo["/TongbanPages"] = " ".join(hashes)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _page_digest(page: pikepdf.Page) -> str:
    digest = hashlib.sha256()
    contents = page.obj.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    for stream in streams:
        if isinstance(stream, pikepdf.Stream):
            # The stream as stored, not inflated: a 0.5 MB file whose content inflates
            # 1000:1 took a gigabyte to digest. The stored bytes identify the page as well.
            digest.update(stream.read_raw_bytes())
    return digest.hexdigest()
