"""Qt's translation: widget texts are written in Chinese (the first language) and
translated to English by ``translations/tongban_en.qm``, switchable at run time.

Qt's own texts (确定/取消/是/否 in message boxes and button boxes, a line edit's menu) are
English unless Qt's Chinese catalogue is loaded: ``qtbase_zh_CN.qm`` from PySide6's
translations folder, installed in the Chinese UI.

The core's messages (validation errors, states) switch along through terminal.i18n.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from terminal import i18n

FOLDER = Path(__file__).parent / "translations"
_installed: list[QTranslator] = []


def set_language(app: QApplication, language: str) -> bool:
    """Switch widgets and core messages; widgets retranslate on their LanguageChange event."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    i18n.set_language(language)
    ok = True
    if i18n.current_language() == "en":
        translator = QTranslator(app)
        ok = translator.load(str(FOLDER / "tongban_en.qm"))
        if ok:
            app.installTranslator(translator)
            _installed.append(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    else:
        # Under the C locale Qt would print dates as "26 11 2026".
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ok = translator.load("qtbase_zh_CN", folder)
        if ok:
            app.installTranslator(translator)
            _installed.append(translator)
    return ok
