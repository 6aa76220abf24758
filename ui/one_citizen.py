"""One citizen at a time at the counter.

A card for a different person while a case is open starts a new case: the open one is kept as
the first citizen's draft, and the status bar says so with the masked name. The same
person's card keeps the case. A recorded case asks nothing: the next card is the next citizen.
An unfinished one in 本人 (for a service that takes agents) asks once whether the card's
holder is the agent (ui/widgets/agent_question.py): the relation's digit joins them as the
代办人, Enter or Esc is the next citizen. When the clerk has chosen 代办 (Ctrl+D) beforehand,
the second person's card fills the agent's panel (ui/widgets/parties_panel.py) unasked; a
third person is a new citizen even then: nobody joins a case without the clerk saying so. When a
citizen whose draft is kept comes back and their card is read on an empty case, their draft
comes back with it. Kept apart from ui/main_window.py, which is the case flow.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from terminal import drafts
from terminal.identity import IdentityDocument, mask_name, normalise_id_number
from terminal.store import Store
from ui import comeback

if TYPE_CHECKING:
    from devices.cards.photo import Portrait
    from ui.main_window import MainWindow
    from ui.widgets.case_editor import CaseEditor

STATUS_MS = 10000


def same_person(a: str, b: str) -> bool:
    return normalise_id_number(a) == normalise_id_number(b)


def belongs_to_another(editor: CaseEditor, id_number: str) -> bool:
    """Whether the open case holds anything of someone other than this card's holder."""
    applicant = editor.applicant.applicant()
    return applicant is not None and not same_person(applicant.id_number, id_number)


def _capturing(window: MainWindow) -> bool:
    """A capture dialog of this window is open. Not imported to find out: until the clerk
    first captures, the module (and Pillow behind it) is not loaded, so none can be."""
    module = sys.modules.get("ui.capture.dialog")
    dialog = getattr(module, "CaptureDialog", None)
    return dialog is not None and any(d.isVisible() for d in window.findChildren(dialog))


def _handing_over(window: MainWindow) -> Any:
    """The open 出件 dialog of this window, if any (its module is loaded once one opened)."""
    module = sys.modules.get("ui.widgets.handover_dialog")
    dialog = getattr(module, "HandoverDialog", None)
    if dialog is None:
        return None
    return next((d for d in window.findChildren(dialog) if d.isVisible()), None)


def place_card(window: MainWindow, document: IdentityDocument, portrait: Portrait | None) -> None:
    """A card was read at the counter (MainWindow.place_card)."""
    from ui.widgets.agent_question import AgentQuestion

    if _capturing(window):
        # The pages being captured belong to the case on screen: a new case now would take
        # it away under them. The card waits until the capture is done.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "OneCitizen", "正在采集材料：请先完成或取消采集，再重新放置证件。"
            ),
            10000,
        )
        return
    if window.idle_lock is not None and window.idle_lock.locked:
        # Locked, the clerk away: the lock hides the open dialogs, so no guard below would see
        # them (a 出件 or the last citizen's preview); nothing opens until the clerk is back.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "OneCitizen", "窗口已锁定：请工作人员解锁后，再重新放置此证件。"
            ),
            STATUS_MS,
        )
        return
    editor = window.editor
    if window.signing is not None:  # set while a signature is asked for, cleared after
        # A citizen is signing for the case on screen (a confirmation, a promise, a handover):
        # another card now would take the case away under the pen.
        window.statusBar().showMessage(
            QCoreApplication.translate("OneCitizen", "申请人正在签名：签完后再重新放置此证件。"),
            STATUS_MS,
        )
        return
    preview = window.preview
    if preview is not None and preview.isVisible():
        # The last citizen's paper is on screen (a receipt, a notice, with their name and
        # number): the next citizen's case never opens beside it.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "OneCitizen", "请先关闭上一位市民的打印预览，再重新放置此证件。"
            ),
            STATUS_MS,
        )
        return
    handing_over = _handing_over(window)
    if handing_over is not None:
        # 出件 is open: the card is the collector's, not a citizen for the case behind.
        from ui import handover

        handover.take_card(window, handing_over, document)
        return
    if any(q.isVisible() for q in window.findChildren(AgentQuestion)):
        # The clerk is answering for the card before: this one would answer for them.
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "OneCitizen", "请先回答“又读到一张证件”的问题，再重新放置此证件。"
            ),
            STATUS_MS,
        )
        return
    if editor.parties.takes_card(document):
        # 代办 only, chosen by the clerk: the second card is the agent's, in its own panel.
        editor.parties.place_agent_card(document, portrait)
        return
    if editor.parties.may_be_agent(document):
        ask_if_agent(window, document, portrait)
        return
    take(window, document, portrait)


