"""Who applies (issue 14): 本人, 代办 or 单位, each a key shown on its button.

本人: today's single panel. 代办: a second panel for the agent (代办人), whose card fills it
instead of starting a new case (ui/one_citizen.py asks ``takes_card``), and the relation
from a short list; the 授权委托书 is added to the materials. 单位: the company's name,
统一社会信用代码 and legal representative; the card read is the 经办人's. A card read ticks
the ID-card material for the person it belongs to (terminal/parties.py ``card_materials``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal import credit_code
from terminal.cases import Applicant, MaterialsGiven
from terminal.catalogue import Catalogue, Intake
from terminal.identity import DocumentKind, IdentityDocument, normalise_id_number
from terminal.parties import (
    AGENT,
    AGENT_QUESTION,
    COMPANY,
    RELATIONS,
    SELF,
    Company,
    Parties,
    agent_answer,
    card_materials,
    extra_requirements,
    holder_of_card,
)
from ui import fast_entry
from ui.shortcuts import key_for
from ui.widgets.applicant_panel import ApplicantPanel
from ui.widgets.fit import NoteLabel, WholeLineEdit, labels_above_in_large_type
from ui.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from devices.cards.photo import Portrait
    from ui.widgets.case_editor import CaseEditor

KIND_KEYS = {SELF: "Ctrl+B", AGENT: "Ctrl+D", COMPANY: "Ctrl+G"}


class CompanyPanel(QGroupBox):
    """法人及其他组织: typed from the business licence (or its e-certificate)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.code = WholeLineEdit(18)  # read whole, as on the licence
        self.code.setMaxLength(24)
        self.legal_rep = QLineEdit()
        self.note = NoteLabel("warning")
        self.override: dict[str, str] = {}  # the supervisor's approval of a failing code
        self.labels = (QLabel(), QLabel(), QLabel())
        form = QFormLayout(self)
        for label, edit in zip(self.labels, (self.name, self.code, self.legal_rep), strict=True):
            form.addRow(label, edit)
        form.addRow("", self.note)
        labels_above_in_large_type(form, self)
        for edit in (self.name, self.code, self.legal_rep):
            edit.textEdited.connect(self._edited)
        self.code.textEdited.connect(self._code_edited)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("申请单位（法人及其他组织）"))
        texts = (self.tr("单位名称"), self.tr("统一社会信用代码"), self.tr("法定代表人"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.check()

    def _edited(self) -> None:
        self.changed.emit()

    def _code_edited(self) -> None:
        self.override = {}  # an approval is for the code the supervisor saw
        self.check()

    def check(self) -> bool:
        """Shows what is wrong with the code; True when it needs a supervisor's approval."""
        self.note.setText("")
        raw = self.code.text()
        if not raw.strip():
            return False
        try:
            facts = credit_code.inspect(raw)
        except credit_code.CreditCodeInvalid as e:
            self.note.setText(e.text())
            return False
        if facts.check_ok:
            return False
        if self.override:
            self.note.setText(self.tr("校验位不符，已经主管批准。"))
            return False
        self.note.setText(
            self.tr("统一社会信用代码校验位不符：核对营业执照；确属旧代码的，受理时须主管批准。")
        )
        return True

    def company(self) -> Company | None:
        if not self.name.text().strip():
            return None
        return Company(
            self.name.text().strip(),
            credit_code.normalise(self.code.text()),
            self.legal_rep.text().strip(),
            dict(self.override),
        )

    def set_company(self, company: Company) -> None:
        self.name.setText(company.name)
        self.code.setText(company.credit_code)
        self.legal_rep.setText(company.legal_rep)
        self.override = dict(company.override)
        self.check()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PartiesPanel(QWidget):
    """The three buttons, the agent's panel and the company's panel, for one case editor."""

    changed = Signal()

    def __init__(self, editor: CaseEditor, catalogue: Catalogue) -> None:
        super().__init__(editor)
        self.editor = editor
        self.catalogue = catalogue
        self.kind = SELF
        self.buttons: dict[str, QPushButton] = {}
        self.relation = QComboBox()
        row = FlowLayout()  # wraps beside the queue in large type rather than widen the window
        row.setContentsMargins(0, 0, 0, 0)
        for kind, keys in KIND_KEYS.items():
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=kind: self.choose(k))
            key_for(button, keys)
            self.buttons[kind] = button
            row.addWidget(button)
        self.agent = ApplicantPanel()
        self.agent.role = "agent"
        # Beside the form, narrower than the applicant's pane: labels above in large type.
        labels_above_in_large_type(self.agent.form, self.agent)
        self.agent.retranslate()
        self.relation.addItem("", "")
        for code in RELATIONS:
            self.relation.addItem("", code)
        fast_entry.install([self.relation])
        self.agent_box = QWidget()
        agent_layout = QVBoxLayout(self.agent_box)
        agent_layout.setContentsMargins(0, 0, 0, 0)
        agent_layout.addWidget(self.agent)
        agent_layout.addWidget(self.relation)
        self.company = CompanyPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.agent_box)
        layout.addWidget(self.company)
        for signal in (self.agent.changed, self.company.changed):
            signal.connect(self.changed)
        self.relation.currentIndexChanged.connect(self.changed)
        editor.materials.rows_built.connect(self.tick_cards)
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        texts = {SELF: self.tr("本人"), AGENT: self.tr("代办"), COMPANY: self.tr("单位")}
        for kind, button in self.buttons.items():
            # The chosen one is marked in the text too: a checked button looks alike in
            # some styles (large type, high contrast).
            mark = "● " if kind == self.kind else ""
            button.setText(f"{mark}{texts[kind]} ({KIND_KEYS[kind]})")
        labels = {
            "": self.tr("与申请人关系：请选择"),
            "relative": self.tr("亲属"),
            "spouse": self.tr("配偶"),
            "parent": self.tr("父母"),
            "child": self.tr("子女"),
            "colleague": self.tr("同事（单位委托）"),
            "other": self.tr("其他受托人"),
        }
        for i in range(self.relation.count()):
            self.relation.setItemText(i, labels[str(self.relation.itemData(i))])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def inputs(self) -> list[QWidget]:
        """For the Tab chain, after the applicant's own fields."""
        return [
            *self.buttons.values(),
            self.agent.kind,
            self.agent.name,
            self.agent.number,
            self.relation,
            self.company.name,
            self.company.code,
            self.company.legal_rep,
        ]

    # --- the mode ------------------------------------------------------------------

    def choose(self, kind: str) -> None:
        self.kind = kind
        self._show()
        self.apply()
        if kind == AGENT:
            self.relation.setFocus()  # one digit picks the relation and moves on
        elif kind == COMPANY:
            self.company.name.setFocus()
        self.changed.emit()

    def _show(self) -> None:
        for kind, button in self.buttons.items():
            button.setChecked(kind == self.kind)
        self.retranslate()
        self.agent_box.setVisible(self.kind == AGENT)
        self.company.setVisible(self.kind == COMPANY)
        roles = {SELF: "applicant", AGENT: "principal", COMPANY: "handler"}
        self.editor.applicant.role = roles[self.kind]
        self.editor.applicant.retranslate()

    def allowed(self, intake: Intake | None) -> None:
        """A service that takes only some kinds: the others are greyed (a company-only one
        switches to 单位 itself, so the clerk presses nothing the window knows)."""
        kinds = intake.applicants if intake is not None else (SELF, AGENT, COMPANY)
        for kind, button in self.buttons.items():
            button.setEnabled(kind in kinds)
        if self.kind not in kinds and kinds:
            self.kind = kinds[0]
            self._show()

    def apply(self, keep: MaterialsGiven | None = None) -> None:
        """The service's 代办 question answered from the mode; the 委托书 listed; cards ticked."""
        editor = self.editor
        intake = editor.intake
        if intake is None:
            return
        answered = agent_answer(intake, self.kind)
        box = editor.form.question_boxes.get(AGENT_QUESTION)
        if box is not None:
            # The mode answers it: change the mode, not the answer (a company's: the clerk).
            box.setEnabled(answered is None)
            if answered is not None:
                box.setCurrentIndex(max(0, box.findData(answered[1])))
        answers = editor.form.answers()
        editor.materials.extra = extra_requirements(
            self.catalogue, intake, Parties(self.kind), answers
        )
        editor.materials.load(intake, answers, keep)

    # --- cards ---------------------------------------------------------------------

    def takes_card(self, document: IdentityDocument) -> bool:
        """In 代办 only: a card that is not the applicant's fills the agent's panel (unless
        the agent's panel holds a third person: then it is a new citizen, as always)."""
        if self.kind != AGENT or self.editor.finished:
            return False
        applicant = self.editor.applicant.applicant()
        if applicant is None or _same(applicant.id_number, document.id_number):
            return False
        agent = self.agent.applicant()
        return agent is None or _same(agent.id_number, document.id_number)

    def place_agent_card(self, document: IdentityDocument, portrait: Portrait | None) -> None:
        self.agent.set_document(document, portrait)
        self.tick_cards()

    def tick_cards(self) -> None:
        """Each card read presents its ID-card material, for whose card it is."""
        editor = self.editor
        if editor.intake is None:
            return
        answers = editor.form.answers()
        for panel, which in ((editor.applicant, "applicant"), (self.agent, "agent")):
            document = panel.document()
            if document is None or (which == "agent" and self.kind != AGENT):
                continue
            holder = holder_of_card(self.kind, which)
            for code in card_materials(editor.intake, answers, document.kind, holder):
                editor.materials.present_original(code)

    # --- the capture ---------------------------------------------------------------

    def parties(self) -> Parties:
        if self.kind == AGENT:
            return Parties(AGENT, self.agent.applicant(), str(self.relation.currentData()))
        if self.kind == COMPANY:
            return Parties(COMPANY, company=self.company.company())
        return Parties()

    def draft(self) -> dict[str, Any]:
        agent, company = self.agent.applicant(), self.company.company()
        return {
            "kind": self.kind,
            "relation": str(self.relation.currentData()),
            "agent": None
            if agent is None
            else {"kind": agent.kind.value, "name": agent.name, "id_number": agent.id_number},
            "company": None if company is None else company.to_json(),
        }

    def restore(self, raw: dict[str, Any] | None) -> None:
        if not raw:
            return
        self.kind = str(raw.get("kind", SELF))
        a = raw.get("agent")
        if a:
            self.agent.set_manual(Applicant(DocumentKind(a["kind"]), a["name"], a["id_number"]))
        self.relation.setCurrentIndex(max(0, self.relation.findData(raw.get("relation", ""))))
        parsed = Parties.from_json({"kind": self.kind, "company": raw.get("company")})
        if parsed.company is not None:
            self.company.set_company(parsed.company)
        self._show()


def _same(a: str, b: str) -> bool:
    return normalise_id_number(a) == normalise_id_number(b)
