"""PySide's import hook, made cheap (the window's cold start, issue 19).

Once PySide6 is imported it looks at every module imported after it, once each, for the word
"PySide6" in its source (to know which modules its opt-in ``from __feature__ import ...``
applies to): through ``inspect.getsource``, which reads, decodes and splits the file and keeps
its lines in ``linecache`` for good. About 100 modules are first imported after PySide before
the window's first paint: ~18 ms of CPU. The same answer is read here as bytes, ~10× faster.
Anything but a plain ``.py`` file goes to PySide's own check, and a PySide without this
(private) function is left as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def install() -> None:
    feature = sys.modules.get("PySide6.support.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "_fast", False):
        return
    vars(feature)["_mod_uses_pyside"] = fast_check(original)


def fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:  # as inspect.getsource: no source, no PySide
            return False

    uses_pyside._fast = True  # type: ignore[attr-defined]
    return uses_pyside