def ask_if_agent(window: MainWindow, document: IdentityDocument, portrait: Portrait | None) -> None:
    """Another person's card mid-case, in 本人: the agent (a digit), or the next citizen."""
    from ui.widgets.agent_question import AgentQuestion

    editor = window.editor
    applicant = editor.applicant.applicant()
    question = AgentQuestion(
        mask_name(applicant.name) if applicant is not None else "",
        mask_name(document.name),
        editor.parties.relation_choices(),
        parent=window,
    )

    def answered() -> None:
        question.deleteLater()
        window.activateWindow()  # the keyboard back where it was (some desktops leave it)
        relation = question.relation
        if relation is not None and window.editor is editor and not editor.finished:
            editor.parties.take_agent(document, portrait, relation)
            window.statusBar().showMessage(
                QCoreApplication.translate("OneCitizen", "%1 作为代办人加入当前办件。").replace(
                    "%1", mask_name(document.name)
                ),
                STATUS_MS,
            )
        else:
            take(window, document, portrait)

    question.finished.connect(answered)
    question.open()


def take(window: MainWindow, document: IdentityDocument, portrait: Portrait | None) -> None:
    """The card is the citizen's own: this case's, or (anyone else's) the next citizen's."""
    editor = window.editor
    if editor.finished or belongs_to_another(editor, document.id_number):
        # A recorded case takes nothing more; another person's unfinished one is kept as
        # theirs when it has a service (a name alone is not worth a draft: it is dropped).
        previous = editor.applicant.applicant()
        kept = not editor.finished and editor.intake is not None
        if kept:
            window.save_draft()  # the store worker writes it before anything queued after
        elif not editor.finished and editor.has_content():
            case_id = editor.case_id
            window.ctx.store_jobs.submit(lambda store: drafts.discard_draft(store, case_id))
        window.new_case()
        if kept and previous is not None:
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "OneCitizen", "已换人：%1 的办件已存为草稿，再读其证件即可继续。"
                ).replace("%1", mask_name(previous.name)),
                STATUS_MS,
            )
    fresh = not window.editor.has_content()
    window.editor.place_card(document, portrait)
    if fresh:
        resume_their_draft(window, document, portrait)
    comeback.offer(window, document)  # their open 补正 notice, one key away (ui/comeback.py)


def resume_their_draft(
    window: MainWindow, document: IdentityDocument, portrait: Portrait | None
) -> None:
    """The citizen came back (with the missing paper): their kept draft, if any, comes back."""
    editor = window.editor
    id_number = document.id_number

    def look(store: Store) -> tuple[str, dict[str, Any]] | None:
        return drafts.draft_of(store, id_number)

    def found(draft: tuple[str, dict[str, Any]] | None) -> None:
        if draft is None or window.editor is not editor or editor.intake is not None:
            return  # none, or the clerk has moved on meanwhile: nothing is overwritten
        applicant = editor.applicant.applicant()
        if applicant is None or not same_person(applicant.id_number, id_number):
            return
        case_id, payload = draft
        window.resume(case_id, payload)
        editor.applicant.set_document(document, portrait)  # the card, not the typed copy
        window.statusBar().showMessage(
            QCoreApplication.translate("OneCitizen", "已恢复 %1 的草稿。").replace(
                "%1", mask_name(document.name)
            ),
            STATUS_MS,
        )

    window.ctx.store_jobs.submit(look, found)
