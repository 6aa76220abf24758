"""Look: the Chinese font named explicitly, and the large-type, high-contrast mode (适老化)."""

from __future__ import annotations

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
    font = QFont(chinese_family(), LARGE_PT if large else NORMAL_PT)
    app.setFont(font)
    app.setPalette(high_contrast() if large else app.style().standardPalette())
    # Touch targets and focus rings big enough to see from a chair.
    app.setStyleSheet(LARGE_SHEET if large else NORMAL_SHEET)


def high_contrast() -> QPalette:
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffd400")
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
        p.setColor(role, color)
    return p


NORMAL_SHEET = """
QLabel[role="error"] { color: #b00020; }
QLabel[role="warning"] { color: #8a5a00; }
QLabel[role="ok"] { color: #1b6e20; }
QLabel[role="title"] { font-size: 15pt; }
QPushButton[role="decision"] { min-height: 36px; padding: 4px 16px; }
"""
LARGE_SHEET = """
QLabel[role="error"] { color: #ff6b6b; }
QLabel[role="warning"] { color: #ffd400; }
QLabel[role="ok"] { color: #7CFC00; }
QLabel[role="title"] { font-size: 26pt; }
QPushButton { min-height: 48px; padding: 4px 14px; }
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit { border: 2px solid #ffffff; padding: 4px; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus, QPlainTextEdit:focus { border: 3px solid #ffd400; }
"""
