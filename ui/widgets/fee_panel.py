"""收费与加急 in the case editor: the catalogue's fee, how it was paid or why it is waived,
and 加急 with the date it promises. Hidden for a service that is free and cannot be
expedited, so the plain case costs no key more (terminal/fees.py checks the rest)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from terminal import fees
from terminal.catalogue import Intake
from terminal.clock import now
from terminal.fees import PAYMENT_METHODS, FeeTaken
from terminal.i18n import current_language
from terminal.workdays import Calendar, default_calendar
from ui import style
from ui.shortcuts import key_for

EXPEDITE_KEY = "Ctrl+J"  # 加急 (jiājí)


class FeePanel(QGroupBox):
    changed = Signal()

    def __init__(self, calendar: Calendar | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = calendar or default_calendar()
        self.intake: Intake | None = None
        self.answers: Mapping[str, str] = {}
        self.amount = QLabel()
        self.amount.setWordWrap(True)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        style.set_role(self.basis, "hint")
        self.method = QComboBox()
        # "1 现金": typing the digit picks the way, as the clerk's eye reads it.
        self.method.addItem("", "")
        for i, code in enumerate(PAYMENT_METHODS, 1):
            self.method.addItem(str(i), code)
        self.reference = QLineEdit()
        self.reference.setMaxLength(fees.MAX_REFERENCE)
        self.exempt = QCheckBox()
        self.reason = QLineEdit()
        self.reason.setMaxLength(fees.MAX_REASON)
        self.reason.setEnabled(False)
        self.expedite = QCheckBox()
        key_for(self.expedite, EXPEDITE_KEY)
        self.promised = QLabel()
        self.promised.setWordWrap(True)
        self.method_label, self.reference_label = QLabel(), QLabel()
        # Said when a payment recorded for one amount was cleared because the amount changed.
        self.stale = QLabel()
        self.stale.setWordWrap(True)
        style.set_role(self.stale, "error")
        self.stale.setVisible(False)
        # What the recorded payment or waiver was for: (service, amount, 加急). A payment for
        # ¥80.00 is not a payment for ¥550.00; one taken before 加急 was asked for may not
        # cover it (the hall's payment system may charge for 加急).
        self.paid_for: tuple[str, int, bool] | None = None
        grid = QGridLayout(self)
        grid.addWidget(self.amount, 0, 0, 1, 4)
        grid.addWidget(self.basis, 1, 0, 1, 4)
        grid.addWidget(self.method_label, 2, 0)
        grid.addWidget(self.method, 2, 1)
        grid.addWidget(self.reference_label, 2, 2)
        grid.addWidget(self.reference, 2, 3)
        grid.addWidget(self.exempt, 3, 0, 1, 2)
        grid.addWidget(self.reason, 3, 2, 1, 2)
        grid.addWidget(self.expedite, 4, 0, 1, 2)
        grid.addWidget(self.promised, 4, 2, 1, 2)
        grid.addWidget(self.stale, 5, 0, 1, 4)
        grid.setColumnStretch(3, 1)
        self.fee_widgets: list[QWidget] = [
            self.amount,
            self.basis,
            self.method_label,
            self.method,
            self.reference_label,
            self.reference,
            self.exempt,
            self.reason,
        ]
        self.method.currentIndexChanged.connect(self._paid)
        self.reference.textChanged.connect(self._paid)
        self.reason.textChanged.connect(self._paid)
        self.exempt.toggled.connect(self._exempt_toggled)
        self.expedite.toggled.connect(self._expedite_toggled)
        self.setVisible(False)
        self.retranslate()

    # --- what the editor does ---------------------------------------------------------

    def load(
        self,
        intake: Intake | None,
        answers: Mapping[str, str] | None = None,
        taken: FeeTaken | None = None,
        expedited: bool = False,
    ) -> None:
        """A new service (or a draft's): the payment starts empty unless the draft had one."""
        self.intake, self.answers = intake, dict(answers or {})
        taken = taken or FeeTaken()
        for w in (self.method, self.reference, self.reason, self.exempt, self.expedite):
            w.blockSignals(True)
        self.method.setCurrentIndex(max(0, self.method.findData(taken.method)))
        self.reference.setText(taken.reference)
        self.exempt.setChecked(bool(taken.exempt_reason))
        self.reason.setText(taken.exempt_reason)
        self.reason.setEnabled(bool(taken.exempt_reason))
        self.expedite.setChecked(expedited)
        for w in (self.method, self.reference, self.reason, self.exempt, self.expedite):
            w.blockSignals(False)
        self.stale.setVisible(False)
        self.paid_for = self._basis() if self._has_payment() else None
        self._show()

    def set_answers(self, answers: Mapping[str, str]) -> None:
        """The amount may follow an answer (住宅 or not)."""
        self.answers = dict(answers)
        self._show()
        if self._clear_if_stale():
            self.changed.emit()

    def charged_fen(self) -> int:
        return fees.total_fen(self.intake, self.answers) if self.intake else 0

    def taken(self) -> FeeTaken | None:
        if self.charged_fen() == 0:
            return None
        if self.exempt.isChecked():
            return FeeTaken(exempt_reason=self.reason.text().strip())
        return FeeTaken(str(self.method.currentData() or ""), self.reference.text().strip())

    def expedited(self) -> bool:
        allowed = self.intake is not None and fees.can_expedite(self.intake)
        return allowed and self.expedite.isChecked()

    def inputs(self) -> list[QWidget]:
        return [self.method, self.reference, self.exempt, self.reason, self.expedite]

    # --- inside -----------------------------------------------------------------------------

    def _exempt_toggled(self, on: bool) -> None:
        self.reason.setEnabled(on)
        self.method.setEnabled(not on)
        self.reference.setEnabled(not on)
        if on:
            self.reason.setFocus()
        self._paid()

    def _expedite_toggled(self) -> None:
        self._clear_if_stale()
        self._edited()

    def _basis(self) -> tuple[str, int, bool]:
        return (self.intake.code if self.intake else "", self.charged_fen(), self.expedited())

    def _has_payment(self) -> bool:
        return bool(
            self.method.currentData()
            or self.reference.text().strip()
            or self.exempt.isChecked()
            or self.reason.text().strip()
        )

    def _paid(self) -> None:
        """The clerk recorded (or changed) the payment: it is for what is shown now."""
        self.paid_for = self._basis() if self._has_payment() else None
        if self.paid_for is not None:
            self.stale.setVisible(False)
        self._edited()

    def _clear_if_stale(self) -> bool:
        """A payment recorded for another amount (or before 加急 was toggled) is cleared and
        the clerk told, so a receipt never prints a payment that was not for this case."""
        if self.paid_for is None or self.paid_for == self._basis():
            return False
        widgets = (self.method, self.reference, self.reason, self.exempt)
        for w in widgets:
            w.blockSignals(True)
        self.method.setCurrentIndex(0)
        self.reference.clear()
        self.reason.clear()
        self.exempt.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.reason.setEnabled(False)
        self.method.setEnabled(True)
        self.reference.setEnabled(True)
        self.paid_for = None
        self.stale.setText(
            self.tr(
                "应收金额或加急已改变，原登记的缴费（或减免）已清除：请按 %1 重新登记。"
            ).replace("%1", fees.yuan(self.charged_fen()))
        )
        self.stale.setVisible(self.charged_fen() > 0)
        return True

    def _edited(self) -> None:
        self._show_dates()
        self.changed.emit()

    def _show(self) -> None:
        intake = self.intake
        fen = self.charged_fen()
        allowed = intake is not None and fees.can_expedite(intake)
        self.setVisible(bool(fen) or allowed)
        for w in self.fee_widgets:
            w.setVisible(bool(fen))
        self.expedite.setVisible(allowed)
        self.promised.setVisible(allowed)
        english = current_language() == "en"
        notes = [s.expedite for s in intake.services if s.expedite] if intake else []
        # The catalogue's word on 加急 (where the card is collected, what it costs).
        self.expedite.setToolTip("\n".join(e.note_en if english else e.note for e in notes))
        if intake is not None and fen:
            self.amount.setText(
                self.tr("应收费用：%1（人民币%2）")
                .replace("%1", fees.yuan(fen))
                .replace("%2", fees.in_words(fen))
            )
            items = fees.fee_items(intake, self.answers)
            bases = [s.fee_basis_en if english else s.fee_basis for s, _ in items]
            basis = "；".join(b for b in dict.fromkeys(bases) if b)
            self.basis.setText(self.tr("收费依据：%1").replace("%1", basis))
            self.basis.setVisible(bool(basis))  # an older catalogue may not name it
        self._show_dates()

    def _show_dates(self) -> None:
        if self.intake is None or not fees.can_expedite(self.intake):
            return
        # The pages' model (and the printing modules it brings) only once a date is shown.
        from terminal.documents.model import day

        today = now().date()
        usual = fees.due_date(self.intake, today, self.calendar, False)
        fast = fees.due_date(self.intake, today, self.calendar, True)
        if self.expedite.isChecked():
            text = self.tr("加急：承诺办结日期 %1（不加急为 %2）")
        else:
            text = self.tr("承诺办结日期 %2；加急可提前至 %1")
        self.promised.setText(text.replace("%1", day(fast)).replace("%2", day(usual)))

    def retranslate(self) -> None:
        self.setTitle(self.tr("收费与加急"))
        self.method_label.setText(self.tr("缴费方式"))
        self.method.setItemText(0, self.tr("请选择"))
        labels = {
            "cash": self.tr("现金"),
            "bank_card": self.tr("银行卡"),
            "qr_code": self.tr("扫码支付"),
            "transfer": self.tr("对公转账"),
        }
        for i, code in enumerate(PAYMENT_METHODS, 1):
            self.method.setItemText(i, f"{i} {labels[code]}")
        self.reference_label.setText(self.tr("缴费凭证号"))
        self.reference.setPlaceholderText(self.tr("录入或扫描收费系统的凭证号"))
        self.exempt.setText(self.tr("减免（免收）"))
        self.reason.setPlaceholderText(self.tr("减免理由"))
        self.expedite.setText(self.tr("加急办理 (Ctrl+J)"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def fee_draft(taken: FeeTaken | None, expedited: bool) -> dict[str, object]:
    """A draft's fee keys: none for a plain case, so its draft is the one it always was."""
    return {
        **({"fee": taken.to_json()} if taken is not None else {}),
        **({"expedited": True} if expedited else {}),
    }
