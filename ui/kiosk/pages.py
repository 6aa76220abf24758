"""The kiosk's screens. Each is small, big-buttoned, and reads or writes through the workers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from sync.errors import LookupThrottled
from terminal.case_status import CaseStatus, StatusRefused
from terminal.i18n import TongbanError
from terminal.store import Store
from ui import style
from ui.context import AppContext
from ui.kiosk.pacing import MissPacer
from ui.kiosk.session import KioskSession

if TYPE_CHECKING:
    from sync.cases.lookup import CaseLookup


log = logging.getLogger(__name__)


def plain_error(error: Exception, apology: str) -> str:
    """What a citizen reads: the core's own message, or a plain apology; never a traceback."""
    if isinstance(error, TongbanError):
        return str(error)
    log.error("kiosk operation failed: %s", type(error).__name__)  # the type only: no data
    return apology


def big_button(text: str, action: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(96)
    # The large-type style sheet sets a smaller min-height for every button, and a style
    # sheet wins over setMinimumHeight: a touch target needs its own rule.
    button.setStyleSheet("QPushButton { min-height: 84px; padding: 6px 18px; }")
    button.clicked.connect(lambda _=False: action())
    return button


def field_label(text: str, field: QWidget) -> QLabel:
    """A field's name, shown above it (and its accessible name, through the buddy)."""
    label = QLabel(text)
    style.set_role(label, "field")
    label.setBuddy(field)
    return label


def heading(text: str) -> QLabel:
    label = QLabel(text)
    style.set_role(label, "title")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class StatusPage(QWidget):
    """The portal's answer when it answers (it knows what happened after the counter), this
    terminal's records otherwise, and always which of the two the citizen is reading."""

    def __init__(self, ctx: AppContext, session: KioskSession) -> None:
        super().__init__()
        self.ctx, self.session = ctx, session
        self._visit = 0  # an answer arriving after a start over belongs to nobody: dropped
        self._lookup: CaseLookup | None = None  # used on the store worker's thread only
        self.pacer = MissPacer()  # misses slow the next try down (GUI thread only)
        from ui.kiosk.receipt_form import ReceiptForm, receipt_letters

        # Digits on a numeric pad: the letters of a receipt number are the hall's.
        letters = receipt_letters(ctx.config.terminal_id)
        self.form = ReceiptForm(letters, lambda: self.tr("查询"), self.ask)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.title = heading("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.result)  # the answer under the heading, above the pad
        layout.addWidget(self.form, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("查询办件进度"))
        self.form.retranslate()

    def ask(self, reference: str, last4: str) -> None:
        wait = self.pacer.wait_left()
        if wait:
            self.result.setText(self.wait_text(wait))  # not asked: nothing is looked up
            return
        self.session.reference, self.session.last4 = reference, last4
        ctx, visit = self.ctx, self._visit

        def name_of(code: str) -> str:
            intake = ctx.catalogue.services.get(code) or ctx.catalogue.bundles.get(code)
            return intake.name if intake else code

        def find(store: Store) -> CaseStatus:
            # The portal may take seconds (interactive timeouts): never on the GUI thread.
            if self._lookup is None or self._lookup.make_client is None:
                from sync.cases.lookup import CaseLookup
                from ui.queue_link import portal_client_factory

                self._lookup = CaseLookup(portal_client_factory(ctx, interactive=True))
            return self._lookup(store, reference, last4, name_of)

        self.result.setText(self.tr("正在查询，请稍候……"))
        self.ctx.store_jobs.submit(
            find,
            lambda s: self.show_status(s) if visit == self._visit else None,
            lambda e: self.failed(e, visit),
        )

    def failed(self, error: Exception, visit: int) -> None:
        """A miss is counted even when the citizen started over meanwhile; shown if not."""
        text = plain_error(error, self.tr("暂时无法查询，请到咨询台询问。"))
        if isinstance(error, StatusRefused) and error.msg_id == "status.not_found":
            wait = self.pacer.missed()
            if wait:
                text += "\n" + self.wait_text(wait)
        elif isinstance(error, LookupThrottled):
            self.pacer.hold(error.seconds)  # the portal's own limit: its sentence says how long
        if visit == self._visit:
            self.result.setText(text)

    def wait_text(self, seconds: int) -> str:
        return self.tr(
            "查询次数较多，请等 %n 秒后再查询。如需帮助，请到咨询台找工作人员。", "", seconds
        )

    def show_status(self, status: CaseStatus) -> None:
        from terminal.i18n import tr as core_text

        lines = [status.receipt_no, status.service, f"【{status.state_text}】", status.advice]
        if status.followup_text:  # the citizen's 差评 was followed up (issue 17)
            lines.append(status.followup_text)
        if status.source == "portal":
            updated = status.updated_at[:16].replace("T", " ")
            lines.append(core_text("status.from.portal", updated=updated))
        else:
            lines.append(core_text("status.from.local"))
        self.result.setText("\n".join(lines))

    def clear(self) -> None:
        self._visit += 1
        self.form.clear()
        self.result.clear()
