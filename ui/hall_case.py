"""A receipt this window does not hold: the case is fetched from the hall (review 4, finding 1).

The citizen with window 3's 补正 notice is called to this window. The receipt's number finds
nothing in this store, so the clerk is asked for the applicant's last four ID characters
(the citizen says them: a card in the editor may be an agent's or the last citizen's, and
every miss counts toward the receipt's limit), and the portal is asked, on the sync worker's
thread (ui/bridge.py ``ask_portal``).
Once the case is in this store (sync/cases/hall_fetch.py) the action goes on as for a case
recorded here. Offline or not enrolled, the clerk is told in a sentence where the citizen can
be served.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit

from terminal.case_machine import CaseError

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_IN_FLIGHT = "hall_case_asking"
# The link failures that mean "not now" (other refusals, a key problem, say what they are).
_UNREACHABLE = ("sync.link.unreachable", "sync.link.timeout", "sync.link.reset")


def fetch_then(
    window: MainWindow, reference: str, then: Callable[[str], None], last4: str = ""
) -> None:
    """Ask for the last four (unless the clerk typed them already with the number), fetch the
    case, then ``then(case_id)`` on the GUI thread."""
    from sync.errors import LinkDown

    bridge = window.links.bridge
    if bridge is None or bridge.sync is None:
        window.fail(CaseError("hall_case.offline", receipt_no=reference))
        return
    if window.property(_IN_FLIGHT):
        return  # Ctrl+B again while the portal is asked: one question, one case opened
    if not last4:
        dialog = QInputDialog(window)
        dialog.setWindowTitle(QCoreApplication.translate("HallCase", "本窗口无此办件"))
        dialog.setLabelText(
            QCoreApplication.translate(
                "HallCase",
                "编号 %1 不是本窗口受理的。向平台调取本厅其他窗口的办件，请输入申请人证件号码后四位：",
            ).replace("%1", reference)
        )
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        if not window.run_dialog(dialog) or not dialog.textValue().strip():
            return
        last4 = dialog.textValue().strip()
    ctx = window.ctx
    clerk, terminal_id = ctx.clerk_name, ctx.config.terminal_id

    def question(store: Any, client: Any) -> str:  # on the sync worker's thread
        from sync.cases.hall_fetch import fetch
        from terminal.clock import now

        return fetch(
            store, client, reference, last4, terminal_id=terminal_id, clerk=clerk, at=now()
        )

    def done(answer: object) -> None:  # back on the GUI thread
        window.setProperty(_IN_FLIGHT, False)
        if isinstance(answer, LinkDown) and answer.msg_id in _UNREACHABLE:
            window.fail(CaseError("hall_case.offline", receipt_no=reference))
        elif isinstance(answer, Exception):
            window.fail(answer)
        elif isinstance(answer, str):
            then(answer)

    window.status.showMessage(
        QCoreApplication.translate("HallCase", "正在向平台调取办件 %1……").replace("%1", reference)
    )
    window.setProperty(_IN_FLIGHT, True)
    if not bridge.ask_portal(question, done):
        window.setProperty(_IN_FLIGHT, False)
