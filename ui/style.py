"""Look: the Chinese font named explicitly, and the large-type, high-contrast mode (适老化)."""

from __future__ import annotations

import copy
import re

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# With only Noto CJK installed Qt picks the Japanese face for Han characters:
# name a Simplified Chinese family first.
FAMILIES = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
]
# Large type is WCAG's "large-scale text" (18 pt and up), as large as lets the case, the
# form and the queue sit side by side on a 1366×768 counter monitor (tests/ui/test_fits_the_screen).
NORMAL_PT, LARGE_PT = 11, 18


def chinese_family() -> str:
    available = set(QFontDatabase.families())
    return next((f for f in FAMILIES if f in available), QApplication.font().family())


def apply(app: QApplication, *, large: bool) -> None:
    # The list, not chinese_family(): Qt takes the first of them installed, and listing every
    # family on the machine to choose one ourselves costs ~4 ms before the first paint.
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSize(LARGE_PT if large else NORMAL_PT)
    app.setFont(font)
    platform = platform_palette(app)  # kept at the first call, before any palette of ours
    app.setPalette(high_contrast() if large else normal(platform))
    # Touch targets and focus rings big enough to see from a chair.
    app.setStyleSheet(LARGE_SHEET if large else NORMAL_SHEET)


_platform: list[QPalette] = []


def platform_palette(app: QApplication) -> QPalette:
    """The application's palette before we set one (a copy; large type may have replaced
    it since). Not app.style().standardPalette(): the same colours on a counter (no platform
    theme), without building PySide's QStyle enums (~5 ms) before the first paint."""
    # copy.copy, not QPalette(p): the copy constructor's overload check builds the Qt enums.
    if not _platform:
        _platform.append(app.palette())
    return copy.copy(_platform[0])


def normal(p: QPalette) -> QPalette:
    """The platform's colours, with the two pairs it draws below WCAG AA made readable: the
    selected row (white on light blue, 3.7:1) and disabled text (pale grey, 1.6:1)."""
    p.setColor(QPalette.ColorRole.Highlight, QColor("#1f5f99"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#666666"))
    return p


def high_contrast() -> QPalette:
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffd400")
    # Disabled is grey on a lighter black: a promise date not yet asked for must not look
    # like one that can be typed into (Qt's default greys out nothing on a custom palette).
    for role, name in (
        (QPalette.ColorRole.WindowText, DISABLED_TEXT),
        (QPalette.ColorRole.Text, DISABLED_TEXT),
        (QPalette.ColorRole.ButtonText, DISABLED_TEXT),
        (QPalette.ColorRole.Base, DISABLED_BASE),
        (QPalette.ColorRole.Button, DISABLED_BASE),
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(name))
    for role, color in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#1a1a1a")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, QColor("#202020")),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, white),
        (QPalette.ColorRole.ToolTipText, black),
        (QPalette.ColorRole.PlaceholderText, QColor("#bbbbbb")),
    ):
        p.setColor(QPalette.ColorGroup.Active, role, color)
        p.setColor(QPalette.ColorGroup.Inactive, role, color)
        if role not in DISABLED_ROLES:
            p.setColor(QPalette.ColorGroup.Disabled, role, color)
    return p


DISABLED_TEXT, DISABLED_BASE = "#a6a6a6", "#262626"
DISABLED_ROLES = {
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.ButtonText,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Button,
}


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_pairs(palette: QPalette, sheet: str) -> dict[str, tuple[QColor, QColor]]:
    """Every text colour the look uses, with the background it is drawn on."""
    roles = QPalette.ColorRole
    pairs = {}
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled):
        for text, back in (
            (roles.WindowText, roles.Window),
            (roles.Text, roles.Base),
            (roles.ButtonText, roles.Button),
            (roles.HighlightedText, roles.Highlight),
            (roles.ToolTipText, roles.ToolTipBase),
        ):
            name = f"{group.name} {text.name} on {back.name}"
            pairs[name] = (palette.color(group, text), palette.color(group, back))
    pairs["placeholder on Base"] = (palette.color(roles.PlaceholderText), palette.color(roles.Base))
    for role, color in re.findall(r'QLabel\[role="(\w+)"\] \{ color: (#[0-9a-fA-F]{6}); \}', sheet):
        pairs[f"{role} label on Window"] = (QColor(color), palette.color(roles.Window))
    return pairs


NORMAL_SHEET = """
QLabel[role="error"] { color: #b00020; }
QLabel[role="warning"] { color: #8a5a00; }
QLabel[role="ok"] { color: #1b6e20; }
QLabel[role="title"] { font-size: 15pt; }
QPushButton[role="decision"] { min-height: 36px; padding: 4px 16px; }
QPushButton[role="error"] { color: #b00020; }
QPushButton[role="warning"] { color: #8a5a00; }
"""
LARGE_SHEET = """
QLabel[role="error"] { color: #ff6b6b; }
QLabel[role="warning"] { color: #ffd400; }
QLabel[role="ok"] { color: #7CFC00; }
QPushButton[role="error"] { color: #ff6b6b; }
QPushButton[role="warning"] { color: #ffd400; }
QLabel[role="title"] { font-size: 26pt; }
QPushButton { min-height: 48px; padding: 4px 14px; }
QCheckBox { spacing: 10px; }
QCheckBox::indicator { width: 24px; height: 24px; border: 3px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked { background: #ffd400; }
QCheckBox::indicator:disabled { border: 3px dashed #a6a6a6; background: #262626; }
QAbstractItemView { border: 2px solid #ffffff; }
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit { border: 2px solid #ffffff; padding: 4px; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus { border: 3px solid #ffd400; }
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled, QDateEdit:disabled {
    border: 2px dashed #a6a6a6; color: #a6a6a6; background: #262626; }
"""
# The kiosk (长辈版), set on the kiosk window only: the clerk's window keeps the sheets above.
# Deployed 适老化 kiosks use 32 px body text and larger; headings stand out at 48 px.
KIOSK_BODY_PX, KIOSK_HEADING_PX = 32, 48
KIOSK_SHEET = f"""
QWidget {{ font-size: {KIOSK_BODY_PX}px; }}
QLabel[role="title"] {{ font-size: {KIOSK_HEADING_PX}px; font-weight: bold; }}
QLabel[role="field"] {{ font-weight: bold; }}
QLineEdit {{ min-height: 72px; }}
"""
