"""The Qt windows (clerk window, kiosk, hall display): the only package that imports PySide6."""

import PySide6.QtCore  # noqa: F401 (first, for the hook below: every window imports it anyway)

from ui import pyside_hook

pyside_hook.install()  # before the modules of the windows are imported (ui/pyside_hook.py)
