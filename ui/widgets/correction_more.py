"""The rest of a correction (更正, review finding 10): the fee's payment reference, the
company's name, credit code and legal representative, the agent's relation and phone, for a
case that has them (``detail["correctable"]``: terminal/correction_fields.py ``current``).
The store checks each value again (a used payment reference, a failing credit code)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from terminal.parties import RELATIONS
from ui.who_applied import relation_word


def names() -> dict[str, str]:
    return {
        "fee.reference": QCoreApplication.translate("CorrectionMore", "缴费凭证号"),
        "company.name": QCoreApplication.translate("CorrectionMore", "单位名称"),
        "company.credit_code": QCoreApplication.translate("CorrectionMore", "统一社会信用代码"),
        "company.legal_rep": QCoreApplication.translate("CorrectionMore", "法定代表人"),
        "agent.relation": QCoreApplication.translate("CorrectionMore", "代办人与申请人关系"),
        "agent.phone": QCoreApplication.translate("CorrectionMore", "代办人联系电话"),
    }


class CorrectionMore(QWidget):
    def __init__(self, now: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names()
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, label in self.names.items():
            if key not in now:
                continue
            box: QLineEdit | QComboBox
            if key == "agent.relation":
                box = QComboBox()
                for code in RELATIONS:
                    box.addItem(relation_word(code), code)
                box.setCurrentIndex(max(0, box.findData(now[key])))
            else:
                box = QLineEdit(str(now[key] or ""))
            self.inputs[key] = box
            form.addRow(label, box)

    def wanted(self) -> dict[str, str]:
        return {
            key: str(box.currentData()) if isinstance(box, QComboBox) else box.text().strip()
            for key, box in self.inputs.items()
        }
