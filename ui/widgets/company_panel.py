"""申请单位 (法人及其他组织, issue 14): name, 统一社会信用代码 and legal representative,
typed from the business licence (or its e-certificate). A code whose GB 32100 check character
fails is shown as a warning with a button for the supervisor's approval (older codes exist);
ui/widgets/parties_panel.py asks for it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from terminal import credit_code
from terminal.parties import Company
from ui.widgets.fit import NoteLabel, WholeLineEdit, labels_above_in_large_type


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
        # Shown only for a code whose check character fails: the supervisor comes over.
        self.approve_button = QPushButton()
        self.approve_button.setVisible(False)
        self.labels = (QLabel(), QLabel(), QLabel())
        form = QFormLayout(self)
        for label, edit in zip(self.labels, (self.name, self.code, self.legal_rep), strict=True):
            form.addRow(label, edit)
        form.addRow("", self.note)
        form.addRow("", self.approve_button)
        labels_above_in_large_type(form, self)
        for edit in (self.name, self.code, self.legal_rep):
            edit.textEdited.connect(self._edited)
        self.code.textEdited.connect(self._code_edited)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("申请单位（法人及其他组织）"))
        self.approve_button.setText(self.tr("主管核准此代码"))
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
        needs = self._check()
        self.approve_button.setVisible(needs)
        return needs

    def _check(self) -> bool:
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
