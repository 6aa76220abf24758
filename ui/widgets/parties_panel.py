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
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal import credit_code
from terminal.catalogue import Catalogue, Intake
from terminal.identity import DocumentKind, IdentityDocument, normalise_id_number
from terminal.parties import (
    AGENT,
    AGENT_QUESTION,
    COMPANY,
    RELATIONS,
    SELF,
    Parties,
    agent_answer,
    company_ecerts,
    extra_requirements,
)
from ui import fast_entry, style
from ui.shortcuts import key_for
from ui.widgets.applicant_panel import ApplicantPanel
from ui.widgets.company_panel import CompanyPanel
from ui.widgets.party_boxes import AgentBox, ask_uscc_approval

if TYPE_CHECKING:
    from devices.cards.photo import Portrait
    from terminal.cases import MaterialsGiven
    from ui.widgets.case_editor import CaseEditor

KIND_KEYS = {SELF: "Ctrl+I", AGENT: "Ctrl+D", COMPANY: "Ctrl+G"}


class PartiesPanel(QWidget):
    """The three buttons, the agent's panel and the company's panel, for one case editor."""

    changed = Signal()

    def __init__(self, editor: CaseEditor, catalogue: Catalogue) -> None:
        super().__init__(editor)
        self.editor = editor
        self.catalogue = catalogue
        self.kind = SELF
        self.buttons: dict[str, QPushButton] = {}
        self.relation = QComboBox(self)  # shown in the agent's box, once built
        self.relation.setVisible(False)
        # One row; two in large type, beside the queue, rather than widen the window. (Not
        # ui/widgets/flow_layout.py: it reads Qt's enums, which the first paint must not.)
        self.row = row = QGridLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for kind, keys in KIND_KEYS.items():
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=kind: self.choose(k))
            key_for(button, keys)
            self.buttons[kind] = button
        self.relation.addItem("", "")
        for code in RELATIONS:
            self.relation.addItem("", code)
        fast_entry.install([self.relation])
        self.relation.currentIndexChanged.connect(self.changed)
        # The agent's and the company's panels are built when first wanted (代办 or 单位
        # chosen, a draft or a card that needs them), not before the window's first paint:
        # most citizens apply for themselves.
        self._agent: AgentBox | None = None
        self._company: CompanyPanel | None = None
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        editor.materials.rows_built.connect(self.tick_cards)
        # A panel's card changes (swapped, replaced, typed over): the ticks follow it.
        editor.applicant.changed.connect(self.tick_cards)
        self.retranslate()
        self._show()
        self._place_buttons()

    @property
    def agent(self) -> ApplicantPanel:
        return self._agent_box().panel

    @property
    def agent_if_built(self) -> ApplicantPanel | None:
        return self._agent.panel if self._agent is not None else None

    @property
    def agent_box(self) -> QWidget:
        return self._agent_box()

    @property
    def swap_button(self) -> QPushButton:
        return self._agent_box().swap_button

    def _agent_box(self) -> AgentBox:
        if self._agent is None:
            box = self._agent = AgentBox(self.relation, self)
            box.setVisible(self.kind == AGENT)
            self.layout_.insertWidget(1, box)
            box.panel.changed.connect(self.changed)
            box.panel.changed.connect(self.tick_cards)
            box.swap_button.clicked.connect(self.swap)
            self.retranslate()
            self.editor.order_tabs()  # the agent's fields join the Tab chain
        return self._agent

    @property
    def company(self) -> CompanyPanel:
        if self._company is None:
            company = self._company = CompanyPanel(self)
            company.setVisible(self.kind == COMPANY)
            self.layout_.addWidget(company)
            company.changed.connect(self.changed)
            company.code.editingFinished.connect(self.want_licence)
            # Enter goes on, from the licence's three lines to the service's questions (or to
            # the search, before a service): not Tab's way, which leads back to the search.
            company.name.returnPressed.connect(company.code.setFocus)
            company.code.returnPressed.connect(company.legal_rep.setFocus)
            company.legal_rep.returnPressed.connect(self.after_company)
            company.approve_button.clicked.connect(lambda: ask_uscc_approval(self))
            self.editor.order_tabs()
        return self._company

    def retranslate(self) -> None:
        if self._agent is not None:
            self._agent.swap_button.setText(self.tr("互换申请人与代办人"))
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
            label = labels[str(self.relation.itemData(i))]
            # Shown with the digit that picks it (ui/fast_entry.py), in either language.
            self.relation.setItemText(i, f"{i} {label}" if i else label)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._place_buttons()
        super().changeEvent(event)

    def _place_buttons(self) -> None:
        per_row = 2 if self.font().pointSize() >= style.LARGE_PT else 3
        for i, button in enumerate(self.buttons.values()):
            self.row.removeWidget(button)  # placed once, wherever the type size puts it
            self.row.addWidget(button, i // per_row, i % per_row)

    def inputs(self) -> list[QWidget]:
        """For the Tab chain, after the applicant's own fields."""
        agent, company = self._agent, self._company
        return [
            *self.buttons.values(),
            *(
                (agent.panel.kind, agent.panel.name, agent.panel.number, self.relation)
                if agent
                else ()
            ),
            *((company.name, company.code, company.legal_rep) if company else ()),
        ]

    # --- the mode ------------------------------------------------------------------

    def choose(self, kind: str, *, focus: bool = True) -> None:
        self.kind = kind
        self._show()
        self.apply()
        if focus and kind == AGENT:
            self.relation.setFocus()  # one digit picks the relation and moves on
        elif focus and kind == COMPANY:
            self.company.name.setFocus()
        self.changed.emit()

    def _show(self) -> None:
        for kind, button in self.buttons.items():
            button.setChecked(kind == self.kind)
        self.retranslate()
        if self.kind == AGENT or self._agent is not None:
            self.agent_box.setVisible(self.kind == AGENT)
        if self.kind == COMPANY or self._company is not None:
            self.company.setVisible(self.kind == COMPANY)
        roles = {SELF: "applicant", AGENT: "principal", COMPANY: "handler"}
        self.editor.applicant.role = roles[self.kind]
        self.editor.applicant.retranslate()

    def first_input(self) -> QWidget | None:
        """Where the keyboard goes when a service is chosen, before its questions: the
        company's name in 单位 while it is empty (a companies-only service chose 单位 itself)."""
        if self.kind == COMPANY and not self.company.name.text().strip():
            return self.company.name
        return None

    def after_company(self) -> None:
        editor = self.editor
        form = editor.form
        first = next(iter(form.question_boxes.values()), None) or next(
            iter(form.field_inputs.values()), None
        )
        (
            first if editor.intake is not None and first is not None else editor.picker.query
        ).setFocus()

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
        self.want_licence()

    def code(self) -> str | None:
        """The company's credit code, in 单位 with a well-formed one (its e-certificates)."""
        if self.kind != COMPANY:
            return None
        try:
            return credit_code.inspect(self.company.code.text()).code
        except credit_code.CreditCodeInvalid:
            return None

    def want_licence(self) -> None:
        """The business licence as an e-certificate, looked up by the company's code; the
        form's empty credit-code fields take the code (typed once, checked once)."""
        code, intake = self.code(), self.editor.intake
        if code is not None and intake is not None:
            for spec in intake.fields:
                edit = self.editor.form.field_inputs.get(spec.id)
                if spec.type == "uscc" and isinstance(edit, QLineEdit) and not edit.text():
                    edit.setText(code)
        materials = company_ecerts(intake) if intake is not None else []
        if code is not None and materials:
            self.editor.ecerts_wanted.emit(code, materials)

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

    def may_be_agent(self, document: IdentityDocument) -> bool:
        """In 本人, mid-case, another person's card: they may be the agent (the window asks,
        ui/widgets/agent_question.py). Not once recorded, not in a return after 补正 (its
        parties are recorded), not for a service that takes no agent."""
        editor = self.editor
        if self.kind != SELF or editor.finished or editor.returning is not None:
            return False
        if editor.intake is not None and AGENT not in editor.intake.applicants:
            return False
        applicant = editor.applicant.applicant()
        return applicant is not None and not _same(applicant.id_number, document.id_number)

    def relation_choices(self) -> list[tuple[str, str]]:
        """(code, label) as the list shows them, with the digit that picks each."""
        return [
            (str(self.relation.itemData(i)), self.relation.itemText(i))
            for i in range(1, self.relation.count())
        ]

    def take_agent(
        self, document: IdentityDocument, portrait: Portrait | None, relation: str
    ) -> None:
        """The clerk said this card's holder is the agent, and how related: 代办, at once."""
        self.relation.setCurrentIndex(max(0, self.relation.findData(relation)))
        self.choose(AGENT, focus=False)  # the keyboard stays where the clerk was
        self.place_agent_card(document, portrait)

    def swap(self) -> None:
        applicant = self.editor.applicant
        held = applicant.holding()
        applicant.hold(self.agent.holding())
        self.agent.hold(held)
        if self.editor.intake is not None:  # each card ticks its own holder's material again
            self.apply()
        self.changed.emit()

    def place_agent_card(self, document: IdentityDocument, portrait: Portrait | None) -> None:
        self.agent.set_document(document, portrait)
        self.tick_cards()

    def tick_cards(self) -> None:
        """Each card read presents its ID-card material, for whose card it is (and only
        while it is: ui/widgets/card_ticks.py)."""
        from ui.widgets.card_ticks import wanted

        if self.editor.intake is not None:
            self.editor.materials.sync_card_ticks(wanted(self.editor, self.kind))

    # --- the capture ---------------------------------------------------------------

    def parties(self) -> Parties:
        if self.kind == AGENT:
            return Parties(AGENT, self.agent.applicant(), str(self.relation.currentData()))
        if self.kind == COMPANY:
            return Parties(COMPANY, company=self.company.company())
        return Parties()

    def draft(self) -> dict[str, Any]:
        agent = self._agent.panel.applicant() if self._agent is not None else None
        company = self._company.company() if self._company is not None else None
        return {
            "kind": self.kind,
            "relation": str(self.relation.currentData()),
            "agent": None
            if agent is None
            else {"kind": agent.kind.value, "name": agent.name, "id_number": agent.id_number},
            "company": None if company is None else company.to_json(),
        }

    def restore(self, raw: dict[str, Any] | None, answers: dict[str, str] | None = None) -> None:
        """A draft's parties. A draft from before issue 14 has none: one that answered 代办
        yes is an agent's case (the agent's card is then read again)."""
        if not raw and (answers or {}).get(AGENT_QUESTION) == "yes":
            raw = {"kind": AGENT}
        if not raw:
            return
        self.kind = str(raw.get("kind", SELF))
        a = raw.get("agent")
        if a:
            from terminal.cases import Applicant

            self.agent.set_manual(Applicant(DocumentKind(a["kind"]), a["name"], a["id_number"]))
        self.relation.setCurrentIndex(max(0, self.relation.findData(raw.get("relation", ""))))
        parsed = Parties.from_json({"kind": self.kind, "company": raw.get("company")})
        if parsed.company is not None:
            self.company.set_company(parsed.company)
        self._show()


def _same(a: str, b: str) -> bool:
    return normalise_id_number(a) == normalise_id_number(b)
