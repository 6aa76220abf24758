"""The signature pad (issue 16): signed with synthesized mouse, touch and pen events
offscreen; the envelope verifies against the document shown and fails on a changed one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from terminal import signatures
from terminal.clock import CHINA
from terminal.signatures import Signer
from ui.widgets.signature_pad import SignatureDialog, envelope_maker

DOCUMENT = "告知承诺书\n本人承诺：所填居住地址真实。（示例）"
SIGNER = Signer.from_card("11010519491231002X", None)  # invented; the standard's number


def dialog(qtbot: QtBot, timeout_ms: int = 120_000) -> SignatureDialog:
    make = envelope_maker(
        title="告知承诺书",
        purpose="promise",
        signer=SIGNER,
        terminal_id="XH-W03",
        at=lambda: datetime(2026, 12, 7, 10, 0, tzinfo=CHINA),
    )
    d = SignatureDialog(DOCUMENT, "告知承诺书", make, timeout_ms=timeout_ms)
    qtbot.addWidget(d)
    d.resize(1000, 400)
    d.show()
    qtbot.waitExposed(d)
    return d


def mouse_stroke(d: SignatureDialog, points: list[tuple[int, int]]) -> None:
    pad = d.pad
    QTest.mousePress(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def test_signing_with_the_mouse_makes_an_envelope_bound_to_the_document(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    assert d.text.toPlainText() == DOCUMENT  # what is signed is shown beside the pad
    assert not d.sign_button.isEnabled()  # nothing to confirm before a stroke
    mouse_stroke(d, [(20, 30), (60, 50), (120, 40), (160, 90)])
    assert d.sign_button.isEnabled()
    qtbot.waitUntil(lambda: d.pad.paints > 0)  # the ink is painted
    d.sign_button.click()
    env = d.envelope
    assert env is not None and d.result() == SignatureDialog.DialogCode.Accepted
    assert signatures.verify(env, DOCUMENT.encode())
    assert not signatures.verify(env, (DOCUMENT + "。").encode())
    stroke = env["strokes"][0]
    assert len(stroke) == 4 and all(p[3] is None for p in stroke)  # a mouse has no pressure
    assert [p[2] for p in stroke] == sorted(p[2] for p in stroke)  # times in order
    # Pad units, whatever the widget's size: x scaled by 600 / the pad's width.
    assert abs(stroke[0][0] - 20 * signatures.WIDTH / d.pad.width()) < 0.11
    # Changed strokes fail against the hash that was journaled.
    changed = dict(env, strokes=[[[1.0, 1.0, 0, None]]])
    assert not signatures.verify(changed, DOCUMENT.encode(), journaled_hash=env["hash"])


def test_signing_with_touch(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    window = d.windowHandle()
    # Through the window, as a touch screen's events arrive (QWindowSystemInterface); one
    # named sequence a step: PySide commits a chained temporary before it is filled.
    steps = [("press", 30, 40), ("move", 80, 60), ("move", 140, 70), ("release", 150, 70)]
    for step, x, y in steps:
        seq = QTest.touchEvent(window, device)
        getattr(seq, step)(0, d.pad.mapTo(d, QPoint(x, y)))
        seq.commit()
    assert len(d.pad.strokes) == 1 and len(d.pad.strokes[0]) >= 3
    d.sign_button.click()
    assert d.envelope is not None
    assert signatures.verify(d.envelope, DOCUMENT.encode())
    assert not signatures.verify(d.envelope, DOCUMENT.replace("真实", "不实").encode())


def test_a_pen_records_its_pressure(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    pen = QPointingDevice.primaryPointingDevice()
    for kind, x, pressure in (
        (QEvent.Type.TabletPress, 30, 0.25),
        (QEvent.Type.TabletMove, 70, 0.5),
        (QEvent.Type.TabletMove, 110, 0.75),
        (QEvent.Type.TabletRelease, 110, 0.0),
    ):
        pos = QPointF(x, 50)
        event = QTabletEvent(
            kind,
            pen,
            pos,
            d.pad.mapToGlobal(pos),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(d.pad, event)
    assert [p[3] for p in d.pad.strokes[0]] == [0.25, 0.5, 0.75]
    d.sign_button.click()
    assert d.envelope is not None and d.envelope["strokes"][0][1][3] == 0.5
    assert signatures.verify(d.envelope, DOCUMENT.encode())


def test_clear_undo_and_redo(qtbot: QtBot) -> None:
    d = dialog(qtbot)
    mouse_stroke(d, [(20, 30), (60, 50)])
    mouse_stroke(d, [(200, 30), (260, 80)])
    assert len(d.pad.strokes) == 2
    d.undo_button.click()
    assert len(d.pad.strokes) == 1 and d.redo_button.isEnabled()
    d.redo_button.click()
    assert len(d.pad.strokes) == 2 and not d.redo_button.isEnabled()
    d.clear_button.click()
    assert d.pad.is_empty() and not d.sign_button.isEnabled()
    mouse_stroke(d, [(50, 50), (90, 90)])
    d.sign_button.click()
    assert d.envelope is not None and len(d.envelope["strokes"]) == 1  # only what is left


def test_a_signature_left_alone_times_out_and_keeps_nothing(qtbot: QtBot) -> None:
    d = dialog(qtbot, timeout_ms=50)
    mouse_stroke(d, [(20, 30), (60, 50)])
    with qtbot.waitSignal(d.rejected, timeout=5000):
        pass
    assert d.timed_out and d.envelope is None and d.pad.is_empty()


def test_a_pen_dragged_past_the_edge_inks_the_edge_and_is_painted(qtbot: QtBot) -> None:
    """Ink outside the pad was never repainted (and a wait for it never ended)."""
    d = dialog(qtbot)
    qtbot.waitUntil(lambda: d.pad.paints > 0)
    before = d.pad.paints
    mouse_stroke(d, [(d.pad.width() - 30, 40), (d.pad.width() + 200, 60)])
    qtbot.waitUntil(lambda: d.pad.paints > before)
    last = d.pad.strokes[-1][-1]
    assert signatures.WIDTH - 2 <= last[0] <= signatures.WIDTH
