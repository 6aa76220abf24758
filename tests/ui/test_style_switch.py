"""a counter started in large type (config large_type = true) and switched back
with Ctrl+Shift+D must get the normal look again, not black with the normal sheet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
