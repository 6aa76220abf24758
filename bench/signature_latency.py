"""Signature capture latency: pen down to ink painted, on the pad the citizen signs on.

Each sample presses at a new spot of the pad in a shown SignatureDialog (offscreen), then
runs the event loop until the pad has painted a frame that holds the new ink; the time
between is one sample. Each stroke then moves 60 px right before it ends, past the pad's
edge near it, as a pen held down and dragged off the pad does.

Why such a loop stalls (the earlier attempt's ~60 samples; reproduced here, not with its
code): (1) spots spread over the dialog, wider than the pad, had the pad draw ink outside its
own rectangle (QTest sends a press to the widget whatever the position, as a pen's grab
does past the edge); no repaint followed and a loop waiting for one waited forever (38 of
100 samples). The pad now keeps ink on its edge (ui/widgets/signature_pad.py ``_point``).
(2) touch sent to a child widget's ``windowHandle()`` (None) reaches nobody: every sample
waits. Touch goes to the dialog's window here. The loop gives up on a sample after STALL_S
and counts it, so a stall is reported, never hung on. Strokes accumulate as on a real
signature (cleared every 150 strokes, as a citizen would 清除重签), so a cost that grows with
the ink shows up. Target: under 16 ms (one frame at 60 Hz).
Run: .venv/bin/python -m bench.signature_latency [--samples 300] [--source mouse|touch]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import percentiles
from ui.widgets.signature_pad import SignatureDialog

STALL_S = 2.0  # a sample that takes this long is a stall: reported, not waited on forever


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--source", choices=("mouse", "touch"), default="mouse")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    dialog = SignatureDialog("告知承诺书（基准测试）", "告知承诺书", lambda s, b: {})
    dialog.resize(1280, 480)
    dialog.show()
    QTest.qWaitForWindowExposed(dialog)
    pad = dialog.pad
    span = pad.width() - 40
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    window = dialog.windowHandle()
    samples: list[float] = []
    stalls = 0
    for i in range(args.samples):
        if i and i % 150 == 0:
            pad.clear()
            app.processEvents()
        # A new spot every time, 37 px apart along rows 23 px apart.
        x, y = 20 + (i * 37) % span, 20 + (i * 37 // span * 23) % (pad.height() - 40)
        painted = pad.paints
        start = time.perf_counter()
        if args.source == "mouse":
            QTest.mousePress(
                pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
            )
        else:
            seq = QTest.touchEvent(window, device)
            seq.press(0, pad.mapTo(dialog, QPoint(x, y)))
            seq.commit(False)
        while pad.paints == painted and time.perf_counter() - start < STALL_S:
            app.processEvents()
        elapsed = time.perf_counter() - start
        if pad.paints == painted:
            stalls += 1
        else:
            samples.append(elapsed * 1000)
        if args.source == "mouse":
            QTest.mouseMove(pad, QPoint(x + 60, y + 4))
            QTest.mouseRelease(
                pad,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                QPoint(x + 60, y + 4),
            )
        else:
            seq = QTest.touchEvent(window, device)
            seq.move(0, pad.mapTo(dialog, QPoint(x + 60, y + 4)))
            seq.commit()
            seq = QTest.touchEvent(window, device)
            seq.release(0, pad.mapTo(dialog, QPoint(x + 60, y + 4)))
            seq.commit()
        app.processEvents()
    print(f"signature pen-down → ink painted ({args.source}, offscreen): {percentiles(samples)}")
    print(
        f"stalls (no paint within {STALL_S:.0f} s): {stalls}; strokes last held: {len(pad.strokes)}"
    )


if __name__ == "__main__":
    main()
