"""The ID-card material ticked from a card read (review 5, finding 5): for the person the card
belongs to only, gone when that card is no longer the one in its panel, never for a number
keyed by hand, and shown as read from the card in the materials list."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from terminal.cases import Applicant
from terminal.identity import DocumentKind
from ui.main_window import MainWindow

from .test_counter_flow import answer, start_residence_permit
from .test_parties_flow import CHEN, LIN

SIGN = "310104-LH-ZP-0001"  # 户外招牌设置: 本人, 代办 or 单位


def originals(window: MainWindow, code: str) -> int:
    row = window.editor.materials.rows.get(code)
    return 0 if row is None else row.originals.value()


def test_a_typed_agent_swapped_in_does_not_keep_the_cards_tick(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.editor
    # The applicant keyed by hand (no card), then 代办 and the agent's card read.
    editor.applicant.set_manual(Applicant(DocumentKind.RESIDENT_ID, CHEN.name, CHEN.id_number))
    editor.parties.choose("agent")
    window.place_card(LIN)
    editor.choose("310104-GA-JZZ-0002")
    assert originals(window, "CL-WTSFZ") == 1 and originals(window, "CL-SFZ") == 0
    row = editor.materials.rows["CL-WTSFZ"]
    assert not row.origin.isHidden()
    assert "读卡" in row.origin.text()  # the tick says where it came from
    assert editor.materials.rows["CL-SFZ"].origin.isHidden()  # keyed: nothing shown
    # Swapped: LIN's card is now the applicant's, the agent is the typed CHEN.
    editor.parties.swap_button.click()
    assert originals(window, "CL-SFZ") == 1  # LIN's card, read, now the applicant's
    assert originals(window, "CL-WTSFZ") == 0  # a keyed agent showed no card
    assert editor.materials.rows["CL-WTSFZ"].origin.isHidden()


def test_the_handlers_card_in_a_company_case_never_ticks_the_applicants_card(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.editor
    window.place_card(CHEN)
    editor.choose(SIGN)
    answer(window, "premises_type", "rented")
    assert originals(window, "CL-SFZ") == 1  # 本人: CHEN's own card
    editor.parties.choose("company")  # CHEN is now the company's 经办人
    answer(window, "is_proxy", "yes")
    assert originals(window, "CL-SFZ") == 0  # not the company's (its representative's) card
    assert originals(window, "CL-WTSFZ") == 1  # the 经办人's own, as the one who stands here
    editor.parties.choose("self")  # back to 本人: CHEN's card is the applicant's again
    assert originals(window, "CL-SFZ") == 1


def test_a_resumed_draft_keeps_no_card_tick_until_the_card_is_read_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_residence_permit(window, qtbot)  # CHEN's card read: 居民身份证 shown
    editor = window.editor
    editor.materials.rows["CL-ZLHT"].originals.setValue(1)  # counted by the clerk
    assert originals(window, "CL-SFZ") == 1
    case_id, payload = editor.case_id, editor.draft_payload()
    window.new_case()
    window.resume(case_id, payload)  # the applicant comes back keyed, not read
    assert not window.editor.applicant.from_card()
    assert originals(window, "CL-SFZ") == 0  # no card shown now
    assert originals(window, "CL-ZLHT") == 1  # what the clerk counted stays
    window.place_card(CHEN)  # read again: shown again, and said so
    assert originals(window, "CL-SFZ") == 1
    assert not window.editor.materials.rows["CL-SFZ"].origin.isHidden()
