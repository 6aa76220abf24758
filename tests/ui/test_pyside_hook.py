"""The window's cold start (issue 19): PySide's per-module source check, read as bytes
(ui/pyside_hook.py), is the one in use once ``ui`` is imported, and answers as PySide's does:
a module that names PySide6 uses it, one that does not does not."""

from __future__ import annotations

import importlib

import ui  # noqa: F401  (installs the hook)


def test_the_quick_check_is_in_use_and_gives_the_right_answer() -> None:
    feature = importlib.import_module("PySide6.support.feature")
    check = feature._mod_uses_pyside
    assert getattr(check, "_fast", False)  # ui installed it
    for name, uses in (("ui.widgets.history", True), ("ui.style", True),
                       ("terminal.cases", False), ("sync.engine", False)):  # fmt: skip
        assert check(importlib.import_module(name)) is uses, name
