"""Pixels between Qt and Pillow, copied (a QImage's buffer may be reused by Qt)."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from devices.capture.base import Page, page_from_image
from devices.capture.pdf import within_budget

THUMB = QSize(120, 170)


def qimage_to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())  # a copy: the QImage may be reused by Qt
    return Image.frombuffer(
        "RGB", (rgb.width(), rgb.height()), data, "raw", "RGB", rgb.bytesPerLine(), 1
    )


def pil_to_qimage(image: Image.Image) -> QImage:
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


def thumb_of(page: Page) -> QImage:
    image = Image.open(io.BytesIO(page.jpeg))
    image.draft("RGB", (THUMB.width() * 2, THUMB.height() * 2))  # JPEG decodes at 1/2..1/8
    image.thumbnail((THUMB.width(), THUMB.height()))
    return pil_to_qimage(image)


def page_and_thumb(image: Image.Image, dpi: int) -> tuple[Page, QImage]:
    # Fitted to the budget here, not in the PDF: the page shown is the page stored.
    page = within_budget(page_from_image(image, dpi))
    return page, thumb_of(page)
