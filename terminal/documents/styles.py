"""Paragraph styles per paper format, and a text helper that records every character
set on the page so missing glyphs can be reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, paragraph

from terminal.documents.fonts import FontSet

# Chinese typesetting (GB/T 15834): a line never starts with 。，、；：？！ or a closing
# quote, bracket or 》. reportlab's CJK wrapping hangs the characters of one set at a
# line's end, read from two modules (one-style and mixed-font paragraphs); the set lacks
# most full-width Chinese punctuation: add it to both.
CANNOT_START_A_LINE = "，。、；：？！）》」』】〕〉”’…"
for _module in (textsplit, paragraph):
    _known: str = _module.ALL_CANNOT_START
    _module.ALL_CANNOT_START = _known + "".join(  # type: ignore[attr-defined]
        c for c in CANNOT_START_A_LINE if c not in _known
    )

PAPER = {"roll": 80 * mm, "a4": 210 * mm}
MARGIN = {"roll": 4 * mm, "a4": 20 * mm}


@dataclass
class Writer:
    """Makes paragraphs in one format's styles; remembers the text for the glyph check."""

    fonts: FontSet
    fmt: str
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.face = self.fonts.face_for(self.fmt)
        # A4 notices in 小四 (12 pt) with tables and fine print in 五号 (10.5 pt), as official
        # documents are set; a roll receipt 10 pt with nothing under 9 pt (thermal print).
        body = 10.0 if self.fmt == "roll" else 12.0
        fine = 9.0 if self.fmt == "roll" else 10.5
        self.styles = {
            "title": ParagraphStyle(
                "title",
                fontName=self.face,
                fontSize=body + 7,
                leading=body * 2.2,
                alignment=TA_CENTER,
                spaceAfter=body * 0.6,
            ),
            "big": ParagraphStyle(
                "big",
                fontName=self.face,
                fontSize=body + 4,
                leading=body * 1.9,
                alignment=TA_CENTER,
                spaceAfter=body * 0.3,
            ),
            "huge": ParagraphStyle(
                "huge",
                fontName=self.face,
                fontSize=body * 4,
                leading=body * 4.6,
                alignment=TA_CENTER,
            ),
            "head": ParagraphStyle(
                "head",
                fontName=self.face,
                fontSize=body + 1.5,
                leading=body * 1.8,
                spaceBefore=body * 0.6,
                spaceAfter=body * 0.2,
            ),
            "body": ParagraphStyle(
                "body",
                fontName=self.face,
                fontSize=body,
                leading=body * 1.45,
                alignment=TA_LEFT,
                wordWrap="CJK",
            ),
            "small": ParagraphStyle(
                "small", fontName=self.face, fontSize=fine, leading=fine * 1.4, wordWrap="CJK"
            ),
            "sign": ParagraphStyle(
                "sign", fontName=self.face, fontSize=body, leading=body * 1.6, alignment=TA_RIGHT
            ),
            "center": ParagraphStyle(
                "center",
                fontName=self.face,
                fontSize=body,
                leading=body * 1.45,
                alignment=TA_CENTER,
                wordWrap="CJK",
            ),
        }

    @property
    def width(self) -> float:
        return PAPER[self.fmt] - 2 * MARGIN[self.fmt]

    def p(self, text: str, style: str = "body") -> Paragraph:
        self.seen.append(text)
        return Paragraph(self.fonts.markup(text, self.face), self.styles[style])

    def missing_glyphs(self) -> list[str]:
        return self.fonts.missing("".join(self.seen))
