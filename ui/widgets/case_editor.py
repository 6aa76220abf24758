"""One citizen's application on one screen, top to bottom as the eye goes:
applicant → service → situation and form → materials → decision.

It only gathers and checks; the main window records, prints and rates."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from terminal.catalogue import Catalogue, CatalogueError, Intake
from terminal.identity import DocumentKind, IdentityDocument, normalise_id_number
from terminal.workdays import Calendar
from ui import style
from ui.shortcuts import key_for
from ui.widgets.applicant_panel import ApplicantPanel
from ui.widgets.fee_panel import FeePanel, fee_draft
from ui.widgets.fit import VerticalScrollArea
from ui.widgets.materials_checklist import MaterialsChecklist
from ui.widgets.parties_panel import PartiesPanel
from ui.widgets.service_picker import ServicePicker
from ui.widgets.situation_form import SituationForm

if TYPE_CHECKING:
    from devices.cards.photo import Portrait
    from terminal.attachments.model import Attachment
    from terminal.cases import Capture


class CaseEditor(QWidget):
    decide = Signal(object)  # Decision
    draft_changed = Signal()  # something typed: autosave soon
    ecerts_wanted = Signal(
        str, list
    )  # ID number, material codes the portal may hold as e-certificates
    applicant_known = Signal(str)  # ID number: look for an appointment

    def __init__(
        self, catalogue: Catalogue, parent: QWidget | None = None, calendar: Calendar | None = None
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._case_id: str | None = None  # minted when first asked for (see case_id)
        self.finished = False  # recorded: the window starts a new case for whoever comes next
        self.intake: Intake | None = None
        # Materials scanned or photographed (ui/capture), by material code: their PDFs are
        # stored already (put_file); the decision lists them with the case.
        self.captured: dict[str, Attachment] = {}
        # Signed 告知承诺 envelopes, by material (ui/window_signing.py): listed with the case.
        self.signed: dict[str, Attachment] = {}
        self.applicant = ApplicantPanel()
        self.picker = ServicePicker(catalogue)
        self.form = SituationForm()
        self.materials = MaterialsChecklist()
        self.fees = FeePanel(calendar)  # 收费与加急: hidden for a free service
        self.parties = PartiesPanel(self, catalogue)  # 本人 / 代办 / 单位 (issue 14)
        self.accept_button = QPushButton()
        self.notice_button = QPushButton()
        self.reject_button = QPushButton()
        for b in (self.accept_button, self.notice_button, self.reject_button):
            style.set_role(b, "decision")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.appointment = QLabel()
        style.set_role(self.appointment, "ok")
        self.appointment.setVisible(False)
        self.appointment_button = QPushButton()
        self.appointment_button.setVisible(False)
        self.appointment_code: str | None = None
        # The return after 补正 (ui/comeback.py): the open case it offers or continues.
        self.returning: dict[str, Any] | None = None
        self.comeback = QLabel()
        self.comeback.setWordWrap(True)
        style.set_role(self.comeback, "ok")
        self.comeback.setVisible(False)
        self.comeback_button = QPushButton()
        self.comeback_button.setVisible(False)
        key_for(self.appointment_button, "F4")
        self.appointment_button.clicked.connect(
            lambda: self.appointment_code and self.choose(self.appointment_code)
        )

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.applicant)
        left_layout.addWidget(self.appointment)
        left_layout.addWidget(self.appointment_button)
        left_layout.addWidget(self.comeback)
        left_layout.addWidget(self.comeback_button)
        left_layout.addWidget(self.picker, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        # Who applies, and the agent's or company's panel: on the side that scrolls, so the
        # applicant and the service stay in view at 1366×768 in large type too.
        right_layout.addWidget(self.parties)
        right_layout.addWidget(self.form)
        right_layout.addWidget(self.materials)
        right_layout.addWidget(self.fees)
        right_layout.addStretch(1)
        # The form scrolls down, never sideways: what is wider than the pane wraps instead.
        scroll = VerticalScrollArea(right)
        split = QSplitter()  # side by side: the default, and no touch of Qt (ui/qt_names.py)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        bar = QHBoxLayout()
        bar.addWidget(self.state, 1)
        for b in (self.accept_button, self.notice_button, self.reject_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bar)

        self.picker.chosen.connect(self.choose)
        self.form.answers_changed.connect(self._answers_changed)
        signals = (self.applicant.changed, self.form.changed, self.materials.changed)
        for signal in (*signals, self.fees.changed, self.parties.changed):
            signal.connect(self._edited)
        self.accept_button.clicked.connect(lambda: self._decide("ACCEPTED"))
        self.notice_button.clicked.connect(lambda: self._decide("NEEDS_CORRECTION"))
        self.reject_button.clicked.connect(lambda: self._decide("REJECTED"))
        self._restoring = False
        self.form.rebuilt.connect(self.order_tabs)
        self.materials.rebuilt.connect(self.order_tabs)
        self.order_tabs()
        self.retranslate()

    def order_tabs(self) -> None:
        """Tab goes the way the eye goes: applicant, service, questions and fields, materials,
        decision. Qt's own order is the order widgets were made in, and a service's form and
        materials are made after the decision buttons: Tab went from the search to 受理."""
        chain: list[QWidget] = [
            self.applicant.kind,
            self.applicant.name,
            self.applicant.number,
            *self.parties.inputs(),
            self.appointment_button,
            self.comeback_button,
            self.picker.query,
            self.picker.results,
            *self.form.inputs(),
            *self.materials.inputs(),
            *self.fees.inputs(),
            self.accept_button,
            self.notice_button,
            self.reject_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.appointment_button.setText(self.tr("按预约办理 (F4)"))
        self.accept_button.setText(self.tr("受理 (F9)"))
        self.notice_button.setText(self.tr("补正告知 (F10)"))
        self.reject_button.setText(self.tr("不予受理 (F11)"))
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- what the clerk does --------------------------------------------------

    def place_card(self, document: IdentityDocument, portrait: Portrait | None = None) -> None:
        self.applicant.set_document(document, portrait)
        self.parties.tick_cards()
        self.picker.query.setFocus()
        self.applicant_known.emit(document.id_number)
        self._want_ecerts()

    def offer_appointment(self, intake_code: str, text: str) -> None:
        """An online appointment for this citizen: one key to take its service."""
        self.appointment_code = intake_code
        self.appointment.setText(text)
        self.appointment.setVisible(True)
        self.appointment_button.setVisible(True)

    def _want_ecerts(self) -> None:
        applicant = self.applicant.applicant()
        if applicant is None or self.intake is None:
            return
        codes = sorted(
            {
                r.material.code
                for s in self.intake.services
                for r in s.requirements
                if r.material.ecert
            }
        )
        if codes:
            self.ecerts_wanted.emit(applicant.id_number, codes)

    def _decide(self, name: str) -> None:
        # The decision's rules load at the first click, not before the window's first paint.
        from terminal.cases import Decision

        self.decide.emit(Decision[name])

    def choose(self, code: str) -> None:
        from terminal.cases import MaterialsGiven

        try:
            self.intake = self.catalogue.intake(code)
        except CatalogueError:
            return
        self.form.load(self.intake)
        self.materials.load(self.intake, {}, MaterialsGiven())
        self.fees.load(self.intake)
        self.parties.allowed(self.intake)
        self.parties.apply()
        self._edited()
        self._want_ecerts()
        first = (
            self.parties.first_input()
            or next(iter(self.form.question_boxes.values()), None)
            or next(iter(self.form.field_inputs.values()), None)
        )
        if first is not None:
            # The new fields are shown by a queued call (QLayout's); focus waits for it, or
            # the keyboard would stay in the service search.
            QTimer.singleShot(0, first, first.setFocus)

    def _answers_changed(self) -> None:
        if self.intake is not None:
            self.materials.load(self.intake, self.form.answers())
            self.fees.set_answers(self.form.answers())

    def _edited(self) -> None:
        self._update_state()
        if not self._restoring and self.returning is None:  # a recorded case is no draft
            self.draft_changed.emit()

    def _update_state(self) -> None:
        if self.intake is None:
            self.state.setText(self.tr("放置证件或录入申请人，再选择事项"))
            return
        missing = self.materials.missing_names()
        if missing and self.returning is not None:  # back after 补正: the notice stands
            self.state.setText(self.tr("还缺 %n 项材料：补齐后按 F9 受理", "", len(missing)))
            return
        self.state.setText(
            self.tr("缺 %n 项材料：可出具补正告知书", "", len(missing))
            if missing
            else self.tr("材料齐全：可以受理")
        )

    # --- what the window reads --------------------------------------------------

    def capture(self) -> Capture | None:
        from terminal.cases import Capture

        applicant = self.applicant.applicant()
        if applicant is None or self.intake is None:
            return None
        return Capture(
            self.case_id,
            self.intake.code,
            applicant,
            self.form.answers(),
            self.form.raw_values(),
            self.materials.given(),
            # Only the materials this service asks for: a scan made before the service was
            # changed stays on disk, unlisted, and is not sent.
            attachments=tuple(a for c, a in self.captured.items() if c in self.materials.rows)
            + tuple(a for c, a in self.signed.items() if c in self.materials.given().pledges),
            fee=self.fees.taken(),
            expedited=self.fees.expedited(),
            parties=self.parties.parties(),
        )

    def draft_payload(self) -> dict[str, Any]:
        """Everything typed, to survive a crash. A card's number is kept: resuming needs it."""
        applicant = self.applicant.applicant()
        return {
            "applicant": None
            if applicant is None
            else {
                "kind": applicant.kind.value,
                "name": applicant.name,
                "id_number": applicant.id_number,
            },
            "intake": self.intake.code if self.intake else None,
            "answers": self.form.answers(),
            "form": self.form.raw_values(),
            "materials": self.materials.given().to_json(),
            # Scans are on disk already; the draft keeps which material each belongs to.
            "attachments": [a.to_json() for a in self.captured.values()],
            # Signed 告知承诺 envelopes (on disk already): a resumed draft keeps its promises.
            "signed": [a.to_json() for a in self.signed.values()],
            **fee_draft(self.fees.taken(), self.fees.expedited()),
            "parties": self.parties.draft(),
            # Which originals a card read ticked: taken back on resume until it is read again.
            "card_ticks": dict(self.materials.card_ticks),
        }

    @property
    def case_id(self) -> str:
        """This case's id, made when first needed (a draft saved, a page captured): importing
        uuid (and the platform module it pulls in) costs ~3 ms before the window's first paint."""
        if self._case_id is None:
            import uuid

            self._case_id = str(uuid.uuid4())
        return self._case_id

    @case_id.setter
    def case_id(self, value: str) -> None:
        self._case_id = value

    def restore(self, case_id: str, payload: dict[str, Any]) -> str | None:
        """Bring a draft back; returns the service code it could not restore (the catalogue
        was updated since and no longer has it), after restoring everything else."""
        from terminal.attachments.model import Attachment
        from terminal.cases import Applicant, MaterialsGiven
        from terminal.fees import FeeTaken

        self._restoring = True
        gone = None
        try:
            self.case_id = case_id
            a = payload.get("applicant")
            if a:
                self.applicant.set_manual(
                    Applicant(DocumentKind(a["kind"]), a["name"], a["id_number"])
                )
            # In place: the capture buttons hold this very dict.
            self.captured.clear()
            for raw in payload.get("attachments") or []:
                scan = Attachment.from_json(raw)
                self.captured[scan.material] = scan
            self.signed = {
                a.material: a for a in map(Attachment.from_json, payload.get("signed") or [])
            }
            self.parties.restore(payload.get("parties"), payload.get("answers"))
            code = payload.get("intake")
            try:
                intake = self.catalogue.intake(code) if code else None
            except CatalogueError:
                intake, gone = None, str(code)
            from ui.widgets.card_ticks import without_card_ticks

            raw = without_card_ticks(
                payload.get("materials") or {}, payload.get("card_ticks") or {}
            )
            if intake is not None:
                self.intake = intake
                self.form.load(intake, payload.get("answers"), payload.get("form"))
                self.materials.load(intake, self.form.answers(), MaterialsGiven.from_json(raw))
                self.fees.load(
                    intake,
                    self.form.answers(),
                    FeeTaken.from_json(payload.get("fee")),
                    bool(payload.get("expedited")),
                )
                self.parties.allowed(intake)
                # The parties' materials (an agent's 委托书) are listed before the draft's
                # counts go back in, or theirs would be lost.
                self.parties.apply(MaterialsGiven.from_json(raw))
        finally:
            self._restoring = False
        self._update_state()
        return gone

    def is_for(self, id_number: str) -> bool:
        """Whether this case is this person's (a late answer about someone else is dropped)."""
        applicant = self.applicant.applicant()
        return applicant is not None and normalise_id_number(
            applicant.id_number
        ) == normalise_id_number(id_number)

    def has_content(self) -> bool:
        return self.applicant.applicant() is not None or self.intake is not None
