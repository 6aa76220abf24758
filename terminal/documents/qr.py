"""QR codes encoded by segno and drawn as vector rectangles, so they stay sharp at any DPI."""

from __future__ import annotations

import segno
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


class QrCode(Flowable):
    """A square QR code ``size`` points wide, quiet zone included."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.size = size
        # Level M: survives a crease or a smudge on thermal paper.
        self.matrix = segno.make(data, error="m", micro=False).matrix
        self.width = self.height = size
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_matrix(self.canv, self.matrix, 0, 0, self.size)


def draw_matrix(
    canvas: Canvas, matrix: tuple[bytearray, ...], x: float, y: float, size: float
) -> None:
    modules = len(matrix) + 2 * QUIET_ZONE
    unit = size / modules
    canvas.saveState()
    canvas.setFillColor(black)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + QUIET_ZONE + 1) * unit
        col = 0
        while col < len(row):
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            # One rectangle per dark run: fewer PDF operators than one per module.
            canvas.rect(
                x + (start + QUIET_ZONE) * unit, top, (col - start) * unit, unit, stroke=0, fill=1
            )
    canvas.restoreState()
