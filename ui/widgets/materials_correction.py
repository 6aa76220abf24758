"""The materials part of a correction (更正, issue 14): how many originals and copies of each
material were really handed over, where the clerk recorded them wrong at acceptance.

Only counts: the situation answers stay as recorded (a different answer may call for other
materials, which is a new application, not a correction). An accepted case stays complete:
a correction that would leave a required material short is refused here, in words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from terminal import parties as party_rules
from terminal.case_events import handed_of
from terminal.cases import MaterialsGiven, MaterialStatus, check_materials
from terminal.catalogue import Catalogue, Intake, Requirement
from ui.widgets.situation_form import pick


class MaterialsCorrection(QWidget):
    def __init__(
        self,
        detail: dict[str, Any],
        intake: Intake | None,
        catalogue: Catalogue | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.detail, self.intake = detail, intake
        answers = dict(detail.get("answers") or {})
        self.extra: tuple[Requirement, ...] = ()
        required: list[Requirement] = []
        if intake is not None and catalogue is not None:
            parties = party_rules.Parties.from_json(detail.get("parties"))
            self.extra = party_rules.extra_requirements(catalogue, intake, parties, answers)
            required = [*intake.required_materials(answers), *self.extra]
        # The catalogue's names in the window's language (English mode had them Chinese).
        names = {r.material.code: pick(r.material.name, r.material.name_en) for r in required}
        for code in (detail.get("materials") or {}).get("handed") or {}:
            material = catalogue.materials.get(code) if catalogue is not None else None
            names.setdefault(code, pick(material.name, material.name_en) if material else code)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(QCoreApplication.translate("MaterialsCorrection", "原件")), 0, 1)
        grid.addWidget(QLabel(QCoreApplication.translate("MaterialsCorrection", "复印件")), 0, 2)
        self.counts: dict[str, tuple[QSpinBox, QSpinBox]] = {}
        for row, (code, name) in enumerate(names.items(), start=1):
            now = handed_of(detail.get("materials") or {}, code)
            boxes = (QSpinBox(), QSpinBox())
            for box, key in zip(boxes, ("originals", "copies"), strict=True):
                box.setRange(0, 99)
                box.setValue(now[key])
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(boxes[0], row, 1)
            grid.addWidget(boxes[1], row, 2)
            self.counts[code] = boxes
        self.names = names

    def handed(self) -> dict[str, dict[str, int]]:
        return {
            code: {"originals": o.value(), "copies": c.value()}
            for code, (o, c) in self.counts.items()
        }

    def still_missing(self) -> list[str]:
        """Required materials the corrected counts leave short (an e-certificate or a 容缺
        promise still covers its own, as at acceptance)."""
        if self.intake is None:
            return []
        raw = dict(self.detail.get("materials") or {})
        given = MaterialsGiven.from_json({**raw, "handed": self.handed()})
        lines = check_materials(self.intake, self.detail.get("answers") or {}, given, self.extra)
        return [
            pick(line.requirement.material.name, line.requirement.material.name_en)
            for line in lines
            if line.status is MaterialStatus.MISSING
        ]
