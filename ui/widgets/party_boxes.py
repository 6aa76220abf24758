"""The parts of the parties panel (ui/widgets/parties_panel.py) made only when wanted: the
agent's box (代办), and the supervisor's approval of a company's old credit code (单位)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QPushButton, QVBoxLayout, QWidget

from terminal import credit_code
from ui.widgets.applicant_panel import ApplicantPanel
from ui.widgets.fit import labels_above_in_large_type

if TYPE_CHECKING:
    from ui.widgets.parties_panel import PartiesPanel


class AgentBox(QWidget):
    """代办: the agent's own panel, their relation to the applicant, and the swap."""

    def __init__(self, relation: QComboBox, parent: QWidget) -> None:
        super().__init__(parent)  # never a window of its own, even for a moment
        self.panel = ApplicantPanel(self)
        self.panel.role = "agent"
        # Beside the form, narrower than the applicant's pane: labels above in large type.
        labels_above_in_large_type(self.panel.form, self.panel)
        self.panel.retranslate()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        layout.addWidget(relation)
        relation.setVisible(True)
        # The agent's card read first lands in the applicant's panel: one click puts both right.
        self.swap_button = QPushButton()
        layout.addWidget(self.swap_button)


def ask_uscc_approval(panel: PartiesPanel) -> None:
    """A code failing GB 32100's check (older codes exist): the supervisor signs in
    (ui/widgets/approval_dialog.py); their approval goes into the case and the journal."""
    from terminal import decision_approvals
    from ui.main_window import MainWindow
    from ui.widgets.approval_dialog import ApprovalDialog

    window = panel.window()
    if not isinstance(window, MainWindow):
        return
    company = panel.company.company()
    name = company.name if company is not None else ""
    code = credit_code.normalise(panel.company.code.text())
    what = (
        QCoreApplication.translate(
            "PartiesPanel",
            "单位“%1”的统一社会信用代码 %2 校验位不符。请核对营业执照原件，确属有效的旧代码方可批准按此代码受理。",
        )
        .replace("%1", name)
        .replace("%2", code)
    )
    dialog = ApprovalDialog(
        window.ctx,
        purpose=decision_approvals.USCC_OVERRIDE,
        subject=panel.editor.case_id,
        what=what,
        asked_by=window.ctx.clerk_name,
        change=decision_approvals.override_change(code),
        parent=window,
    )
    if window.run_dialog(dialog) and dialog.approval is not None:
        panel.company.override = {**dialog.approval.as_details(), "credit_code": code}
        panel.company.check()
        panel.changed.emit()
