"""Screenshots of the clerk's window for docs/ and the README, taken under Xvfb as a person sees it.

Run: ./dev screenshots   (xvfb-run -a python docs/screenshots/take.py)
The citizens are the demo's invented ones.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from terminal import clerks
from terminal.cases import Decision
from ui import demo
from ui.app import application, build_context, open_window, prepare, shutdown
from ui.bridge import Bridge
from ui.main_window import MainWindow
from ui.queue_link import QueueLink
from ui.screen_fit import fit_to

OUT = Path(__file__).parent
COUNTER = QRect(0, 0, 1366, 728)


def shoot(widget: QWidget, name: str) -> None:
    screen = QGuiApplication.primaryScreen()
    window = widget.window()
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    geometry = widget.geometry() if widget is window else widget.rect().translated(top_left)
    picture = screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height())
    picture.save(str(OUT / name))
    print("wrote", OUT / name)


def fill_case(window: MainWindow) -> None:
    window.place_card(demo.sample_cards()[0])
    window.editor.picker.query.setText("jzz")
    window.editor.picker._pick_current()
    form = window.editor.form
    for qid, value in (
        ("jzz_apply_type", "first"),
        ("jzz_basis", "employment"),
        ("residence_type", "rented"),
    ):
        box = form.question_boxes[qid]
        box.setCurrentIndex(box.findData(value))
    for fid, text in (
        ("residence_address", "上海市徐汇区示例路88号"),
        ("residence_start_date", "2026-05-01"),
        ("applicant_phone", "1380000"),
    ):
        form.field_inputs[fid].setText(text)  # type: ignore[union-attr]
        form.field_inputs[fid].editingFinished.emit()  # type: ignore[union-attr]
    window.editor.materials.rows["CL-SFZ"].originals.setValue(1)
    window.editor.materials.rows["CL-ZLHT"].originals.setValue(1)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        config = demo.prepare_data(data_dir)
        portal = demo.start_portal(data_dir, config)  # the queue panel shows the portal's tickets
        app = application()
        prepare(app, config)
        ctx = build_context(config, data_dir)
        ctx.clerk = clerks.Clerk("demo", "演示员", clerks.Role.CLERK)
        window = open_window(ctx)
        demo.add_card_menu(window)
        bridge = Bridge(ctx)  # the portal's appointments and the status line, as at a counter
        window.links.attach(bridge)
        bridge.start_sync(poll_seconds=1.0)
        queue_link = QueueLink(ctx)
        queue_link.start()
        window.links.attach_queue(queue_link)
        window.setGeometry(0, 0, 1600, 900)
        window.show()
        fill_case(window)
        for group in ("A", "A", "C"):
            queue_link.run(lambda hall, g=group: hall.take(g), lambda _r: None, print)
        steps = [
            lambda: window.links.queue_panel.press("next"),
            lambda: shoot(window, "window-zh.png"),
            lambda: shoot(window.editor.materials, "materials.png"),
            window.toggle_large_type,
            lambda: shoot(window, "window-large-type.png"),
            window.toggle_large_type,
            # The counter monitors halls have: 1366×768 (less a task bar) and 1920×1080.
            lambda: window.setGeometry(COUNTER),
            lambda: shoot(window, "window-1366.png"),
            window.toggle_large_type,
            lambda: shoot(window, "window-1366-large-type.png"),
            window.toggle_large_type,
            lambda: window.setGeometry(0, 0, 1920, 1040),
            lambda: shoot(window, "window-1920.png"),
            lambda: window.editor.form.field_inputs["applicant_phone"].setText("13800000088"),  # type: ignore[union-attr]
            lambda: window.on_decide(Decision.NEEDS_CORRECTION),
            lambda: None,
            lambda: window.preview and shoot(window.preview, "print-preview.png"),
            lambda: window.preview and fit_to(window.preview, COUNTER, 820, 1000),
            lambda: window.preview and shoot(window.preview, "print-preview-1366.png"),
            app.quit,
        ]
        for i, step in enumerate(steps):
            QTimer.singleShot(600 * (i + 1), step)
        app.exec()
        shutdown(ctx)
        portal.stop()
    return 0


if __name__ == "__main__":
    import take_display  # the hall display's board, in the same Xvfb session
    import take_kiosk
    import take_supervisor  # last: it sets the clock to its own day

    sys.exit(main() or take_display.main() or take_kiosk.main() or take_supervisor.main())
