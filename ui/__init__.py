"""The Qt windows (clerk window, kiosk, hall display): the only package that imports PySide6."""
