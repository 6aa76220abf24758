"""Starting the window: the application, language and look, the workers, sign-in, drafts."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from terminal import calendar_versions, catalogue_search, catalogue_versions, drafts, failures
from terminal.clock import now
from terminal.config import Config
from terminal.store import Store
from ui import qt_names, style, translate
from ui.context import AppContext, Started
from ui.dispatch import Dispatcher
from ui.worker import StoreWorker

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Tongban Terminal")
    app.setOrganizationName("tongban")
    return app


def build_context(config: Config, data_dir: Path) -> AppContext:
    dispatcher = Dispatcher()
    db_path = data_dir / "tongban.db"

    def unhandled(error: Exception) -> None:
        # A store job nobody waits on failed: one sentence over whatever window is up.
        show_failure(failures.report(error, db_path))

    started = Started()
    return AppContext(
        config=config,
        data_dir=data_dir,
        catalogue=catalogue_versions.current_in(db_path),
        # The newest checked portal calendar, read once: a clerk's day counts with one.
        calendar=calendar_versions.calendar_in(db_path, data_dir),
        dispatcher=dispatcher,
        started=started,
        store_jobs=started.add("store jobs", StoreWorker(db_path, dispatcher, unhandled, "store")),
        # A print in progress is given its own timeout to finish: cut off at exit it would
        # be left for the next start's reconciliation instead of simply done.
        print_jobs=started.add(
            "print jobs",
            StoreWorker(db_path, dispatcher, unhandled, "print"),
            stop_within=config.print_timeout_seconds + 5,
        ),
    )


def show_failure(text: str) -> None:
    """One sentence in a box over whatever window is up (GUI thread only)."""
    from PySide6.QtWidgets import QMessageBox  # its type is made when first needed

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MainWindow", "请注意"),
        text,
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.open()
    _shown.append(box)
    box.finished.connect(lambda _r: _shown.remove(box))


_shown: list[QWidget] = []  # kept alive while open


def catch_everything(ctx: AppContext) -> None:
    """The windows' top-level handler: an exception nothing caught, in a slot or a thread, is
    logged with its traceback and shown as one sentence, never printed to a console."""
    failures.install(
        lambda text: ctx.dispatcher.post(lambda: show_failure(text)),
        ctx.data_dir / "tongban.db",
    )


def prepare(app: QApplication, config: Config) -> None:
    translate.set_language(app, config.language)
    style.apply(app, large=config.large_type)


def open_window(ctx: AppContext) -> MainWindow:
    window = build_window(ctx)
    lock_when_idle(window)
    return window


def build_window(ctx: AppContext) -> MainWindow:
    """The clerk's window, not yet shown: built behind the sign-in while the clerk types."""
    from ui.main_window import MainWindow  # here: the sign-in screen comes up without it

    window = MainWindow(ctx)
    # Pinyin dictionaries take ~140 ms to load: on a thread, a moment after the window is up.
    warm = threading.Thread(
        target=catalogue_search.warm, args=(ctx.catalogue,), name="pinyin-warm", daemon=True
    )
    QTimer.singleShot(1500, warm.start)
    after_first_paint(window, qt_names.build_enums)  # kept from the first paint, not the first key
    return window


def lock_when_idle(window: MainWindow) -> None:
    """From the sign-in on: idle minutes counted while nobody is signed in would lock a
    window nobody has opened."""
    from ui.idle_lock import IdleLock

    window.idle_lock = IdleLock(window, window.ctx.config.idle_lock_minutes)


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """``then()`` once ``widget`` has been painted for the first time: work that can wait
    (building the window behind the sign-in) must not delay what the person sees first."""

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    painted = FirstPaint(widget)
    widget.installEventFilter(painted)


def offer_drafts(window: MainWindow) -> None:
    """At start: drafts older than ``draft_keep_days`` go (journaled as a count); then the
    newest work in progress comes back, if the clerk wants it. The prompt names the citizen
    masked (张*): the window may be seen by the next person in the queue."""
    config = window.ctx.config

    def found(left: list[tuple[str, str, dict[str, object]]]) -> None:
        if not left:
            return
        case_id, updated, payload = left[0]
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            window.tr("继续未完成的办件？"),
            window.tr("有一件未完成的办件：申请人 %1，%2 保存。继续办理吗？")
            .replace("%1", drafts.draft_holder_masked(payload) or "—")
            .replace("%2", updated[:16].replace("T", " ")),
            QMessageBox.StandardButton.NoButton,
            window,
        )
        # Three answers, not two: a clerk who is not serving that citizen now must be able
        # to keep the draft (the status line had said "再读其证件即可继续"); deleting it is
        # its own button, never what Esc or a hurried 否 does (review 7, finding 15).
        Role = QMessageBox.ButtonRole
        go_on = box.addButton(window.tr("继续办理"), Role.AcceptRole)
        keep = box.addButton(window.tr("保留，稍后再办"), Role.RejectRole)
        delete = box.addButton(window.tr("删除草稿"), Role.DestructiveRole)
        box.setDefaultButton(go_on)
        box.setEscapeButton(keep)
        window.draft_prompt = box

        def answered(_result: int) -> None:
            chosen = box.clickedButton()
            if chosen is go_on:
                window.resume(case_id, payload)
            elif chosen is delete:
                window.ctx.store_jobs.submit(lambda store: drafts.discard_draft(store, case_id))
            # keep (or the box closed): the draft stays, found again by the citizen's card

        box.finished.connect(answered)
        box.open()

    def load(store: Store) -> list[tuple[str, str, dict[str, object]]]:
        drafts.purge_drafts(
            store,
            keep_days=config.draft_keep_days,
            terminal_id=config.terminal_id,
            actor="system",
            at=now(),
        )
        # Scans of cases never decided go with the drafts they belonged to.
        from terminal.attachments.files import attachments_folder
        from terminal.attachments.unlisted import sweep_unlisted

        sweep_unlisted(
            store,
            attachments_folder(window.ctx),
            keep_days=config.draft_keep_days,
            terminal_id=config.terminal_id,
            at=now(),
        )
        return drafts.open_drafts(store, config.terminal_id)

    window.ctx.store_jobs.submit(load, found)


def shutdown(ctx: AppContext) -> list[str]:
    """Close the road to the GUI first, then stop every worker, the last started first; the
    names of those that did not stop in time (they end on their own, unheard)."""
    ctx.dispatcher.close()
    return ctx.started.stop_all()
