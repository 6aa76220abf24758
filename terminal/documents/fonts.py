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
SERIF_PACKAGE = "fonts-arphic-uming"
MAIN = "TongbanMain"
SERIF = "TongbanSerif"
# Families of a Chinese 宋体/明体 face (official notices are set in one). Japanese Mincho
# faces are left out on purpose: their glyph forms differ from the Chinese standard.
SERIF_FAMILIES = ("UMing", "Song", "宋", "Ming CN", "明体")


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
    serif: TTFont | None = None  # for A4 notices when a Chinese serif face is installed
    fallbacks: dict[str, TTFont] = field(default_factory=dict)  # path → font
    by_char: dict[str, str | None] = field(default_factory=dict)  # char → font name or None

    def font_for(self, char: str, face: str = MAIN) -> str | None:
        code = ord(char)
        first = self.serif if face == SERIF and self.serif is not None else self.main
        if code in first.face.charToGlyph or char in "\n\t":
            return face
        if face == SERIF and code in self.main.face.charToGlyph:
            return MAIN  # a character the serif face lacks, in the plain face
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

    def markup(self, text: str, face: str = MAIN) -> str:
        """Paragraph markup for ``text`` in ``face``: runs it lacks switch to a fallback."""
        parts: list[str] = []
        run, run_font = "", face
        for char in text:
            font = self.font_for(char, face) or face  # still missing: reported by missing()
            if font != run_font and run:
                parts.append(_wrap(run, run_font, face))
                run = ""
            run_font = font
            run += char
        if run:
            parts.append(_wrap(run, run_font, face))
        return "".join(parts)

    def face_for(self, fmt: str) -> str:
        """A4 notices in the serif face where there is one; rolls always in the plain face
        (thin serif strokes fade on thermal paper)."""
        return SERIF if fmt == "a4" and self.serif is not None else MAIN

    def describe(self) -> str:
        names = [_name(self.main)] + ([_name(self.serif)] if self.serif is not None else [])
        return " / ".join(names)


def _name(font: TTFont) -> str:
    return bytes(font.face.name).decode("latin-1", "replace")


def _wrap(text: str, font: str, face: str) -> str:
    body = escape(text).replace("\n", "<br/>")
    return body if font == face else f'<font face="{font}">{body}</font>'


def _simplified_face(name: str, path: str) -> TTFont:
    """From a collection with CN, HK and TW faces (AR PL UMing), the mainland one: the same
    character is drawn differently in each region's standard."""
    if not path.lower().endswith(".ttc"):
        return TTFont(name, path)
    for index in range(8):
        try:
            font = TTFont(name, path, subfontIndex=index)
        except (TTFError, IndexError):
            break
        if font.face.name.upper().endswith((b"CN", b"SC", b"GB")):
            return font
    return _load(name, path)


def _serif() -> TTFont | None:
    listed = _fc("fc-list", ":lang=zh-cn:fontformat=TrueType", "family", "file")
    for line in sorted(listed):
        path, _, families = line.partition(": ")
        if not any(family in families for family in SERIF_FAMILIES):
            continue
        try:
            font = _simplified_face(SERIF, path.rstrip(":"))
        except (TTFError, OSError):
            continue
        if ord("中") in font.face.charToGlyph:
            pdfmetrics.registerFont(font)
            return font
    return None


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
            return FontSet(font, _serif())
    if configured:
        raise FontMissing("doc.font_unusable", path=configured, package=FONT_PACKAGE)
    raise FontMissing("doc.no_font", package=FONT_PACKAGE)
