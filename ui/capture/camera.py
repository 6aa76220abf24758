"""The document camera (高拍仪, a UVC camera) through Qt Multimedia.

The camera runs at its largest format (usually MJPEG: a 5 MP sensor sends 2592 x 1944),
so the still is simply the newest frame, at full size, with no mode switch and no wait.
The preview is that frame scaled down, at most ``PREVIEW_FPS`` times a second: a frame's
conversion costs the GUI thread a few milliseconds, the full rate would cost a core.
Tests, and a camera Qt cannot open itself, push frames through ``QVideoFrameInput``.
"""

from __future__ import annotations

import time

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoFrameFormat,
    QVideoFrameInput,
    QVideoSink,
)

from ui.capture.images import qimage_to_pil

PREVIEW_FPS = 8


def largest_format(device: QCameraDevice) -> QCameraFormat | None:
    """The format with the most pixels; at equal size MJPEG (the camera compresses, so
    USB 2.0 carries full frames at a usable rate) over raw YUV."""

    def rank(f: QCameraFormat) -> tuple[int, bool, float]:
        size = f.resolution()
        mjpeg = f.pixelFormat() == QVideoFrameFormat.PixelFormat.Format_Jpeg
        return size.width() * size.height(), mjpeg, f.maxFrameRate()

    formats = device.videoFormats()
    return max(formats, key=rank) if formats else None


class CameraFeed(QObject):
    preview = Signal(QImage)  # scaled, on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self.session.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._frame)
        self.camera: QCamera | None = None
        self.frame_input: QVideoFrameInput | None = None
        self._last: QVideoFrame | None = None
        self._shown_at = 0.0
        self.preview_width = 640

    def open_camera(self, device: QCameraDevice | None = None) -> bool:
        """The configured or the default video input; False when there is none."""
        device = device or QMediaDevices.defaultVideoInput()
        if device.isNull():
            return False
        camera = QCamera(device, self)
        best = largest_format(device)
        if best is not None:
            camera.setCameraFormat(best)
        self.session.setCamera(camera)
        self.camera = camera
        camera.start()
        return True

    def push_input(self) -> QVideoFrameInput:
        """A frame input in place of a camera: whoever holds it sends the frames."""
        self.frame_input = QVideoFrameInput(self)
        self.session.setVideoFrameInput(self.frame_input)
        return self.frame_input

    def close(self) -> None:
        if self.camera is not None:
            self.camera.stop()

    def has_frame(self) -> bool:
        return self._last is not None and self._last.isValid()

    def still(self) -> Image.Image | None:
        """The newest frame at full size, copied out of Qt's buffer (the capture thread
        then works on its own pixels)."""
        if self._last is None or not self._last.isValid():
            return None
        return qimage_to_pil(self._last.toImage())

    def _frame(self, frame: QVideoFrame) -> None:
        self._last = QVideoFrame(frame)
        now = time.monotonic()
        if now - self._shown_at < 1 / PREVIEW_FPS:
            return
        self._shown_at = now
        image = frame.toImage()
        if not image.isNull():
            self.preview.emit(image.scaledToWidth(self.preview_width))
