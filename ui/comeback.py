"""The return after 补正 at the counter (issue 14): the citizen comes back with what the
notice asked for, and the same case is accepted.

Found three ways: the applicant's card (reading it offers their open notice, one key away:
Ctrl+B, shown on the button), the receipt's QR (a scanner types its address) or the number
keyed (Ctrl+B with nothing offered asks for it), with the citizen shown present: their or
their agent's card read, or the applicant's number's last 4 typed (terminal/case_lookup.py,
which journals every lookup). The case opens in the editor as it was
recorded, the applicant and the service locked; the materials list shows what is still
missing; the clerk ticks what arrived (and scans it with Ctrl+K where the material wants it)
and accepts with F9 as usual. The window then records a return (terminal/case_events.py):
same case id, same receipt number, the legal clock from today, and prints the receipt.

Also the entry for the counter's other actions on a recorded case (ui/case_actions.py):
withdrawal, void, correction, in the 办件 menu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction

from terminal.identity import IdentityDocument, mask_name
from terminal.store import Store
from ui import who_applied
from ui.qt_names import set_by_name
from ui.widgets.service_picker import intake_name
from ui.widgets.situation_form import listed, pick

if TYPE_CHECKING:
    from terminal.casebook import CaseRow
    from ui.main_window import MainWindow
    from ui.widgets.case_editor import CaseEditor

KEY = "Ctrl+B"
WAITING = ("needs_correction", "synced")  # a notice the portal may or may not have yet


class _Texts(QObject):
    """The menu entries' words, again at every change of language."""

    def __init__(self, window: MainWindow, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self.actions = actions
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        from ui import case_action_texts

        words = {
            "comeback": QCoreApplication.translate("Comeback", "补正后受理"),
            **case_action_texts.texts(),
        }
        for name, action in self.actions.items():
            action.setText(words[name])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def install(window: MainWindow) -> None:
    """The return's key and the other actions on a recorded case, in the 办件 menu."""
    from ui.case_action_texts import KEYS

    def asking(kind: str) -> Callable[[], object]:
        def ask() -> None:
            from ui import case_actions  # its dialogs and rules: at the first use, not at start

            case_actions.ask(window, kind)

        return ask

    handlers: dict[str, tuple[str, Callable[[], object]]] = {
        "comeback": (KEY, lambda: find(window)),
        **{name: (keys, asking(name)) for name, keys in KEYS.items()},
    }
    window.case_menu.addSeparator()
    made: dict[str, QAction] = {}
    for name, (keys, handler) in handlers.items():
        action = QAction(window)
        set_by_name(action, "shortcut", keys)
        action.triggered.connect(lambda _=False, h=handler: h())
        window.addAction(action)
        window.case_menu.addAction(action)
        window.actions_by_name[name] = action
        made[name] = action
    _Texts(window, made)
    from ui import handover

    handover.install(window)  # 出件 (issue 16), in the same 办件 menu


def writer(editor: CaseEditor) -> Callable[..., str]:
    """What F9 records: a return, for a case that came back; else a new decision. Called on
    the store worker: the decision's modules are imported there, not before the window's
    first paint."""
    returning = editor.returning is not None

    def write(conn: Any, decided: Any, **where: Any) -> str:
        from terminal import case_events, casebook

        record = case_events.record_return if returning else casebook.record_decision
        return record(conn, decided, **where)

    return write


def offer(window: MainWindow, document: IdentityDocument) -> None:
    """A card was read: its holder's open 补正 notice, if any, is offered one key away."""
    editor = window.editor
    id_number = document.id_number

    def look(store: Store) -> list[CaseRow]:
        from terminal import case_events

        return case_events.open_corrections(store, id_number)

    def found(rows: list[CaseRow]) -> None:
        if not rows or window.editor is not editor or editor.returning is not None:
            return
        if not editor.is_for(id_number) or editor.finished:
            return  # another citizen meanwhile
        row = rows[0]
        name = intake_name(window.ctx.catalogue, row.intake_code) or row.intake_code
        who = who_applied.line(row.parties)  # the agent or the company, as recorded
        editor.comeback.setText(
            QCoreApplication.translate("Comeback", "此市民有待补正的办件：%1 %2")
            .replace("%1", row.receipt_no)
            .replace("%2", name)
            + (f"{pick(' ｜ ', ' | ')}{who}" if who else "")
        )
        editor.comeback_button.setText(
            QCoreApplication.translate("Comeback", "补正后受理 (Ctrl+B)")
        )
        editor.comeback_button.setProperty("case_id", row.id)
        editor.comeback.setVisible(True)
        editor.comeback_button.setVisible(True)

    window.ctx.store_jobs.submit(look, found)


def cards_read(window: MainWindow) -> list[str]:
    """The ID numbers of the cards read (not typed) into this window's open case."""
    editor = window.editor
    panels = (editor.applicant, editor.parties.agent_if_built)
    return [d.id_number for d in (p.document() for p in panels if p) if d is not None]


def find(window: MainWindow) -> None:
    """Ctrl+B: the offered case, or the one whose receipt is scanned or keyed, with the
    citizen shown present (terminal/case_lookup.py): their card read, or the applicant's
    number's last 4 characters typed."""
    from ui.widgets.lookup_dialog import LookupDialog

    editor = window.editor
    offered = editor.comeback_button.property("case_id")
    if editor.comeback_button.isVisible() and isinstance(offered, str):
        load(window, offered, cards_read(window))
        return
    held = next(
        (
            p.document()
            for p in (editor.applicant, editor.parties.agent_if_built)
            if p and p.document()
        ),
        None,
    )
    dialog = LookupDialog(mask_name(held.name) if held is not None else None, window)
    if window.run_dialog(dialog) and dialog.number.text().strip():
        from terminal.case_status import reference_from

        key = reference_from(dialog.number.text())
        load(window, key, cards_read(window), dialog.last4.text().strip())


def load(
    window: MainWindow, key: str, cards: list[str], last4: str = "", *, fetched: bool = False
) -> None:
    clerk, terminal_id = window.ctx.clerk_name, window.ctx.config.terminal_id

    def look(store: Store) -> dict[str, Any]:
        from terminal import case_lookup
        from terminal.case_machine import CaseError
        from terminal.clock import now

        detail = case_lookup.look_up(
            store, key, cards=cards, last4=last4, clerk=clerk, terminal_id=terminal_id, at=now()
        )
        if detail["decision"] != "needs_correction" or detail["state"] not in WAITING:
            raise CaseError("case.not_awaiting_return", receipt_no=detail["receipt_no"])
        return detail

    def missing(error: Exception) -> None:
        # Recorded at another window of the hall: fetched from the portal, then opened here.
        from terminal.case_state import CaseNotFound

        if isinstance(error, CaseNotFound) and not fetched:
            from ui import hall_case

            hall_case.fetch_then(
                window,
                key,
                lambda case_id: load(window, case_id, cards, last4, fetched=True),
                last4,
            )
        else:
            window.fail(error)

    window.ctx.store_jobs.submit(look, lambda detail: take(window, detail), missing)


def take(window: MainWindow, detail: dict[str, Any]) -> None:
    """Open the recorded case in a fresh editor, as it was, to tick what arrived."""
    card = window.editor.applicant
    document = card._document if card.from_card() else None  # the card just read stays
    portrait = card._portrait if document is not None else None
    window.new_case()
    editor = window.editor
    editor.returning = detail  # before restoring: nothing of it becomes a draft
    payload = {
        "applicant": {
            "kind": detail["applicant_kind"],
            "name": detail["applicant_name"],
            "id_number": detail["id_number"],
        },
        "intake": detail["intake_code"],
        "answers": detail["answers"],
        "form": detail["form"],
        "materials": detail["materials"],
        "parties": detail.get("parties"),  # the agent or the company, as recorded
    }
    editor.restore(detail["id"], payload)
    if document is not None and editor.is_for(document.id_number):
        editor.applicant.set_document(document, portrait)
    # The recorded case's applicant and service are what they were: only materials change.
    editor.applicant.name.setReadOnly(True)
    editor.applicant.number.setReadOnly(True)
    editor.applicant.kind.setEnabled(False)
    editor.picker.setEnabled(False)
    editor.parties.setEnabled(False)  # who applied is recorded: a return brings materials only
    editor.notice_button.setEnabled(False)
    editor.reject_button.setEnabled(False)
    missing = listed([material_name(window, m) for m in detail["missing"]])
    who = who_applied.line(detail.get("parties"))
    editor.comeback.setText(
        QCoreApplication.translate(
            "Comeback",
            "补正后受理：编号 %1，告知补正：%2。请勾选已补交的材料（需扫描的按 Ctrl+K），齐全后按 F9 受理。",
        )
        .replace("%1", detail["receipt_no"])
        .replace("%2", missing)
        + (f"\n{who}" if who else "")
        + late_line(detail)
    )
    editor.comeback.setVisible(True)
    editor.comeback_button.setVisible(False)
    first = next(iter(editor.materials.inputs()), None)
    if first is not None:
        first.setFocus()


def late_line(detail: dict[str, Any]) -> str:
    """After the notice's deadline: said before F9, for the clerk (the hall decides whether a
    late return is taken; the return records it as late: terminal/late_return.py)."""
    from terminal.clock import now
    from terminal.late_return import late

    found = late(detail, now().date())
    if found is None:
        return ""
    return "\n" + (
        QCoreApplication.translate(
            "Comeback",
            "注意：已超过补正期限（%1），逾期 %2 天。是否受理由大厅决定；受理后将记为逾期补正。",
        )
        .replace("%1", found.return_by.isoformat())
        .replace("%2", str(found.days))
    )


def material_name(window: MainWindow, missing: dict[str, Any]) -> str:
    """A material the notice asked for, in the window's language: the catalogue's name (the
    case recorded the Chinese one), else as recorded."""
    known = window.ctx.catalogue.materials.get(str(missing.get("material")))
    return pick(known.name, known.name_en) if known is not None else str(missing["name"])
