"""申请人: filled by a card on the reader, or typed by hand with the same validation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from terminal.identity import DocumentKind, DocumentWarning, IdentityDocument, mask_id_number
from ui.qt_names import set_by_name
from ui.widgets.fit import NoteLabel, WholeLineEdit

if TYPE_CHECKING:
    from devices.cards.photo import Portrait
    from terminal.cases import Applicant

KIND_LABELS = {
    DocumentKind.RESIDENT_ID: "居民身份证",
    DocumentKind.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    DocumentKind.FOREIGN_PERMANENT_2017: "外国人永久居留证（2017）",
    DocumentKind.FOREIGN_PERMANENT_2023: "外国人永久居留身份证（2023）",
    DocumentKind.SOCIAL_SECURITY: "社会保障卡",
}


class ApplicantPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: IdentityDocument | None = None
        self._portrait: Portrait | None = None
        # Whose panel (ui/widgets/parties_panel.py): the title says it.
        self.role = "applicant"
        self.photo = QLabel()
        self.photo.setFixedSize(90, 110)
        set_by_name(self.photo, "alignment", "AlignCenter")
        self.photo.setFrameShape(QLabel.Shape.Box)
        self.source = QLabel()
        self.kind = QComboBox()
        for kind in KIND_LABELS:
            self.kind.addItem("", kind)
        self.name = QLineEdit()
        self.number = WholeLineEdit(19)
        self.number.setMaxLength(20)
        self.validity = QLabel()
        self.validity.setWordWrap(True)
        # As wide as the pane allows, not as the longest kind of card: the form keeps its room.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(6)
        self.problem = NoteLabel("error")
        self.warning = NoteLabel("warning")
        self.form = form = QFormLayout()
        self.kind_label, self.name_label, self.number_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.name_label, self.name)
        form.addRow(self.number_label, self.number)
        form.addRow("", self.validity)
        row = QHBoxLayout()
        row.addWidget(self.photo)
        row.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.problem)
        for signal in (self.name.textEdited, self.number.textEdited):
            signal.connect(self._typed)
        self.kind.currentIndexChanged.connect(self._typed)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        titles = {
            "applicant": self.tr("申请人"),
            "principal": self.tr("申请人（委托人）"),
            "agent": self.tr("代办人（受托人）"),
            "handler": self.tr("经办人"),
        }
        self.setTitle(titles[self.role])
        self.kind_label.setText(self.tr("证件类型"))
        self.name_label.setText(self.tr("姓名"))
        self.number_label.setText(self.tr("证件号码"))
        self.number.setPlaceholderText(self.tr("放置证件，或手工输入"))
        labels = {
            DocumentKind.RESIDENT_ID: self.tr("居民身份证"),
            DocumentKind.HMT_RESIDENCE_PERMIT: self.tr("港澳台居民居住证"),
            DocumentKind.FOREIGN_PERMANENT_2017: self.tr("外国人永久居留证（2017）"),
            DocumentKind.FOREIGN_PERMANENT_2023: self.tr("外国人永久居留身份证（2023）"),
            DocumentKind.SOCIAL_SECURITY: self.tr("社会保障卡"),
        }
        for i, kind in enumerate(KIND_LABELS):
            self.kind.setItemText(i, labels[kind])
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear(self) -> None:
        self._document = None
        self._portrait = None  # the last citizen's face goes with their name
        self.name.clear()
        self.number.clear()
        self.kind.setCurrentIndex(0)
        self._set_editable(True)
        self._refresh()

    def set_document(self, document: IdentityDocument, portrait: Portrait | None = None) -> None:
        """A card was read: fill in, lock the fields (the chip is the truth), show its photo
        for the clerk to compare with the face, and its warnings."""
        self._document = document
        self._portrait = portrait
        self.kind.setCurrentIndex(list(KIND_LABELS).index(document.kind))
        self.name.setText(document.name)
        self.number.setText(document.masked_id())
        self._set_editable(False)
        self._refresh()
        self.changed.emit()

    def set_manual(self, applicant: Applicant) -> None:
        """Restore a typed applicant (a resumed draft)."""
        self.clear()
        self.kind.setCurrentIndex(list(KIND_LABELS).index(applicant.kind))
        self.name.setText(applicant.name)
        self.number.setText(applicant.id_number)
        self._refresh()

    def _set_editable(self, editable: bool) -> None:
        for w in (self.name, self.number):
            w.setReadOnly(not editable)
        self.kind.setEnabled(editable)

    def _typed(self) -> None:
        if self._document is None:
            self._refresh()
            self.changed.emit()

    def applicant(self) -> Applicant | None:
        if self._document is None and not (self.name.text().strip() and self.number.text().strip()):
            return None
        # Here, once there is someone: the case's rules need not load before the first paint.
        from terminal.cases import Applicant

        if self._document is not None:
            d = self._document
            return Applicant(d.kind, d.name, d.id_number)
        kind = self.kind.currentData()
        return Applicant(kind, self.name.text().strip(), self.number.text().strip())

    def holding(self) -> tuple[IdentityDocument | None, Portrait | None, Applicant | None]:
        """What the panel holds (card and photo, or the typed person), to move it elsewhere."""
        return self._document, self._portrait, self.applicant()

    def hold(self, held: tuple[IdentityDocument | None, Portrait | None, Applicant | None]) -> None:
        document, portrait, typed = held
        if document is not None:
            self.set_document(document, portrait)
        elif typed is not None:
            self.set_manual(typed)
        else:
            self.clear()
        self.changed.emit()

    def document(self) -> IdentityDocument | None:
        """The card read into this panel, if any (a typed person has none)."""
        return self._document

    def from_card(self) -> bool:
        return self._document is not None

    def _show_portrait(self) -> None:
        from PySide6.QtGui import QPixmap  # with the first card's photo

        self.photo.clear()
        picture = QPixmap()
        if self._portrait is None or not picture.loadFromData(self._portrait.image):
            # A hand-typed applicant, a card without a photo, or an image Qt cannot read.
            self.photo.setText(self.tr("照片"))
            return
        self.photo.setPixmap(
            picture.scaled(
                self.photo.size(),
                QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                QtCore.Qt.TransformationMode.SmoothTransformation,
            )
        )
        if not self._portrait.decoded:
            # The outline only: say why, so the clerk checks the face against the card itself.
            self.source.setText(self.tr("已读卡（未装照片解码程序：请核对证件上的照片）"))

    def _refresh(self) -> None:
        d = self._document
        self.source.setText(self.tr("已读卡") if d else self.tr("手工录入（无证件时）"))
        self._show_portrait()
        self.validity.clear()
        self.warning.clear()
        self.problem.clear()
        if d is not None:
            until = d.valid_to.isoformat() if d.valid_to else self.tr("长期")
            self.validity.setText(self.tr("有效期至 %1").replace("%1", until))
            notes = []
            if DocumentWarning.EXPIRED in d.warnings():
                notes.append(self.tr("证件已过期：请申请人出示有效证件或按规定办理。"))
            if DocumentWarning.CHECK_CHARACTER in d.warnings():
                notes.append(self.tr("证件号码校验位不符：请核对证件，必要时联网核查。"))
            self.warning.setText("\n".join(notes))
            return
        applicant = self.applicant()
        if applicant is None:
            return
        problem = applicant.problem(date.today())
        if problem is not None:
            self.problem.setText(problem.text())
        else:
            self.validity.setText(mask_id_number(applicant.id_number))
