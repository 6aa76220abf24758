"""The citizen's signature (issue 16): a pad that takes a pen (QTabletEvent, with pressure),
touch and the mouse; and the dialog that shows what is signed beside it, with 清除, 撤销一笔,
恢复一笔 and a timeout. The envelope is made by terminal/signatures.py (no Qt there).

Ink is drawn into an image as each point arrives and only the segment's rectangle is
repainted, so pen-down to ink costs one small paint however long the signature grows
(bench/signature_latency.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPointingDevice,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal import signatures
from terminal.i18n import TongbanError
from terminal.signatures import Point, Signer
from ui import style
from ui.screen_fit import available, fit_to

if TYPE_CHECKING:
    from ui.citizen_rating import Screen

INK = QColor(10, 20, 90)
TIMEOUT_MS = 120_000  # two minutes without a stroke: the citizen has walked away or gave up
READ_CHARS = 16  # the document's column shows at least this many characters a line


class SignaturePad(QWidget):
    """Where the citizen signs. Strokes are kept in the envelope's units (WIDTH×HEIGHT),
    whatever the widget's size, with ms since the first pen-down and pressure where given."""

    inked = Signal()  # a point was added (the dialog's timeout starts again)
    changed = Signal()  # strokes added, cleared, undone or redone

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[list[Point]] = []
        self.undone: list[list[Point]] = []
        self._drawing = False
        self._clock = QElapsedTimer()
        self._ink = QImage()
        self.paints = 0  # frames painted: bench/signature_latency.py waits on it
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(300, 120)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        return QSize(signatures.WIDTH, signatures.HEIGHT)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width * signatures.HEIGHT // signatures.WIDTH

    # --- input ------------------------------------------------------------------------

    def _to_pad(self, pos: QPointF) -> tuple[float, float]:
        w, h = max(self.width(), 1), max(self.height(), 1)
        return pos.x() * signatures.WIDTH / w, pos.y() * signatures.HEIGHT / h

    def _point(self, pos: QPointF, pressure: float | None) -> Point:
        if not self._clock.isValid():
            self._clock.start()
        # Held down, the pen keeps its grab past the pad's edge: its ink stays on the edge,
        # never outside (where no repaint would show it, and a wait for ink would never end).
        pos = QPointF(
            min(max(pos.x(), 0.0), self.width() - 1.0), min(max(pos.y(), 0.0), self.height() - 1.0)
        )
        x, y = self._to_pad(pos)
        return (x, y, int(self._clock.elapsed()), pressure)

    def pen_down(self, pos: QPointF, pressure: float | None = None) -> None:
        self._drawing = True
        self.undone.clear()  # a new stroke ends what 恢复 could bring back
        self.strokes.append([self._point(pos, pressure)])
        self._draw_last(pos)

    def pen_move(self, pos: QPointF, pressure: float | None = None) -> None:
        if self._drawing:
            self.strokes[-1].append(self._point(pos, pressure))
            self._draw_last(pos)

    def pen_up(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A touch or pen Qt turned into a mouse event was taken already as itself.
        synthesized = event.source() is not Qt.MouseEventSource.MouseEventNotSynthesized
        if not synthesized and event.button() is Qt.MouseButton.LeftButton:
            self.pen_down(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.source() is Qt.MouseEventSource.MouseEventNotSynthesized:
            self.pen_move(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.source() is Qt.MouseEventSource.MouseEventNotSynthesized:
            self.pen_up()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = round(event.pressure(), 3)
        if kind is QEvent.Type.TabletPress:
            self.pen_down(event.position(), pressure)
        elif kind is QEvent.Type.TabletMove:
            self.pen_move(event.position(), pressure)
        elif kind is QEvent.Type.TabletRelease:
            self.pen_up()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            touch = cast(QTouchEvent, event)
            points = touch.points()
            if points:
                # One finger signs; a second one resting on the glass is a palm, not ink.
                first = points[0]
                device = touch.pointingDevice()
                has_pressure = device is not None and bool(
                    device.capabilities() & QPointingDevice.Capability.Pressure
                )
                pressure = round(first.pressure(), 3) if has_pressure else None
                if kind is QEvent.Type.TouchBegin:
                    self.pen_down(first.position(), pressure)
                elif kind is QEvent.Type.TouchUpdate:
                    self.pen_move(first.position(), pressure)
                else:
                    self.pen_move(first.position(), pressure)
                    self.pen_up()
            event.accept()
            return True
        if kind is QEvent.Type.TouchCancel:
            self.pen_up()
            event.accept()
            return True
        return super().event(event)

    # --- drawing ----------------------------------------------------------------------

    def _pen(self) -> QPen:
        width = max(2.0, self.width() / signatures.WIDTH * 3)
        return QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)

    def _draw_last(self, pos: QPointF) -> None:
        """The newest segment into the ink image, and a repaint of its rectangle only."""
        stroke = self.strokes[-1]
        sx = self.width() / signatures.WIDTH
        sy = self.height() / signatures.HEIGHT
        end = QPointF(stroke[-1][0] * sx, stroke[-1][1] * sy)
        start = QPointF(stroke[-2][0] * sx, stroke[-2][1] * sy) if len(stroke) > 1 else end
        self._ensure_image()
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = self._pen()
        painter.setPen(pen)
        if start == end:
            painter.drawPoint(end)
        else:
            painter.drawLine(start, end)
        painter.end()
        margin = pen.widthF() + 2
        rect = QRectF(start, end).normalized().adjusted(-margin, -margin, margin, margin)
        self.update(rect.toAlignedRect())
        self.inked.emit()

    def _ensure_image(self) -> None:
        if self._ink.size() != self.size():
            self._redraw()

    def _redraw(self) -> None:
        """The whole ink image again from the strokes (a resize, an undo, a clear)."""
        self._ink = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        self._ink.fill(Qt.GlobalColor.transparent)
        sx = self.width() / signatures.WIDTH
        sy = self.height() / signatures.HEIGHT
        painter = QPainter(self._ink)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen())
        for stroke in self.strokes:
            points = [QPointF(p[0] * sx, p[1] * sy) for p in stroke]
            if len(points) == 1:
                painter.drawPoint(points[0])
            else:
                painter.drawPolyline(points)
        painter.end()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._redraw()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect: QRect = event.rect()
        painter.fillRect(rect, Qt.GlobalColor.white)
        base = int(self.height() * 0.78)  # the line to sign on, as on paper
        painter.setPen(QPen(QColor(180, 180, 180), 1, Qt.PenStyle.DashLine))
        painter.drawLine(12, base, self.width() - 12, base)
        painter.drawImage(rect, self._ink, rect)
        painter.end()
        self.paints += 1

    # --- clear, undo, redo --------------------------------------------------------------

    def clear(self) -> None:
        self.strokes.clear()
        self.undone.clear()
        self._drawing = False
        self._clock.invalidate()
        self._redraw()
        self.changed.emit()

    def undo(self) -> None:
        if self.strokes:
            self.undone.append(self.strokes.pop())
            self._drawing = False
            self._redraw()
            self.changed.emit()

    def redo(self) -> None:
        if self.undone:
            self.strokes.append(self.undone.pop())
            self._redraw()
            self.changed.emit()

    def is_empty(self) -> bool:
        return not any(self.strokes)


class SignatureDialog(QDialog):
    """What is signed (the 告知承诺书's text) beside the pad; the envelope once confirmed.
    Meant for the citizen's screen (ui/window_signing.py chooses it, as the rating does)."""

    def __init__(
        self,
        document: str,
        title: str,
        make: Callable[[list[list[Point]], bytes], dict[str, Any]],
        parent: QWidget | None = None,
        timeout_ms: int = TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.title = title
        self._make = make
        self.envelope: dict[str, Any] | None = None
        self.timed_out = False
        self.text = QPlainTextEdit(document)
        self.text.setReadOnly(True)
        self.pad = SignaturePad()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.problem = QLabel()
        style.set_role(self.problem, "error")
        self.problem.setWordWrap(True)
        self.clear_button = QPushButton()
        self.undo_button = QPushButton()
        self.redo_button = QPushButton()
        self.sign_button = QPushButton()
        self.sign_button.setDefault(True)
        self.cancel_button = QPushButton()
        for b in (self.clear_button, self.undo_button, self.redo_button, self.sign_button):
            b.setMinimumHeight(64)  # a finger's target on the citizen's screen
        self.clear_button.clicked.connect(self.pad.clear)
        self.undo_button.clicked.connect(self.pad.undo)
        self.redo_button.clicked.connect(self.pad.redo)
        self.sign_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)
        self.pad.changed.connect(self._enable)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self._time_out)
        self.pad.inked.connect(self.timer.start)
        right = QVBoxLayout()
        right.addWidget(self.hint)
        right.addWidget(self.pad, 1)
        right.addWidget(self.problem)
        buttons = QHBoxLayout()
        for b in (self.clear_button, self.undo_button, self.redo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_button)
        columns = QHBoxLayout()
        columns.addWidget(self.text, 2)
        columns.addLayout(right, 3)
        # The buttons under both columns: beside the document they made the dialog wider
        # than 1366 px in English large type.
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._enable()
        # Without a citizen-facing screen it opens on the clerk's monitor, turned to the
        # citizen: at its size hint the document was a column of 1-4 characters a line
        # (review 7, finding 1). Lines to read, whatever the type size; place_on() resizes.
        scrollbar = self.text.verticalScrollBar().sizeHint().width()
        self.text.setMinimumWidth(
            self.text.fontMetrics().horizontalAdvance("中" * READ_CHARS) + scrollbar + 12
        )
        fit_to(self, available(parent or self), 1100, 700)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("请签名：%1").replace("%1", self.title))
        self.hint.setText(self.tr("请阅读左侧文书，确认无误后在下方签上您的姓名。"))
        self.clear_button.setText(self.tr("清除重签"))
        self.undo_button.setText(self.tr("撤销一笔"))
        self.redo_button.setText(self.tr("恢复一笔"))
        self.sign_button.setText(self.tr("确认签名"))
        self.cancel_button.setText(self.tr("不签署"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:
        self.timer.start()
        super().showEvent(event)

    def _enable(self) -> None:
        self.sign_button.setEnabled(not self.pad.is_empty())
        self.undo_button.setEnabled(bool(self.pad.strokes))
        self.redo_button.setEnabled(bool(self.pad.undone))
        self.problem.clear()

    def _time_out(self) -> None:
        """Nobody signed for a while: nothing is kept, the clerk is told (ui/window_signing)."""
        self.timed_out = True
        self.pad.clear()
        self.reject()

    def confirm(self) -> None:
        try:
            self.envelope = self._make(
                [list(s) for s in self.pad.strokes], self.document.encode("utf-8")
            )
        except TongbanError as e:
            self.problem.setText(e.text())
            return
        self.timer.stop()
        self.accept()

    def place_on(self, screen: Screen) -> None:
        """The citizen's screen, whole: never the clerk's."""
        self.setGeometry(screen.availableGeometry())


def envelope_maker(
    *, title: str, purpose: str, signer: Signer, terminal_id: str, at: Callable[[], datetime]
) -> Callable[[list[list[Point]], bytes], dict[str, Any]]:
    """The dialog's ``make``: the envelope over the shown document's bytes, signed now."""

    def make(strokes: list[list[Point]], document: bytes) -> dict[str, Any]:
        return signatures.make_envelope(
            strokes,
            document=document,
            document_title=title,
            purpose=purpose,
            signer=signer,
            terminal_id=terminal_id,
            at=at(),
        )

    return make
