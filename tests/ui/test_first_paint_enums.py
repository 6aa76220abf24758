"""The window reaches its first paint without PySide building the ``Qt`` namespace's enums
(~15 ms of the start, ui/qt_names.py): one ``from PySide6.QtCore import Qt`` in a widget the
window paints first, or a ``QKeySequence("F9")``, would bring that back unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.window_start import OURS, build_store

# The bench's program, asked at its first paint whether ``Qt`` has been built yet.
ASKED = OURS.replace(
    "print(_time.process_time(), _time.time(), flush=True)",
    "import PySide6.QtCore as _core; print('built' if 'Qt' in vars(_core) else 'not built')",
)


def said_at_the_first_paint(program: str, tmp_path: Path) -> tuple[str, str]:
    """(the first line the bench's program, changed to ask, printed at its first paint; all
    it said, for the failure's message)."""
    assert program != OURS
    build_store(tmp_path, 1)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.split("\n")[0], done.stdout + done.stderr


def test_the_window_paints_before_pyside_builds_the_qt_enums(tmp_path: Path) -> None:
    first, said = said_at_the_first_paint(ASKED, tmp_path)
    assert first == "not built", said


# What the first paint needs not load (issue 19: ~110M instructions of the start): a case's
# rules come with the first decision, the field rules with the first value, the 出件 rules
# with the first 出件; and PySide's types for the boxes the window has not shown.
NOT_BEFORE_THE_FIRST_PAINT = (
    "terminal.cases",
    "terminal.pledges",
    "terminal.documents.model",
    "terminal.forms",
    "terminal.handover",
    "terminal.case_state",
    "ui.case_actions",
    "uuid",
)
ASKED_MODULES = OURS.replace(
    "print(_time.process_time(), _time.time(), flush=True)",
    "import sys, PySide6.QtWidgets as _w; print(' '.join(m for m in "
    + repr(NOT_BEFORE_THE_FIRST_PAINT)
    + " if m in sys.modules) or 'none', 'QMessageBox' in vars(_w))",
)


def test_the_window_paints_before_the_case_s_rules_are_loaded(tmp_path: Path) -> None:
    first, said = said_at_the_first_paint(ASKED_MODULES, tmp_path)
    assert first == "none False", said
