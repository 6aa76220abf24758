"""The oldest system this build runs on, and whether this one is new enough.

A Qt binding's wheels, and a PyInstaller bundle built from them, need at least the glibc
their libraries were linked against (PySide6 6.10 and later: 2.34 on x86_64). UOS V20 and
Kylin V10 ship 2.28–2.31: there the window cannot start at all, with a loader error no
clerk can read. ``tongban doctor`` says it in a sentence instead: the running system's
glibc, the highest version the Qt libraries ask for, and what to do.

The floor is read from the libraries themselves (the ``GLIBC_x.y`` version names an ELF
file needs are plain strings in it), not from a table that would go stale with the next
Qt release.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

GLIBC_NEED = re.compile(rb"GLIBC_(\d+)\.(\d+)")
# The libraries the window cannot start without: Qt's core, GUI and widgets, and the
# binding's own. (Scanning all of Qt would read 150 MB for one answer.)
KEY_LIBRARIES = (
    "libQt6Core.so",
    "libQt6Gui.so",
    "libQt6Widgets.so",
    "libpyside6.abi3.so",
    "libshiboken6.abi3.so",
    "QtCore.abi3.so",
    "QtWidgets.abi3.so",
)

Version = tuple[int, int]


def glibc_needed(files: Iterable[Path]) -> Version | None:
    """The highest glibc version any of these ELF files asks for; None when none does."""
    found: Version | None = None
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not data.startswith(b"\x7fELF"):
            continue
        for major, minor in GLIBC_NEED.findall(data):
            version = (int(major), int(minor))
            if found is None or version > found:
                found = version
    return found


def qt_libraries() -> list[Path]:
    """The key libraries as this program loads them: from the bundle when frozen, else
    from the installed PySide6 (found without importing it: the core stays Qt-free)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots = [Path(bundle)]
    else:
        spec = importlib.util.find_spec("PySide6")
        if spec is None or spec.origin is None:
            return []
        roots = [Path(spec.origin).parent]
        shiboken = importlib.util.find_spec("shiboken6")
        if shiboken is not None and shiboken.origin is not None:
            roots.append(Path(shiboken.origin).parent)
    return sorted({p for root in roots for p in _key_files(root)})


def _key_files(root: Path) -> Iterator[Path]:
    for name in KEY_LIBRARIES:
        yield from root.rglob(name + "*")


def glibc_running() -> Version | None:
    try:
        said = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"
    except (ValueError, OSError):
        return None
    m = re.fullmatch(r"glibc (\d+)\.(\d+).*", said)
    return (int(m[1]), int(m[2])) if m else None


def system_name() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", platform.platform())
    except OSError:
        return platform.platform()


def shown(version: Version | None) -> str:
    return "?" if version is None else f"{version[0]}.{version[1]}"
