"""Chinese first, English second, switched at run time; large type for elderly citizens."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow

from .test_counter_flow import start_residence_permit

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "translations" / "tongban_en.ts"


def test_switching_language_retranslates_the_open_window(window: MainWindow, qtbot: QtBot) -> None:
    assert "通办终端" in window.windowTitle()
    assert window.editor.accept_button.text() == "受理 (F9)"
    window.toggle_language()
    # Qt posts the LanguageChange: the window retranslates on the next turn of the event loop.
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    assert window.editor.accept_button.text() == "Accept (F9)"
    assert window.editor.applicant.title() == "Applicant"
    window.toggle_language()
    qtbot.waitUntil(lambda: window.editor.accept_button.text() == "受理 (F9)", timeout=3000)


def test_large_type_is_bigger_and_high_contrast(window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font().pointSize()
    window.toggle_large_type()
    try:
        assert app.font().pointSize() >= 18  # WCAG's large-scale text
        assert app.font().pointSize() >= normal + 6
        assert app.palette().window().color().name() == "#000000"
    finally:
        window.toggle_large_type()
    assert app.font().pointSize() == normal


def translated(translation: ET.Element) -> bool:
    """Text, or for a count (Qt's numerus forms) every form: English has one and many."""
    forms = translation.findall("numerusform")
    if forms:
        return len(forms) == 2 and all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def test_every_window_text_has_an_english_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = [str(p) for p in (ROOT / "ui").rglob("*.py")]
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {m.findtext("source") for m in ET.parse(fresh).iter("message")}
    committed = {m.findtext("source"): m.find("translation") for m in ET.parse(TS).iter("message")}
    missing = sorted(
        s
        for s in wanted
        if s not in committed
        or not translated(committed[s])
        or committed[s].get("type") in ("unfinished", "vanished", "obsolete")
    )
    assert missing == [], "run pyside6-lupdate and translate these in ui/translations/tongban_en.ts"


def test_a_count_reads_as_english_one_and_many(window: MainWindow, qtbot: QtBot) -> None:
    start_residence_permit(window, qtbot)
    window.toggle_language()
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Tongban Terminal"), timeout=3000)
    try:
        editor = window.editor
        qtbot.waitUntil(lambda: "materials missing" in editor.state.text(), timeout=3000)
        missing = editor.materials.missing_names()
        assert editor.state.text().startswith(f"{len(missing)} materials missing")
        rows = editor.materials.rows
        for code in list(rows)[:-1]:  # all given but the last (the card read gave the first)
            rows[code].originals.setValue(1)
        if len(editor.materials.missing_names()) == 1:
            assert editor.state.text().startswith("1 material missing:"), editor.state.text()
        else:
            raise AssertionError(f"expected one missing, got {editor.materials.missing_names()}")
    finally:
        window.toggle_language()
