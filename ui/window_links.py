"""The clerk's window's links to the other threads: the bridge's reader and sync events,
e-certificate answers, the hall queue's panel. A plain object the window holds
(``MainWindow.links``), kept apart from ui/main_window.py, which is the case flow; no
user-facing text here (translations follow MainWindow's context)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore

from terminal.identity import normalise_id_number
from terminal.store import Store

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from sync.ecerts import EcertAnswer
    from sync.state import RefusedEvent, SyncStatus
    from sync.worker import SyncEvent
    from ui.bridge import Bridge
    from ui.main_window import MainWindow
    from ui.queue_link import QueueLink
    from ui.widgets.queue_panel import QueuePanel


def find_appointment(window: MainWindow, id_number: str) -> None:
    """The citizen whose card was read booked online: their service is one key away."""
    from ui.widgets.service_picker import intake_name

    def found(booked: tuple[str, str] | None) -> None:
        if booked is None or not window.editor.is_for(id_number):
            return  # none, or it came after the citizen left the counter
        code, start = booked
        name = intake_name(window.ctx.catalogue, code) or code
        window.editor.offer_appointment(
            code,
            QtCore.QCoreApplication.translate("MainWindow", "有网上预约：%1 %2")
            .replace("%1", start[:16].replace("T", " "))
            .replace("%2", name),
        )

    window.ctx.store_jobs.submit(lambda store: booked_appointment(store, id_number), found)


def offer_booked_service(window: MainWindow, intake_code: str) -> None:
    """The called ticket is an appointment's: its service is one key away."""
    from ui.widgets.service_picker import intake_name

    name = intake_name(window.ctx.catalogue, intake_code)
    if name is None:  # a code this catalogue does not know: the clerk picks by hand
        return
    text = QtCore.QCoreApplication.translate("MainWindow", "预约事项：%1")
    window.editor.offer_appointment(intake_code, text.replace("%1", name))


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
    """What reaches the clerk's window from the other threads, always on the GUI thread (the
    bridge's signals and the queue panel's link are fed by the app's dispatcher)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.bridge: Bridge | None = None
        self.queue_panel: QueuePanel | None = None
        self.queue_dock: QDockWidget | None = None
        self.sync_status: SyncStatus | None = None  # the sync worker's last word, for a glance
        self.told: set[int] = set()  # refused events already said in this window

    def attach(self, bridge: Bridge) -> None:
        """Listen to the card reader and the sync worker through the bridge (ui/bridge.py)."""
        self.bridge = bridge
        bridge.card_event.connect(self.window.on_card_event)
        bridge.sync_event.connect(self.on_sync_event)
        bridge.ecert_answer.connect(self.on_ecert_answer)

    def sync_now(self) -> None:
        """A case was just recorded: the sync worker pushes it now, not at its next poll."""
        if self.bridge is not None:
            self.bridge.sync_now()

    def on_sync_event(self, event: SyncEvent) -> None:
        status = self.window.status
        if event.kind == "progress":
            status.show_sent(event.sent)
        if event.upload is not None:
            u = event.upload
            percent = u.current_offset * 100 // u.current_size if u.current_size else None
            status.set_attachments(u.files_waiting, u.bytes_waiting, percent)
        if event.status is not None:
            s = event.status
            status.set_portal(bool(s.online), (s.offline_since or "")[:16].replace("T", " "))
            status.set_waiting(s.waiting, len(s.stuck))
            status.set_attachments(s.attachments_waiting, s.attachment_bytes_waiting)
            status.set_progress(0, 0)
            self.sync_status = s
            self.tell_refused(s.refused_events)

    def tell_refused(self, refused: list[RefusedEvent]) -> None:
        """The portal refused a void, a withdrawal…: the case is back in the portal's state,
        and the clerk, who may have handed the citizen a void record, must hear it (newest)."""
        from terminal.i18n import tr as core_text

        new = [r for r in refused if r.outbox_id not in self.told]
        self.told.update(r.outbox_id for r in refused)
        if not new:
            return
        r = new[0]
        text = QtCore.QCoreApplication.translate(
            "MainWindow", "平台未接受办件 %1 的%2：此办件已按平台改为“%3”。请告知主管并联系申请人。"
        )
        text = (
            text.replace("%1", r.receipt_no)
            .replace("%2", core_text("case.event." + r.event))
            .replace("%3", core_text("state." + r.state))
        )
        self.window.statusBar().showMessage(text)

    def look_up_ecerts(self, id_number: str, materials: list[str]) -> None:
        if self.bridge is None:
            return
        for code in materials:
            self.bridge.lookup_ecert(id_number, code)

    def on_ecert_answer(
        self, id_number: str, material: str, answer: EcertAnswer | BaseException
    ) -> None:
        editor = self.window.editor
        applicant = editor.applicant.applicant()
        if isinstance(answer, BaseException) or not answer.certificates:
            return  # the portal could not say: the clerk checks the paper, as without a portal
        # The citizen's own, or their company's (looked up by its credit code: issue 14).
        if applicant is None or id_number not in (applicant.id_number, editor.parties.code()):
            return  # the answer came after the citizen left the counter
        editor.materials.set_ecert_hits(set(editor.materials.ecert_hits) | {material})

    def attach_queue(self, link: QueueLink) -> None:
        """The queue panel beside the case (ui/widgets/queue_panel.py), F5–F8 from anywhere."""
        from terminal.hall import groups_or_shipped
        from ui.widgets.queue_panel import QueuePanel

        window = self.window
        groups, problem = groups_or_shipped(window.ctx.data_dir)
        if problem:  # the hall's groups file is broken: the panel works, and the clerk can tell IT
            window.statusBar().showMessage(problem)
        panel = QueuePanel(link, groups, window.ctx.config.window)
        panel.install_shortcuts(window)
        panel.appointment_called.connect(lambda code: offer_booked_service(window, code))
        self.queue_panel = panel
        from PySide6.QtWidgets import QDockWidget  # with the queue, after the first paint

        self.queue_dock = QDockWidget(window)
        self.queue_dock.setObjectName("queue")
        self.queue_dock.setWidget(panel)
        self.queue_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        window.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.queue_dock)
        window.retranslate()
