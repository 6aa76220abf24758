"""The clerk's window's links to the other threads: the bridge's reader and sync events,
e-certificate answers, the hall queue's panel. Kept apart from ui/main_window.py, which
is the case flow; no user-facing text here (translations follow MainWindow's context)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from terminal.identity import normalise_id_number
from terminal.store import Store

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.widgets.case_editor import CaseEditor
    from ui.widgets.status_bar import TerminalStatusBar


def booked_appointment(store: Store, id_number: str) -> tuple[str, str] | None:
    """(service code, slot start) of this citizen's booking from today on, pulled from the
    portal; one checked in at the kiosk (arrived) is still the service they came for."""
    from terminal.clock import now
    from terminal.hall import day_of

    try:
        row = store.conn.execute(
            "SELECT intake_code, slot_start FROM appointments WHERE id_number = ?"
            " AND state IN ('booked', 'arrived') AND substr(slot_start, 1, 10) >= ?"
            " ORDER BY slot_start LIMIT 1",
            (normalise_id_number(id_number), day_of(now())),
        ).fetchone()
    except Exception:  # an older store without appointments: nothing to offer
        return None
    return (row[0], row[1]) if row else None


class WindowLinks:
    """Mixed into MainWindow (a QMainWindow), whose attributes these methods use."""

    ctx: AppContext
    editor: CaseEditor
    status: TerminalStatusBar
    queue_panel: Any
    queue_dock: QDockWidget

    def attach(self, bridge: QObject) -> None:
        """Listen to the card reader and the sync worker through the bridge (ui/bridge.py)."""
        self.ctx.extras["bridge"] = bridge
        bridge.card_event.connect(self.on_card_event)  # type: ignore[attr-defined]
        bridge.sync_event.connect(self.on_sync_event)  # type: ignore[attr-defined]
        bridge.ecert_answer.connect(self.on_ecert_answer)  # type: ignore[attr-defined]

    def on_sync_event(self, event: object) -> None:
        status = getattr(event, "status", None)
        kind = getattr(event, "kind", "")
        if kind == "progress":
            waiting = self.status._waiting[0]
            self.status.set_progress(int(getattr(event, "sent", 0)), max(waiting, 1))
        if status is not None:
            self.status.set_portal(
                bool(status.online), (status.offline_since or "")[:16].replace("T", " ")
            )
            self.status.set_waiting(status.waiting, len(status.stuck))
            self.status.set_progress(0, 0)
            self.ctx.extras["sync_status"] = status

    def look_up_ecerts(self, id_number: str, materials: list[str]) -> None:
        bridge = self.ctx.extras.get("bridge")
        if bridge is None:
            return
        for code in materials:
            bridge.lookup_ecert(id_number, code)  # type: ignore[attr-defined]

    def on_ecert_answer(self, id_number: str, material: str, answer: object) -> None:
        applicant = self.editor.applicant.applicant()
        certificates = getattr(answer, "certificates", None)
        if applicant is None or applicant.id_number != id_number or not certificates:
            return
        hits = set(self.editor.materials.ecert_hits) | {material}
        self.editor.materials.set_ecert_hits(hits)

    def attach_queue(self, link: QObject) -> None:
        """The queue panel beside the case (ui/widgets/queue_panel.py), F5–F8 from anywhere."""
        from terminal.hall import groups_or_shipped
        from ui.widgets.queue_panel import QueuePanel

        groups, problem = groups_or_shipped(self.ctx.data_dir)
        if problem:  # the hall's groups file is broken: the panel works, and the clerk can tell IT
            self.statusBar().showMessage(problem)  # type: ignore[attr-defined]
        panel = QueuePanel(link, groups, self.ctx.config.window)  # type: ignore[arg-type]
        panel.install_shortcuts(self)
        panel.appointment_called.connect(self.offer_booked_service)
        self.queue_panel = panel
        self.queue_dock = QDockWidget(self)
        self.queue_dock.setObjectName("queue")
        self.queue_dock.setWidget(panel)
        self.queue_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.queue_dock)
        self.retranslate()
