"""情形 and 表单: the intake's questions and fields, built from the catalogue's types,
with each field's problem shown right under it as the clerk types."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from terminal.catalogue import FieldSpec, Intake, Question
from terminal.i18n import current_language
from ui import fast_entry, style
from ui.widgets.fit import AnswerBox, labels_above_in_large_type

UNSET = ""


def pick(zh: str, en: str) -> str:
    return zh if current_language() == "zh_CN" else en


def listed(items: list[str]) -> str:
    """Names in a line, the language's way: 甲、乙 in Chinese, "a, b" in English."""
    return pick("、", ", ").join(items)


def wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SituationForm(QGroupBox):
    changed = Signal()
    answers_changed = Signal()
    rebuilt = Signal()  # new questions and fields: the Tab order takes them in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intake: Intake | None = None
        self.question_boxes: dict[str, QComboBox] = {}
        self.field_inputs: dict[str, QLineEdit | QComboBox] = {}
        self.field_errors: dict[str, QLabel] = {}
        self.body = QFormLayout()
        # Beside the materials at 1366 pixels, large type included: a question longer than
        # its share wraps, and a field that does not fit goes under its label.
        labels_above_in_large_type(self.body, self)
        self.body.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addLayout(self.body)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("情形与表单"))
        self.hint.setText("" if self.intake else self.tr("先选择办理事项"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.intake is not None:
                self.load(self.intake, self.answers(), self.raw_values())
        super().changeEvent(event)

    def load(
        self,
        intake: Intake,
        answers: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        """Build the questions and fields of ``intake``; restore values when resuming."""
        self.intake = intake
        while self.body.rowCount():
            self.body.removeRow(0)
        self.question_boxes.clear()
        self.field_inputs.clear()
        self.field_errors.clear()
        self.hint.setText(pick(intake.name, intake.name_en))
        for q in intake.questions:
            self.body.addRow(
                wrapped(pick(q.text, q.text_en)), self._question(q, (answers or {}).get(q.id))
            )
        for f in intake.fields:
            widget = self._field(f, (values or {}).get(f.id))
            error = QLabel()
            style.set_role(error, "error")
            error.setWordWrap(True)
            error.setVisible(False)
            self.field_errors[f.id] = error
            label = pick(f.label, f.label_en) + (" *" if f.required else "")
            self.body.addRow(wrapped(label), widget)
            self.body.addRow("", error)
        fast_entry.install([*self.question_boxes.values(), *self.field_inputs.values()])
        self.rebuilt.emit()

    def inputs(self) -> list[QWidget]:
        """The questions, then the fields, top to bottom as shown."""
        return [*self.question_boxes.values(), *self.field_inputs.values()]

    def _question(self, q: Question, value: str | None) -> QComboBox:
        box = AnswerBox()
        box.addItem(self.tr("请选择"), UNSET)
        for o in q.options:
            box.addItem(pick(o.label, o.label_en), o.value)
        if value is not None:
            box.setCurrentIndex(max(0, box.findData(value)))
        box.currentIndexChanged.connect(self.answers_changed)
        box.currentIndexChanged.connect(self.changed)
        self.question_boxes[q.id] = box
        return box

    def _field(self, f: FieldSpec, value: Any) -> QLineEdit | QComboBox:
        if f.type in ("choice", "bool"):
            box = AnswerBox()
            box.addItem(self.tr("请选择"), UNSET)
            options = (
                [(o.value, pick(o.label, o.label_en)) for o in f.options()]
                if f.type == "choice"
                else [(True, self.tr("是")), (False, self.tr("否"))]
            )
            for data, label in options:
                box.addItem(label, data)
            if value is not None:
                box.setCurrentIndex(max(0, box.findData(value)))
            box.currentIndexChanged.connect(lambda _=0, f=f: self._check(f))
            box.currentIndexChanged.connect(self.changed)
            self.field_inputs[f.id] = box
            return box
        edit = QLineEdit("" if value is None else str(value))
        edit.setPlaceholderText(
            {"date": "2026-11-26", "phone": "13800000000", "money": "0.00"}.get(f.type, "")
        )
        edit.editingFinished.connect(lambda f=f: self._check(f))
        edit.textEdited.connect(lambda _t, f=f: self._clear_error(f))
        edit.textEdited.connect(self.changed)
        self.field_inputs[f.id] = edit
        return edit

    def _clear_error(self, f: FieldSpec) -> None:
        self._set_error(f.id, "")

    def _set_error(self, field_id: str, text: str) -> None:
        """An error row takes room only while there is something to say."""
        label = self.field_errors[field_id]
        label.setText(text)
        label.setVisible(bool(text))

    def _check(self, f: FieldSpec) -> None:
        value = self._raw(f.id)
        if value in (None, ""):
            self._set_error(f.id, "")
            return
        # The field rules (with decimal and the credit code's tables): at the first value typed.
        from terminal.forms import FieldInvalid, validate_value

        try:
            validate_value(f, value, date.today())
        except FieldInvalid as e:
            self._set_error(f.id, e.text())
        else:
            self._set_error(f.id, "")

    def _raw(self, field_id: str) -> Any:
        w = self.field_inputs[field_id]
        if isinstance(w, QComboBox):
            data = w.currentData()
            return None if data == UNSET else data
        return w.text().strip() or None

    def answers(self) -> dict[str, str]:
        return {
            qid: box.currentData()
            for qid, box in self.question_boxes.items()
            if box.currentData() != UNSET
        }

    def raw_values(self) -> dict[str, Any]:
        return {fid: v for fid in self.field_inputs if (v := self._raw(fid)) is not None}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors from the decision check, each next to its field; focus the first."""
        first = None
        for fid in self.field_errors:
            self._set_error(fid, errors.get(fid, ""))
            if fid in errors and first is None:
                first = self.field_inputs[fid]
        if first is not None:
            first.setFocus()
