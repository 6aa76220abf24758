"""a counter started in large type (config large_type = true) and switched back
with Ctrl+Shift+D must get the normal look again, not black with the normal sheet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# A fresh process each: the platform palette is cached once per process (ui/style.py).
_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from ui import style
app = QApplication([])
for large in sys.argv[1:]:
    style.apply(app, large=large == "large")
print(app.palette().window().color().name(), app.palette().windowText().color().name())
"""


def _look(*steps: str) -> str:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *steps],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.split("\n")[-2]


def test_started_in_large_type_and_switched_back_is_the_normal_look() -> None:
    normal = _look("normal")
    assert normal.split()[0] != "#000000"  # the platform's light window, as a control
    assert _look("large", "normal") == normal


def test_switched_on_the_window_every_widget_follows_both_ways(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Ctrl+Shift+D on a window built in the normal look: the fields turn black with white
    text, the status line stays readable and the role colours are the large ones; switched
    back, the decision buttons are the normal size again (review 8, finding 5)."""
    from PySide6.QtGui import QPalette

    from ui import style

    window.resize(1366, 768)
    window.show()
    roles = QPalette.ColorRole
    field, clerk = window.editor.applicant.name, window.status.clerk
    normal_size = window.editor.accept_button.fontInfo().pointSize()
    try:
        window.toggle_large_type()
        assert field.palette().color(roles.Base).name() == "#000000"
        assert field.palette().color(roles.Text).name() == "#ffffff"
        text, back = clerk.palette().color(roles.WindowText), clerk.palette().color(roles.Window)
        assert style.contrast(text, back) >= 4.5
        assert window.editor.accept_button.fontInfo().pointSize() >= style.LARGE_PT
        window.toggle_large_type()
        assert field.palette().color(roles.Base).name() != "#000000"
        assert window.editor.accept_button.fontInfo().pointSize() == normal_size
    finally:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        style.apply(app, large=False)
