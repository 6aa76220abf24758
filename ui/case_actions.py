"""A recorded case's withdrawal (撤回), void (作废) and correction (更正) at the counter
(issue 14); the rules and the records are terminal/case_events.py's.

Who may: a withdrawal is the citizen's request, shown by their card read at this counter or,
without it, by the receipt with the applicant's ID number keyed whole; or the agent of record's,
with their own card read (terminal/withdrawal.py); the clerk records who presented it.
A void and a correction need a supervisor, who signs in at the clerk's window for that one
action (ApprovalDialog); the approval's journal entry is cited by the action's own. Then the
case's document prints: the 撤回/作废 record, or the receipt re-issued and marked 更正版.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from terminal import correction_fields
from terminal.catalogue import Catalogue, CatalogueError, Intake
from terminal.clock import now
from terminal.forms import validate_form
from terminal.identity import mask_id_number, mask_name, normalise_id_number
from terminal.store import Store
from terminal.withdrawal import agent_of_record
from ui import case_opening, style
from ui.case_action_texts import correction_what, texts, void_what
from ui.who_applied import relation_word
from ui.widgets.fit import WrapLabel
from ui.widgets.situation_form import pick

if TYPE_CHECKING:
    from terminal import case_events
    from terminal.case_events import Citizen
    from ui.main_window import MainWindow


class CaseActionDialog(QDialog):
    """What the clerk fills in for one action on one recorded case."""

    def __init__(
        self,
        kind: str,
        detail: dict[str, Any],
        intake: Intake | None,
        card_id: str | None,
        parent: QWidget | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind, self.detail, self.intake = kind, detail, intake
        self.setWindowTitle(texts()[kind])
        layout = QFormLayout(self)
        summary = WrapLabel(
            QCoreApplication.translate("CaseActions", "编号 %1 · %2 · 申请人 %3（%4）")
            .replace("%1", detail["receipt_no"])
            .replace("%2", pick(intake.name, intake.name_en) if intake else detail["intake_code"])
            .replace("%3", str(detail["applicant_name"]))
            .replace("%4", mask_id_number(detail["id_number"]))
        )
        layout.addRow(summary)
        self.reason = QLineEdit()
        self.id_number = QLineEdit()
        # Whose card is read: the applicant's, the agent of record's, or nobody's here.
        self.agent = agent_of_record({"parties": detail.get("parties")})
        self.card_role = case_opening.card_role(detail, card_id)
        self.by_card = self.card_role is not None
        self.name = QLineEdit(str(detail["applicant_name"]))
        self.fields: dict[str, QLineEdit] = {}
        if kind == "withdrawn":
            if self.card_role == "applicant":
                layout.addRow(
                    QLabel(QCoreApplication.translate("CaseActions", "已读取申请人本人证件。"))
                )
            elif self.card_role == "agent" and self.agent is not None:
                layout.addRow(
                    QLabel(
                        QCoreApplication.translate(
                            "CaseActions", "已读取登记的代办人 %1 的证件：由代办人提出撤回。"
                        ).replace("%1", mask_name(str(self.agent.get("name") or "")))
                    )
                )
            else:
                layout.addRow(
                    QCoreApplication.translate("CaseActions", "申请人证件号码（凭回执撤回时核对）"),
                    self.id_number,
                )
        if kind == "corrected":
            layout.addRow(QCoreApplication.translate("CaseActions", "申请人姓名"), self.name)
            labels = {f.id: pick(f.label, f.label_en) for f in intake.fields} if intake else {}
            # Every field of the service, an optional one left empty at intake too.
            for key in labels or sorted(detail["form"]):
                value = detail["form"].get(key)
                box = QLineEdit("" if value is None else str(value))
                self.fields[key] = box
                layout.addRow(labels.get(key, key), box)
            # The counts of what was handed over, as they should have been recorded.
            from ui.widgets.materials_correction import MaterialsCorrection

            self.materials = MaterialsCorrection(detail, intake, catalogue)
            layout.addRow(
                QCoreApplication.translate("CaseActions", "收取的材料（份数）"), self.materials
            )
            from ui.widgets.correction_more import CorrectionMore

            self.more = CorrectionMore(detail.get("correctable") or {})
            layout.addRow(self.more)
        layout.addRow(QCoreApplication.translate("CaseActions", "原因"), self.reason)
        self.message = WrapLabel()
        style.set_role(self.message, "error")
        layout.addRow(self.message)
        Button = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(Button.Ok | Button.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.changes: list[case_events.Change] = []

    def changed_lines(self) -> list[tuple[str, Any, Any]]:
        """What the correction changes, as the supervisor reads it: the field's name (not its
        id), the value before and the value after."""
        labels = {f.id: f.label for f in self.intake.fields} if self.intake else {}
        lines: list[tuple[str, Any, Any]] = []
        for change in self.changes:
            field = change.field
            if field.startswith("materials."):
                code = field.removeprefix("materials.")
                name = self.materials.names.get(code, code)
            elif field.startswith("form."):
                name = labels.get(field.removeprefix("form."), field)
            elif field in self.more.names:  # fee reference, company, agent
                name = self.more.names[field]
            else:
                name = QCoreApplication.translate("CaseActions", "申请人姓名")
            before, after = change.before, change.after
            if field == "agent.relation":
                before, after = relation_word(before) or before, relation_word(after) or after
            lines.append((name, before, after))
        return lines

    def citizen(self) -> Citizen:
        from terminal.case_events import Citizen

        if self.card_role == "agent" and self.agent is not None:
            return Citizen(str(self.agent.get("name") or ""), str(self.agent["id_number"]), "card")
        if self.by_card:
            return Citizen(self.detail["applicant_name"], self.detail["id_number"], "card")
        return Citizen("", normalise_id_number(self.id_number.text()), "receipt")

    def check(self) -> None:
        """Refuse here what can be seen here; the store checks again."""
        if not self.reason.text().strip():
            self.message.setText(QCoreApplication.translate("CaseActions", "请写明原因。"))
            return
        if self.kind == "withdrawn" and not self.by_card:
            typed = normalise_id_number(self.id_number.text())
            if self.agent is not None and typed == normalise_id_number(self.agent["id_number"]):
                self.message.setText(
                    QCoreApplication.translate(
                        "CaseActions", "代办人撤回须读取其本人身份证件，不能凭录入的证件号码。"
                    )
                )
                return
            if typed != normalise_id_number(self.detail["id_number"]):
                self.message.setText(
                    QCoreApplication.translate(
                        "CaseActions",
                        "证件号码与申请人不符：撤回须由申请人本人或登记的代办人提出。",
                    )
                )
                return
        if self.kind == "corrected":
            raw = {k: box.text().strip() for k, box in self.fields.items()}
            fields = self.intake.fields if self.intake else ()
            result = validate_form(fields, raw, require_complete=True, today=date.today())
            if result.errors:
                self.message.setText("\n".join(e.text() for e in result.errors.values()))
                return
            # The form as validated (an emptied optional field is gone, as at intake).
            form = result.values if self.intake else {**self.detail["form"], **result.values}
            from terminal import case_events

            short = self.materials.still_missing()
            if short and self.detail["decision"] == "accepted":
                self.message.setText(
                    QCoreApplication.translate(
                        "CaseActions", "更正后材料不齐全：%1。已受理的办件材料须齐全。"
                    ).replace("%1", "、".join(short))
                )
                return
            self.changes = case_events.changes_of(
                self.detail, self.name.text().strip(), form, self.materials.handed()
            )
            now = self.detail.get("correctable") or {}
            self.changes += [
                case_events.Change(*c)
                for c in correction_fields.changes_of(now, self.more.wanted())
            ]
            if not self.changes:
                self.message.setText(
                    QCoreApplication.translate("CaseActions", "没有改动任何内容。")
                )
                return
        self.accept()


def ask(window: MainWindow, kind: str) -> None:
    """Which case: the receipt's QR scanned, or its number keyed (the last one printed here
    is offered)."""
    if kind == "withdrawn":  # the citizen's request: opened with them present only
        return case_opening.ask_withdrawal(window, texts()[kind], lambda d: act(window, kind, d))
    dialog = QInputDialog(window)
    dialog.setWindowTitle(texts()[kind])
    dialog.setLabelText(QCoreApplication.translate("CaseActions", "扫描回执二维码或输入编号："))
    # Empty, never the last receipt printed or a previous attempt's number: Enter alone must
    # not void or correct a case the clerk did not name (the last one is a hint only).
    dialog.setTextValue("")
    edit = dialog.findChild(QLineEdit)
    if edit is not None and window.last_receipt:
        edit.setPlaceholderText(window.last_receipt)
    if not window.run_dialog(dialog) or not dialog.textValue().strip():
        return
    from terminal.case_status import reference_from

    key = reference_from(dialog.textValue())
    opened(window, kind, key)


def opened(window: MainWindow, kind: str, key: str, *, fetched: bool = False) -> None:
    """The case from this store; one recorded at another window of the hall is fetched from
    the portal first (ui/hall_case.py)."""
    from terminal import casebook
    from terminal.case_state import CaseNotFound

    def load(store: Store) -> dict[str, Any]:
        detail = casebook.load_detail(store, key)
        # What else a correction may change, as the case holds it now (finding 10).
        held = {"parties": detail.get("parties")}
        detail["correctable"] = correction_fields.current(store.conn, str(detail["id"]), held)
        return detail

    def missing(error: Exception) -> None:
        if isinstance(error, CaseNotFound) and not fetched:
            from ui import hall_case

            hall_case.fetch_then(
                window, key, lambda case_id: opened(window, kind, case_id, fetched=True)
            )
        else:
            window.fail(error)

    window.ctx.store_jobs.submit(
        load,
        lambda detail: act(window, kind, detail),
        missing,
    )


def act(window: MainWindow, kind: str, detail: dict[str, Any]) -> None:
    from ui.widgets.approval_dialog import ApprovalDialog

    try:
        intake: Intake | None = window.ctx.catalogue.intake(detail["intake_code"])
    except CatalogueError:
        intake = None
    if kind != "withdrawn":  # the hall's own act: opening it by number is journaled
        case_opening.journal_staff(window, kind, detail)
    card_id = case_opening.card_for(window, detail)
    dialog = CaseActionDialog(kind, detail, intake, card_id, window, window.ctx.catalogue)
    if not window.run_dialog(dialog):
        return
    ctx, clerk, case_id = window.ctx, window.ctx.clerk_name, str(detail["id"])
    reason, terminal = dialog.reason.text().strip(), ctx.config.terminal_id
    approval = None
    if kind in ("voided", "corrected"):
        from terminal import case_approvals

        # The supervisor reads the whole change, and approves that change only.
        if kind == "voided":
            what = void_what(detail["receipt_no"], reason)
            purpose, change = case_approvals.VOID, case_approvals.void_change(reason)
        else:
            what = correction_what(detail["receipt_no"], dialog.changed_lines(), reason)
            purpose = case_approvals.CORRECT
            change = case_approvals.correction_change(dialog.changes, reason)
        asking = ApprovalDialog(
            ctx, purpose=purpose, subject=case_id, what=what, asked_by=clerk, change=change
        )
        if not window.run_dialog(asking) or asking.approval is None:
            return
        approval = asking.approval

    def write(store: Store) -> str:
        from terminal import case_events

        with store.write():
            if kind == "withdrawn":
                case_events.record_withdrawal(
                    store.conn,
                    case_id,
                    citizen=dialog.citizen(),
                    reason=reason,
                    terminal_id=terminal,
                    clerk=clerk,
                    at=now(),
                )
            elif kind == "voided" and approval is not None:
                case_events.record_void(
                    store.conn,
                    case_id,
                    reason=reason,
                    approval=approval,
                    terminal_id=terminal,
                    clerk=clerk,
                    at=now(),
                )
            elif approval is not None:
                case_events.record_correction(
                    store.conn,
                    case_id,
                    changes=dialog.changes,
                    reason=reason,
                    approval=approval,
                    terminal_id=terminal,
                    clerk=clerk,
                    at=now(),
                )
        return case_id

    def done(key: str) -> None:
        window.links.sync_now()
        window.statusBar().showMessage(
            QCoreApplication.translate("CaseActions", "已%1：%2")
            .replace("%1", texts()[kind])
            .replace("%2", detail["receipt_no"]),
            8000,
        )
        window.show_document(key, False)

    ctx.store_jobs.submit(write, done, window.fail)
