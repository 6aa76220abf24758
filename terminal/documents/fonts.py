"""The Chinese font every printed page embeds, and fallbacks for rare characters.

CUPS re-renders PDFs through Ghostscript, which garbles a CID font that is not
embedded, and reportlab cannot embed CFF outlines (Noto CJK): so a TrueType
font is found through fontconfig (or named in the config) and embedded as a
subset. A character the main font lacks (䶮, 𠮷 ...) is drawn from another
TrueType font that fontconfig says covers it; a character no font covers is
reported, never silently dropped.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from terminal.i18n import TongbanError

FONT_PACKAGE = "fonts-wqy-microhei"
MAIN = "TongbanMain"


class FontMissing(TongbanError):
    pass


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs.

    reportlab writes ``<%04X>``, which turns 𠮷 (U+20BB7) into five hex digits
    that readers take for U+20BB: the page looks right but its text (copy,
    search, pdftotext) says another character.
    """

    def utf16(code: int) -> str:
        return "".join(f"{unit:04X}" for unit in _utf16_units(code))

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _utf16_units(code: int) -> tuple[int, ...]:
    if code < 0x10000:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _fc(*args: str) -> list[str]:
    if shutil.which(args[0]) is None:
        return []
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def _truetype_files(pattern: str) -> list[str]:
    files = _fc("fc-list", f"{pattern}:fontformat=TrueType", "file")
    return sorted(
        {f.rstrip(":") for f in files if f.rstrip(":").lower().endswith((".ttf", ".ttc"))}
    )


def _load(name: str, path: str) -> TTFont:
    """A TTFont from a .ttf, or the proportional face of a .ttc (not the Mono one)."""
    if not path.lower().endswith(".ttc"):
        return TTFont(name, path)
    first: TTFont | None = None
    for index in range(8):
        try:
            font = TTFont(name, path, subfontIndex=index)
        except (TTFError, IndexError):
            break
        first = first or font
        if b"mono" not in font.face.name.lower():
            return font
    if first is None:
        raise TTFError(f"no usable face in {path}")
    return first


@dataclass
class FontSet:
    """The registered main font plus fallbacks found on demand, one per character."""

    main: TTFont
    fallbacks: dict[str, TTFont] = field(default_factory=dict)  # path → font
    by_char: dict[str, str | None] = field(default_factory=dict)  # char → font name or None

    def font_for(self, char: str) -> str | None:
        code = ord(char)
        if code in self.main.face.charToGlyph or char in "\n\t":
            return MAIN
        if char not in self.by_char:
            self.by_char[char] = self._fallback_for(code)
        return self.by_char[char]

    def _fallback_for(self, code: int) -> str | None:
        for font in self.fallbacks.values():
            if code in font.face.charToGlyph:
                return str(font.fontName)
        for path in _truetype_files(f":charset={code:x}"):
            if path in self.fallbacks:
                continue
            try:
                font = _load(f"TongbanFallback{len(self.fallbacks) + 1}", path)
            except (TTFError, OSError):
                continue
            pdfmetrics.registerFont(font)
            self.fallbacks[path] = font
            if code in font.face.charToGlyph:
                return str(font.fontName)
        return None

    def missing(self, text: str) -> list[str]:
        return sorted({c for c in text if not c.isspace() and self.font_for(c) is None})

    def markup(self, text: str) -> str:
        """Paragraph markup for ``text``: runs the main font lacks switch to their fallback."""
        parts: list[str] = []
        run, run_font = "", MAIN
        for char in text:
            font = self.font_for(char) or MAIN  # still missing: reported by missing()
            if font != run_font and run:
                parts.append(_wrap(run, run_font))
                run = ""
            run_font = font
            run += char
        if run:
            parts.append(_wrap(run, run_font))
        return "".join(parts)


def _wrap(text: str, font: str) -> str:
    body = escape(text).replace("\n", "<br/>")
    return body if font == MAIN else f'<font face="{font}">{body}</font>'


@cache
def font_set(configured: str = "") -> FontSet:
    """Find, load and register the fonts once per process (about 60 ms)."""
    candidates = [configured] if configured else []
    candidates += _fc("fc-match", "-f", "%{file}\n", ":lang=zh-cn:fontformat=TrueType")
    candidates += _truetype_files(":lang=zh-cn")
    for path in candidates:
        if not path or not Path(path).is_file():
            continue
        try:
            font = _load(MAIN, path)
        except (TTFError, OSError):
            continue
        if ord("中") in font.face.charToGlyph:
            pdfmetrics.registerFont(font)
            return FontSet(font)
    if configured:
        raise FontMissing("doc.font_unusable", path=configured, package=FONT_PACKAGE)
    raise FontMissing("doc.no_font", package=FONT_PACKAGE)
