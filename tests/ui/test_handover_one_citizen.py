"""出件 while another citizen's case is on screen (review 7, finding 11): the card read with
the dialog open is the collector's. It asked whether the collector was the agent of the case
behind, the dialog kept naming the first card's holder, the signature was asked of whoever the
case held, and after the handover the case behind was dropped."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sync.portal import RunningPortal
from terminal import drafts
from terminal.catalogue import Catalogue
from terminal.identity import mask_name
from terminal.store import Store
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.agent_question import AgentQuestion
from ui.widgets.handover_dialog import HandoverDialog

from ..sync.faultproxy import FaultProxy
from .test_full_flow import LIN
from .test_handover_flow import CHEN, _online, _ready, _result, _sign


def test_the_collectors_card_goes_to_the_handover_not_to_the_case_behind(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)  # LIN's result, ready
    _online(window, ctx, portal, link)
    window.place_card(CHEN)  # CHEN's case in progress at the counter
    window.editor.choose("310104-GA-JZZ-0002")
    case_behind = window.editor
    window.actions_by_name["handover"].trigger()  # Ctrl+Shift+H: LIN has come to collect
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, HandoverDialog) and w.isVisible())  # fmt: skip
    window.place_card(LIN)  # the collector's own card
    assert not any(q.isVisible() for q in window.findChildren(AgentQuestion))
    assert mask_name(LIN.name) in dialog.collector.text()
    assert mask_name(CHEN.name) not in dialog.collector.text()
    applicant = window.editor.applicant.applicant()
    assert window.editor is case_behind and applicant is not None
    assert applicant.id_number == CHEN.id_number  # the case behind is untouched
    # LIN's card finds LIN's result: nothing typed.
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    dialog.items[0].setChecked(True)
    dialog.confirm_button.click()
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: _result(portal)[0] == "collected" or bool(dialog.message.text()),
                    timeout=15000)  # fmt: skip
    assert dialog.message.text() == ""
    state, _by, body = _result(portal)
    assert state == "collected" and LIN.id_number in body and CHEN.id_number not in body
    assert window.editor is case_behind  # CHEN's case is still there, not dropped


def test_a_case_that_held_the_collectors_card_is_kept_as_a_draft_after_the_handover(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path, reader_store: Store,
) -> None:  # fmt: skip
    """LIN began a new application, then collects a result with the same card: the window
    starts afresh after the handover (the card leaves with her), her application kept as her
    draft; it was dropped."""
    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    _online(window, ctx, portal, link)
    window.place_card(LIN)
    window.editor.choose("310104-GA-JZZ-0002")
    begun = window.editor.case_id
    window.actions_by_name["handover"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, HandoverDialog) and w.isVisible())  # fmt: skip
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    dialog.items[0].setChecked(True)
    dialog.confirm_button.click()
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: not dialog.isVisible() or bool(dialog.message.text()), timeout=15000)
    assert dialog.message.text() == ""
    assert window.editor.case_id != begun and not window.editor.has_content()
    ctx.store_jobs.wait_idle()
    assert [d[0] for d in drafts.open_drafts(reader_store, ctx.config.terminal_id)] == [begun]
