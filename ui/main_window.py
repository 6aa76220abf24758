"""The clerk's window: the case editor and the history, a status line, shortcuts for
everything done often. It records, prints and rates through the workers only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from terminal import drafts, failures
from terminal.clock import now
from terminal.identity import IdentityDocument
from terminal.store import Store
from ui import comeback, shortcuts, style, translate
from ui.capture.hook import install as install_capture
from ui.card_journal import journal_card_event
from ui.citizen_rating import CitizenSide
from ui.context import AppContext
from ui.followup_menu import install as install_supervision
from ui.lazy_tab import LazyTab
from ui.qt_names import set_by_name
from ui.widgets.case_editor import CaseEditor
from ui.widgets.status_bar import TerminalStatusBar
from ui.window_links import WindowLinks, find_appointment
from ui.window_signing import install as install_signing

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from devices.cards.events import CardEvent
    from devices.cards.photo import Portrait
    from devices.printers.jobs import Job
    from terminal.cases import Capture, Decided, Decision
    from ui import printing
    from ui.idle_lock import IdleLock
    from ui.widgets.history import HistoryView
    from ui.widgets.print_preview import PrintPreview
    from ui.widgets.rating_dialog import RatingDialog
    from ui.widgets.signature_pad import SignatureDialog

AUTOSAVE_MS = 700


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.links = WindowLinks(self)  # the reader, the portal, the queue panel
        self.idle_lock: IdleLock | None = None  # set at sign-in (ui.app.lock_when_idle)
        self.large_type = ctx.config.large_type  # Ctrl+Shift+D toggles it for this session
        self.draft_prompt: QMessageBox | None = None
        self.last_warning: QMessageBox | None = None
        self.calendar_notice: QMessageBox | None = None  # ui/before_record.py
        self.tabs = QTabWidget()
        self.editor = self._new_editor()
        self.tabs.addTab(self.editor, "")
        self.history_tab = LazyTab(self.tabs, self._new_history)  # built when first opened
        self.setCentralWidget(self.tabs)
        self.status = TerminalStatusBar()
        self.setStatusBar(self.status)
        self.preview: PrintPreview | None = None
        self.rating: RatingDialog | None = None  # open on the citizen's screen, if any
        self.signing: SignatureDialog | None = None  # a 告知承诺书 being signed (issue 16)
        self.citizen_side = CitizenSide()  # their screen or 评价器: where they rate
        self.last_receipt: str | None = None
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        comeback.install(self)  # the return after 补正, withdraw, void, correct (issue 14)
        self.supervision = install_supervision(self)  # issue 17: 监督, supervisors only
        self.retranslate()
        self.status.set_printer(ctx.config.printer)
        self.status.set_clerk(ctx.clerk.display_name if ctx.clerk else "")

    # --- building -----------------------------------------------------------------

    def _new_editor(self) -> CaseEditor:
        editor = CaseEditor(self.ctx.catalogue, calendar=self.ctx.calendar)
        editor.decide.connect(self.on_decide)
        editor.ecerts_wanted.connect(self.links.look_up_ecerts)
        editor.applicant_known.connect(lambda number: find_appointment(self, number))
        editor.draft_changed.connect(lambda: self._autosave.start())
        install_capture(self, self.ctx, editor)  # issue 15: camera/scanner per material row
        install_signing(self, editor)  # issue 16: 告知承诺, signed by the citizen
        return editor

    @property
    def history(self) -> HistoryView:
        return self.history_tab.page()

    def _new_history(self) -> HistoryView:
        from ui.widgets.history import HistoryView

        view = HistoryView(self.ctx)
        view.open_document.connect(self.show_document)
        return view

    def _build_actions(self) -> None:
        def add(name: str, keys: str, handler: Callable[[], object]) -> None:
            action = QAction(self)
            set_by_name(action, "shortcut", keys)  # QKeySequence(str) builds Qt's enums
            action.triggered.connect(lambda _=False: handler())
            self.addAction(action)
            self.actions_by_name[name] = action

        add("new", "Ctrl+N", lambda: shortcuts.new_case(self))
        add("applicant", "F2", lambda: self._focus(self.editor.applicant.name))
        add("service", "F3", lambda: self._focus(self.editor.picker.query))
        add("accept", "F9", lambda: self.decide_by_name("ACCEPTED"))
        add("notice", "F10", lambda: self.decide_by_name("NEEDS_CORRECTION"))
        add("reject", "F11", lambda: self.decide_by_name("REJECTED"))
        add("history", "Ctrl+H", self.show_history)
        add("language", "Ctrl+Shift+E", self.toggle_language)
        add("large", "Ctrl+Shift+D", self.toggle_large_type)
        add("lock", "Ctrl+L", self.lock)
        menu = self.menuBar()
        self.case_menu = menu.addMenu("")
        self.view_menu = menu.addMenu("")
        for name in ("new", "applicant", "service", "accept", "notice", "reject"):
            self.case_menu.addAction(self.actions_by_name[name])
        for name in ("history", "language", "large", "lock"):
            self.view_menu.addAction(self.actions_by_name[name])

    def retranslate(self) -> None:
        c = self.ctx.config
        self.setWindowTitle(
            self.tr("通办终端 — %1 %2号窗口").replace("%1", c.hall).replace("%2", str(c.window))
        )
        self.tabs.setTabText(0, self.tr("受理 (F2)"))
        self.tabs.setTabText(1, self.tr("历史办件 (Ctrl+H)"))
        self.case_menu.setTitle(self.tr("办件"))
        self.view_menu.setTitle(self.tr("查看"))
        texts = {
            "new": self.tr("新办件"),
            "applicant": self.tr("申请人"),
            "service": self.tr("查找事项"),
            "accept": self.tr("受理"),
            "notice": self.tr("补正告知"),
            "reject": self.tr("不予受理"),
            "history": self.tr("历史办件"),
            "language": self.tr("English / 中文"),
            "large": self.tr("大字体高对比度"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        if self.links.queue_dock is not None:
            self.links.queue_dock.setWindowTitle(self.tr("排队叫号"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the flow -------------------------------------------------------------------

    def place_card(self, document: IdentityDocument, portrait: Portrait | None = None) -> None:
        """A card was read (the reader's events reach here through the bridge)."""
        from ui import one_citizen  # a different person's card starts a new case

        self.tabs.setCurrentWidget(self.editor)
        one_citizen.place_card(self, document, portrait)

    def new_case(self) -> None:
        index = self.tabs.indexOf(self.editor)
        old = self.editor
        self.editor = self._new_editor()
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, self.editor, "")
        self.tabs.setCurrentWidget(self.editor)
        old.deleteLater()
        self.retranslate()
        self.editor.applicant.name.setFocus()

    def decide_by_name(self, name: str) -> None:
        # The decision's rules (terminal.cases and more) load now, not before the first paint.
        from terminal.cases import Decision

        self.on_decide(Decision[name])

    def on_decide(self, decision: Decision) -> None:
        from terminal.cases import CaseInvalid, Decision, decide
        from terminal.forms import FieldInvalid

        capture = self.editor.capture()
        if capture is None:
            self.warn(self.tr("请先录入申请人并选择办理事项。"))
            return
        reason = basis = ""
        if decision is Decision.REJECTED:
            from ui.widgets.reject_dialog import RejectDialog  # opened rarely: not at start

            dialog = RejectDialog(self, self.editor.intake)
            if not self.run_dialog(dialog):
                return
            reason, basis = dialog.values()
        try:
            decided = decide(
                self.ctx.catalogue,
                capture,
                decision,
                received_at=now(),
                calendar=self.ctx.calendar,
                reason=reason,
                legal_basis=basis,
            )
        except CaseInvalid as e:
            self.editor.form.show_errors(
                {p.field_id: p.text() for p in e.problems if isinstance(p, FieldInvalid)}
            )
            self.warn(e.text())
            return
        from ui import before_record

        ready = before_record.checked(self, decided)  # a waiver approved, a gap in the calendar
        if ready is not None:
            self.record(capture, ready)

    def record(self, capture: Capture, decided: Decided) -> None:
        ctx, clerk, save = self.ctx, self.ctx.clerk_name, comeback.writer(self.editor)

        def write(store: Store) -> str:
            from terminal import case_dates

            with store.write():  # dated with the calendar in force now, not at the start
                dated = case_dates.counted_now(store.conn, decided, ctx.data_dir)
                return save(  # a new case, or a return after 补正 (ui/comeback.py)
                    store.conn, dated, terminal_id=ctx.config.terminal_id, clerk=clerk, at=now()
                )

        self._autosave.stop()
        self.ctx.store_jobs.submit(write, self._recorded, self.fail)

    def _recorded(self, receipt: str) -> None:
        self.last_receipt = receipt
        self.editor.finished = True
        self.links.sync_now()
        self.statusBar().showMessage(self.tr("已保存：%1").replace("%1", receipt), 8000)
        self.show_document(receipt, False, then_rate=True)

    def show_document(self, key: str, reprint: bool, then_rate: bool = False) -> None:
        from ui import printing  # at the first print: not before the window is seen
        from ui.citizen_rating import can_ask_here

        rate_later = then_rate and not can_ask_here(self)  # then the receipt says where

        def ready(prepared: printing.Prepared) -> None:
            self._preview(prepared, then_rate, rate_later)

        job = printing.prepare_job(self.ctx, key, reprint, rate_later)
        self.ctx.print_jobs.submit(job, ready, self.fail)

    def _preview(self, prepared: printing.Prepared, then_rate: bool, rate_later: bool) -> None:
        from ui import printing

        title = self.tr("副本") if prepared.reprint else ""
        from ui.widgets.print_preview import PrintPreview  # QtPdf: loaded at the first print

        preview = PrintPreview(prepared.rendered.pdf, prepared.document + title, self)
        self.preview = preview
        state: dict[str, str | None] = {"failed_job": None}
        if prepared.rendered.missing_glyphs:
            preview.status.setText(
                self.tr("注意：以下字符无字体，请手写补全：%1").replace(
                    "%1", " ".join(prepared.rendered.missing_glyphs)
                )
            )

        def printed(job: Job) -> None:
            ok, text = printing.outcome_text(job)
            state["failed_job"] = None if ok else job.id
            self.status.set_printer(f"{self.ctx.config.printer}: {job.state}")
            preview.printed(ok, text)

        def do_print() -> None:
            job = printing.print_job(self.ctx, prepared, self.ctx.clerk_name, state["failed_job"])
            self.ctx.print_jobs.submit(job, printed, lambda e: preview.printed(False, str(e)))

        preview.print_requested.connect(do_print)
        if rate_later and prepared.document == "receipt":
            from ui.citizen_rating import rate_later_words

            preview.tell.setText(rate_later_words())
        if then_rate:
            editor = self.editor  # another citizen's card meanwhile: their case stays
            preview.finished.connect(lambda _r: self.ask_rating(prepared.case_id, editor))
        preview.open()

    def ask_rating(self, case_id: str, editor: CaseEditor | None = None) -> None:
        """After the print: the citizen rates on their side (ui/citizen_rating.py), then the
        next case; not if another citizen's card began one meanwhile."""
        from ui.citizen_rating import ask_citizen

        def next_case() -> None:
            if editor is None or self.editor is editor:
                self.new_case()

        ask_citizen(self, case_id, self.last_receipt or "", next_case)

    # --- the reader and the portal (the wiring is in ui/window_links.py) ---------------

    def on_card_event(self, event: CardEvent) -> None:
        from devices.cards import events as ev

        journal_card_event(self.ctx, event, self.ctx.clerk_name)
        if isinstance(event, ev.DocumentRead):
            self.status.set_reader(self.tr("已读卡"))
            self.place_card(event.document, event.portrait)
        elif isinstance(event, ev.CardFailure):
            self.status.set_reader(event.message())
        elif isinstance(event, ev.ReaderAttached):
            self.status.set_reader(self.tr("就绪"))
        elif isinstance(event, ev.ReaderGone):
            self.status.set_reader(self.tr("未连接"))
        elif isinstance(event, ev.CardRemoved):
            self.status.set_reader(self.tr("就绪"))

    # --- drafts ---------------------------------------------------------------------

    def save_draft(self) -> None:
        if self.editor.finished or not self.editor.has_content():
            return
        payload, case_id = self.editor.draft_payload(), self.editor.case_id
        intake = payload.get("intake")
        ctx, clerk = self.ctx, self.ctx.clerk_name

        def save(store: Store) -> None:
            drafts.save_draft(
                store,
                case_id,
                terminal_id=ctx.config.terminal_id,
                clerk=clerk,
                intake_code=intake,
                payload=payload,
                at=now(),
            )

        self.ctx.store_jobs.submit(save, None, self.fail)

    def resume(self, case_id: str, payload: dict[str, object]) -> None:
        gone = self.editor.restore(case_id, payload)
        if gone is not None:
            self.warn(
                self.tr(
                    "事项目录已更新，草稿中的事项 %1 已不在目录中。申请人信息已恢复，请重新选择事项。"
                ).replace("%1", gone)
            )

    # --- small things -------------------------------------------------------------------

    def lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def show_history(self) -> None:
        self.tabs.setCurrentWidget(self.history)
        self.history.query.setFocus()
        self.history.search()

    def toggle_language(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        from terminal.i18n import current_language

        translate.set_language(app, "en" if current_language() == "zh_CN" else "zh_CN")

    def toggle_large_type(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.large_type = not self.large_type
        style.apply(app, large=self.large_type)

    def _focus(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(self.editor)
        widget.setFocus()

    def warn(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # PySide makes the type at first use

        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("请注意"), text, QMessageBox.StandardButton.Ok, self
        )
        box.open()
        self.last_warning = box

    def fail(self, error: Exception) -> None:
        # One sentence (a full disk names the store and the fix); the traceback goes to the log.
        self.warn(failures.report(error, self.ctx.data_dir / "tongban.db"))

    def run_dialog(self, dialog: QDialog) -> bool:
        """Modal dialogs go through here, so tests can answer them."""
        return bool(dialog.exec())
