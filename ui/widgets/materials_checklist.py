"""材料清单: every material these answers require, and how it is covered: handed over
(originals/copies), found as an e-certificate, promised (容缺, with a deadline), replaced by
the citizen's signed promise (告知承诺: ui/window_signing.py asks for the signature), or
missing. 容缺 and 告知承诺 are offered only where the catalogue allows them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.catalogue import Intake, Requirement
from ui import style
from ui.shortcuts import key_for
from ui.widgets.fit import stacked_in_large_type
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.situation_form import listed, pick

if TYPE_CHECKING:
    from terminal.cases import MaterialsGiven, MaterialStatus
    from terminal.pledges import Pledge


class MaterialRow:
    """One material as two lines, so that it fits beside the form at 1366 pixels in large
    type too: what it is, what it needs and its state; then what the citizen gave."""

    def __init__(self, req: Requirement, parent: MaterialsChecklist) -> None:
        # Here: PySide makes each Qt type at its first use, and rows come with a service.
        from PySide6.QtCore import QDate
        from PySide6.QtWidgets import QCheckBox, QDateEdit, QSpinBox

        self.req = req
        self.name = QLabel(f"{pick(req.material.name, req.material.name_en)}")
        self.name.setToolTip(pick(req.why, req.why_en))
        self.name.setWordWrap(True)
        self.need = QLabel()
        self.originals = QSpinBox()
        self.copies = QSpinBox()
        for spin in (self.originals, self.copies):
            spin.setRange(0, 9)
            spin.valueChanged.connect(parent.recompute)
        self.ecert = QCheckBox()
        self.ecert.setEnabled(req.material.ecert)
        self.ecert.toggled.connect(parent.recompute)
        self.promise = QCheckBox()
        self.promise.setEnabled(req.material.may_defer)  # never the ID card (issue 16)
        # 告知承诺: checking it asks the citizen to sign; unchecked again if they do not.
        self.pledge = QCheckBox()
        self.pledge.setEnabled(req.material.promise is not None)
        code = req.material.code
        self.pledge.toggled.connect(lambda on: parent.pledge_toggled.emit(code, on))
        self.pledge.toggled.connect(parent.recompute)
        self.deadline = QDateEdit(QDate.currentDate().addDays(5))
        self.deadline.setCalendarPopup(True)
        self.deadline.setEnabled(False)
        self.promise.toggled.connect(self.deadline.setEnabled)
        self.promise.toggled.connect(parent.recompute)
        self.deadline.dateChanged.connect(parent.recompute)
        self.status = QLabel()
        style.set_role(self.status, "error")
        # Where the original's tick came from, when a card read made it (not the clerk).
        self.origin = QLabel()
        style.set_role(self.origin, "ok")
        self.origin.hide()
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.status)
        # What is asked, and what was given, on the line that wraps: one English line
        # ("Needs 1 orig. 0 copies", the 拍照/扫描 button) made the window 1738 pixels wide
        # in large type (review 7, finding 12). ui/capture/hook.py adds its button here.
        self.given_line = given = FlowLayout()
        given.setContentsMargins(0, 0, 0, 0)
        given.addWidget(self.need)
        # Beside the count it explains, on the line that wraps (large type at 1366 pixels).
        for w in (
            self.originals,
            self.origin,
            self.copies,
            self.ecert,
            self.promise,
            self.deadline,
        ):
            given.addWidget(w)
        given.addWidget(self.pledge)
        self.box = QFrame()
        self.box.setFrameShape(QFrame.Shape.StyledPanel)
        lines = QVBoxLayout(self.box)
        lines.addLayout(top)
        lines.addLayout(given)
        # Only once it has a parent: shown while parentless, a widget is a window of its own
        # for a moment, and takes the activation (and the keyboard) from the clerk's window.
        self.pledge.setVisible(req.material.promise is not None)
        self.retranslate(parent)

    def retranslate(self, parent: MaterialsChecklist) -> None:
        # Each control says what it counts: no header row to take the width.
        originals, copies, ecert, promise, pledge = parent.control_texts()
        self.originals.setPrefix(originals)
        self.copies.setPrefix(copies)
        self.ecert.setText(ecert)
        self.promise.setText(promise)
        self.pledge.setText(pledge)


class MaterialsChecklist(QGroupBox):
    changed = Signal()
    rebuilt = Signal()  # new rows: the Tab order takes them in
    rows_built = Signal()  # after load(): ui/capture/hook.py adds its button to each row
    pledge_toggled = Signal(str, bool)  # material code, 告知承诺 checked: the signing step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intake: Intake | None = None
        self.answers: dict[str, str] = {}
        self.rows: dict[str, MaterialRow] = {}
        self.ecert_hits: set[str] = set()
        # Originals ticked by a card read: material code → the ID number of whose card it was.
        self.card_ticks: dict[str, str] = {}
        # What the applicant kind adds (an agent's 授权委托书: ui/widgets/parties_panel.py).
        self.extra: tuple[Requirement, ...] = ()
        # Signed 告知承诺, by material (ui/window_signing.py puts them here once signed).
        self.pledges: dict[str, Pledge] = {}
        self.list = QVBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # One key when the citizen brought everything, the usual case: no Tab through the grid.
        self.all_button = QPushButton()
        self.all_button.setEnabled(False)
        self.all_button.clicked.connect(self.take_all)
        key_for(self.all_button, "Ctrl+M")
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.all_button)
        stacked_in_large_type(bottom, self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.list)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("材料清单"))
        self.all_button.setText(self.tr("全部按应交收齐 (Ctrl+M)"))
        for row in self.rows.values():
            row.retranslate(self)
        self.recompute()

    def control_texts(self) -> tuple[str, str, str, str, str]:
        return (
            self.tr("原件 "),
            self.tr("复印件 "),
            self.tr("电子证照"),
            self.tr("容缺，承诺于"),
            self.tr("告知承诺（申请人签署）"),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.intake is not None:  # the names are the catalogue's, in this language
                self.load(self.intake, self.answers)
        super().changeEvent(event)

    def load(
        self, intake: Intake, answers: dict[str, str], keep: MaterialsGiven | None = None
    ) -> None:
        """Rebuild for these answers, keeping what was already ticked for materials still required."""
        from terminal.cases import Handed  # the case's rules load with the first service

        given = keep if keep is not None else self.given()
        self.intake, self.answers = intake, dict(answers)
        for old in self.rows.values():
            old.box.hide()  # gone now, not at the next turn of the event loop
            self.list.removeWidget(old.box)
            old.box.deleteLater()
        self.rows = {}
        for req in [*intake.required_materials(answers), *self.extra]:
            row = MaterialRow(req, self)
            self.list.addWidget(row.box)
            code = req.material.code
            handed = given.handed.get(code, Handed())
            row.originals.setValue(handed.originals)
            row.copies.setValue(handed.copies)
            row.ecert.setChecked(
                code in given.ecerts or (code in self.ecert_hits and req.material.ecert)
            )
            if code in given.pledges and req.material.promise is not None:
                self.pledges[code] = given.pledges[code]
                row.pledge.blockSignals(True)  # signed already: not a new signing
                row.pledge.setChecked(True)
                row.pledge.blockSignals(False)
            if code in given.promises:
                row.promise.setChecked(True)
                d = given.promises[code]
                from PySide6.QtCore import QDate

                row.deadline.setDate(QDate(d.year, d.month, d.day))
            self.rows[code] = row
        self.all_button.setEnabled(bool(self.rows))
        self.rows_built.emit()
        self.recompute()
        self.rebuilt.emit()

    def inputs(self) -> list[QWidget]:
        """Row by row, what the citizen gave; then the one key for all of it."""
        given = [
            w
            for row in self.rows.values()
            for w in (row.originals, row.copies, row.ecert, row.promise, row.deadline, row.pledge)
            if w.isEnabled() or w is not row.pledge
        ]
        return [*given, self.all_button]

    def take_all(self) -> None:
        """Every listed material handed over, originals and copies as required."""
        for code in self.rows:
            self.take(code)

    def take(self, code: str) -> None:
        """One material handed over as required (a captured material counts as received)."""
        row = self.rows[code]
        row.originals.setValue(max(row.originals.value(), row.req.originals))
        row.copies.setValue(max(row.copies.value(), row.req.copies))

    def sync_card_ticks(self, wanted: dict[str, str]) -> None:
        """The cards read now present these materials (code → whose card): each ticked as an
        original shown; a tick an earlier card made, for a card no longer there (swapped,
        replaced, or its holder now someone else), taken back. A count the clerk set
        themselves is theirs and stays."""
        for code, who in list(self.card_ticks.items()):
            if wanted.get(code) == who:
                continue
            del self.card_ticks[code]
            row = self.rows.get(code)
            if row is not None and row.originals.value() == 1:
                row.originals.setValue(0)
        for code, who in wanted.items():
            row = self.rows.get(code)
            if row is not None and row.originals.value() == 0:
                self.card_ticks[code] = who
                row.originals.setValue(1)
        self.recompute()

    def set_ecert_hits(self, codes: set[str]) -> None:
        """The portal holds these as e-certificates for this applicant: tick them."""
        self.ecert_hits = set(codes)
        for code, row in self.rows.items():
            if code in codes and row.req.material.ecert:
                row.ecert.setChecked(True)

    def given(self) -> MaterialsGiven:
        from terminal.cases import Handed, MaterialsGiven

        handed, ecerts, promises = {}, set(), {}
        for code, row in self.rows.items():
            if row.originals.value() or row.copies.value():
                handed[code] = Handed(row.originals.value(), row.copies.value())
            if row.ecert.isChecked():
                ecerts.add(code)
            if row.promise.isChecked():
                q = row.deadline.date()
                promises[code] = date(q.year(), q.month(), q.day())
        # A promise counts once signed, while its box stays checked.
        pledges = {
            c: p
            for c, p in self.pledges.items()
            if c in self.rows and self.rows[c].pledge.isChecked()
        }
        return MaterialsGiven(
            handed=handed, ecerts=frozenset(ecerts), promises=promises, pledges=pledges
        )

    def missing_names(self) -> list[str]:
        if self.intake is None:
            return []
        from terminal.cases import MaterialStatus, check_materials

        lines = check_materials(self.intake, self.answers, self.given(), self.extra)
        return [
            pick(x.requirement.material.name, x.requirement.material.name_en)
            for x in lines
            if x.status is MaterialStatus.MISSING
        ]

    def status_text(self, status: MaterialStatus) -> str:
        from terminal.cases import MaterialStatus

        return {
            MaterialStatus.HANDED: self.tr("已收"),
            MaterialStatus.ECERT: self.tr("电子证照"),
            MaterialStatus.PROMISED: self.tr("容缺"),
            MaterialStatus.PLEDGED: self.tr("告知承诺"),
            MaterialStatus.MISSING: self.tr("缺"),
        }[status]

    def recompute(self) -> None:
        if self.intake is None:
            self.summary.setText(self.tr("先选择办理事项并回答情形问题"))
            return
        from terminal.cases import MaterialStatus, check_materials

        lines = {
            x.requirement.material.code: x
            for x in check_materials(self.intake, self.answers, self.given(), self.extra)
        }
        for code, row in self.rows.items():
            line = lines[code]
            row.need.setText(
                self.tr("应交 原%1 复%2")
                .replace("%1", str(row.req.originals))
                .replace("%2", str(row.req.copies))
            )
            row.status.setText(self.status_text(line.status))
            style.set_role(row.status, "error" if line.status is MaterialStatus.MISSING else "ok")
            row.origin.setText(self.tr("读卡出示原件"))
            row.origin.setVisible(code in self.card_ticks and row.originals.value() > 0)
        missing = self.missing_names()
        style.set_role(self.summary, "error" if missing else "ok")
        self.summary.setText(
            self.tr("缺 %1 项：%2").replace("%1", str(len(missing))).replace("%2", listed(missing))
            if missing
            else self.tr("材料齐全，可以受理")
        )
        self.changed.emit()
