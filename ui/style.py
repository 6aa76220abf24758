"""Look: the Chinese font named explicitly, and the large-type, high-contrast mode (适老化)."""

from __future__ import annotations

import copy

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

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
    # The sheet last: set before the palette, its polish pinned the old colours on every
    # widget (white fields in large type). Touch targets and focus rings big enough to see
    # from a chair. The normal look has no sheet at all: a sheet on the application has Qt
    # restyle every widget as it is built and placed (~20 ms of the window's first paint).
    app.setStyleSheet(LARGE_SHEET if large else "")
    _large[0] = large
    # Switched with Ctrl+Shift+D: a sheet (the large one, or a decision button's own) holds
    # each widget it restyled at the font it had (the form stayed narrow, a button stayed
    # large). Unset, each takes the new one: the deepest first, so a table refitting its
    # columns finds its header's new size; then each role again, in the new look.
    for widget in sorted(app.allWidgets(), key=_depth, reverse=True):
        widget.setFont(QFont())
    for widget in app.allWidgets():
        role = widget.property("role")
        if isinstance(role, str) and role:
            set_role(widget, role)


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth


_large = [False]  # the look in force, for the roles set after apply()
# What a role means, per look (normal, large): its text colour on the window's background.
ROLE_COLOURS = {
    False: {"error": "#b00020", "warning": "#8a5a00", "ok": "#1b6e20"},
    True: {"error": "#ff6b6b", "warning": "#ffd400", "ok": "#7CFC00"},
}
TITLE_PT = {False: 15, True: 26}
# The three decision buttons: big enough to hit without looking twice.
DECISION_SHEET = {
    False: "QPushButton { min-height: 36px; padding: 4px 16px; }",
    True: "",  # LARGE_SHEET's buttons are bigger already
}


def set_role(widget: QWidget, role: str) -> None:
    """Show what a label or button means: its colour (error, warning, ok), a title's size,
    a decision button's size. Set on the widget itself (palette, font, its own small sheet)
    rather than matched by an application-wide sheet, so the normal look needs none; the
    property stays for the kiosk's sheet and for whoever asks what a widget says."""
    previous = widget.property("role")
    widget.setProperty("role", role)
    large = _large[0]
    colour = ROLE_COLOURS[large].get(role)
    if colour is not None or previous in ROLE_COLOURS[large] or previous in ROLE_COLOURS[True]:
        palette = QPalette()  # nothing set: every colour but the role's follows the parent
        if colour is not None:
            for text in (
                QPalette.ColorRole.WindowText,
                QPalette.ColorRole.ButtonText,
                QPalette.ColorRole.Text,
            ):
                palette.setColor(text, QColor(colour))
        widget.setPalette(palette)
    if role == "title" or previous == "title":
        font = QFont()  # nothing set: the family and the rest follow the parent
        if role == "title":
            font.setPointSize(TITLE_PT[large])
        widget.setFont(font)
    if role == "decision" or previous == "decision":
        widget.setStyleSheet(DECISION_SHEET[large] if role == "decision" else "")


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


def text_pairs(palette: QPalette, large: bool) -> dict[str, tuple[QColor, QColor]]:
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
    for role, colour in ROLE_COLOURS[large].items():
        pairs[f"{role} label on Window"] = (QColor(colour), palette.color(roles.Window))
    return pairs


LARGE_SHEET = """
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
