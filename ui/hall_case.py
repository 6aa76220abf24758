"""A receipt this window does not hold: the case is fetched from the hall (review 4, finding 1).

The citizen with window 3's 补正 notice is called to this window. The receipt's number finds
nothing in this store, so the clerk is asked for the applicant's last four ID characters
(the card just read offers its own; an agent's card will not match, and the citizen says
them), and the portal is asked, on the sync worker's thread (ui/bridge.py ``ask_portal``).
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


def _last_four_offered(window: MainWindow) -> str:
    card = window.editor.applicant
    document = card._document if card.from_card() else None
    return document.id_number[-4:] if document is not None else ""


def fetch_then(window: MainWindow, reference: str, then: Callable[[str], None]) -> None:
    """Ask for the last four, fetch the case, then ``then(case_id)`` on the GUI thread."""
    from sync.errors import LinkDown

    bridge = window.links.bridge
    if bridge is None or bridge.sync is None:
        window.fail(CaseError("hall_case.offline", receipt_no=reference))
        return
    dialog = QInputDialog(window)
    dialog.setWindowTitle(QCoreApplication.translate("HallCase", "本窗口无此办件"))
    dialog.setLabelText(
        QCoreApplication.translate(
            "HallCase",
            "编号 %1 不是本窗口受理的。向平台调取本厅其他窗口的办件，请输入申请人证件号码后四位：",
        ).replace("%1", reference)
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(_last_four_offered(window))
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
        if isinstance(answer, LinkDown):
            window.fail(CaseError("hall_case.offline", receipt_no=reference))
        elif isinstance(answer, Exception):
            window.fail(answer)
        elif isinstance(answer, str):
            then(answer)

    window.status.showMessage(
        QCoreApplication.translate("HallCase", "正在向平台调取办件 %1……").replace("%1", reference)
    )
    bridge.ask_portal(question, done)
