"""One citizen at a time: another person's card mid-case asks whether they are the agent;
the default (Enter) starts a new case and keeps the first as their draft; nothing of the
first is left anywhere in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from devices.cards.photo import Portrait
from devices.cards.samples import CHEN_SOCIAL_SECURITY
from sync.ecerts import Ecert, EcertAnswer
from terminal import drafts
from terminal.clock import now
from terminal.identity import mask_id_number
from terminal.store import Store, open_store
from ui.demo import sample_cards
from ui.main_window import MainWindow
from ui.widgets.agent_question import AgentQuestion
from ui.window_links import find_appointment

from .test_card_photo import png
from .test_counter_flow import fill, start_residence_permit

A, B = sample_cards()[0], sample_cards()[1]
ADDRESS, PHONE = "上海市徐汇区示例路88号", "13800000088"


def every_text(window: MainWindow) -> str:
    """Every text any widget of the window holds, shown or not."""
    texts = [window.windowTitle(), window.statusBar().currentMessage()]
    for w in [window, *window.findChildren(QWidget)]:
        texts.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QTableWidget):
            texts.extend(
                item.text()
                for r in range(w.rowCount())
                for c in range(w.columnCount())
                if (item := w.item(r, c)) is not None
            )
    return "\n".join(texts)


def book(data_dir: Path, card_name: str, id_number: str) -> None:
    store = open_store(data_dir / "tongban.db")
    with store.write():
        day = now().date().isoformat()
        store.conn.execute(
            "INSERT INTO appointments (id, hall, intake_code, slot_start, slot_end,"
            " applicant_name, id_number, state, portal_seq, updated_at)"
            " VALUES ('YY-1', '徐汇区行政服务中心', '310104-GA-JZZ-0001', ?, ?, ?, ?, 'booked', 1, ?)",
            (f"{day}T09:00:00+08:00", f"{day}T09:30:00+08:00", card_name, id_number, day),
        )
    store.close()


def test_another_citizens_card_starts_a_new_case_and_keeps_the_first_as_their_draft(
    window: MainWindow, qtbot: QtBot, reader_store: Store, data_dir: Path
) -> None:
    book(data_dir, A.name, A.id_number)
    window.on_card_event(_read(A, Portrait(png("#c03020"), decoded=True)))
    qtbot.waitUntil(lambda: window.editor.appointment.isVisible(), timeout=5000)
    start_residence_permit(window, qtbot)  # the same card again: the case is kept
    fill(window, "applicant_phone", PHONE, qtbot)
    window.editor.materials.rows["CL-SFZ"].originals.setValue(1)
    window.links.on_ecert_answer(A.id_number, "CL-ZLHT", _ecert("CL-ZLHT"))
    first_case = window.editor.case_id
    assert window.editor.intake is not None and ADDRESS in every_text(window)

    window.on_card_event(_read(B, None))
    the_next_citizen(window, qtbot)  # not A's agent
    # Answers about A that arrive late (a slow portal) are not given to B.
    window.links.on_ecert_answer(A.id_number, "CL-SFZ", _ecert("CL-SFZ"))
    find_appointment(window, A.id_number)
    window.ctx.store_jobs.wait_idle()
    qtbot.waitUntil(lambda: A.name not in every_text(window), timeout=5000)  # old widgets gone
    shown = every_text(window)
    for text in (A.name, A.id_number, A.masked_id(), mask_id_number(A.id_number), ADDRESS, PHONE):
        assert text not in shown, text
    assert "有网上预约" not in shown and not window.editor.appointment.isVisible()
    assert window.editor.applicant.photo.pixmap().isNull()  # not A's face beside B's name
    assert window.editor.intake is None and window.editor.materials.ecert_hits == set()
    assert window.editor.applicant.name.text() == B.name and window.editor.case_id != first_case
    assert "陈*" in shown  # the status bar says whose case was kept, masked
    # A's case is their draft, whole.
    draft = drafts.draft_of(reader_store, A.id_number)
    assert draft is not None and draft[0] == first_case
    assert draft[1]["form"]["residence_address"] == ADDRESS
    assert draft[1]["form"]["applicant_phone"] == PHONE

    # A comes back with the missing papers: their card on the next empty case brings it back.
    window.new_case()
    window.on_card_event(_read(A, None))
    qtbot.waitUntil(lambda: window.editor.intake is not None, timeout=5000)
    assert window.editor.case_id == first_case and window.editor.applicant.from_card()
    assert window.editor.form.raw_values()["residence_address"] == ADDRESS
    assert B.name not in every_text(window)


def test_the_same_persons_other_card_keeps_the_case(window: MainWindow, qtbot: QtBot) -> None:
    start_residence_permit(window, qtbot)
    case_id = window.editor.case_id
    window.on_card_event(_read(CHEN_SOCIAL_SECURITY, None))  # the same number on a 社保卡
    assert window.editor.case_id == case_id and window.editor.intake is not None
    assert window.editor.form.raw_values()["residence_address"] == ADDRESS


def test_a_name_alone_is_not_kept_as_a_draft(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    window.on_card_event(_read(A, None))  # the wrong card first
    qtbot.waitUntil(lambda: drafts.draft_of(reader_store, A.id_number) is not None, timeout=5000)
    window.on_card_event(_read(B, None))
    the_next_citizen(window, qtbot)
    window.ctx.store_jobs.wait_idle()
    qtbot.waitUntil(lambda: A.name not in every_text(window), timeout=5000)
    assert drafts.draft_of(reader_store, A.id_number) is None


def agent_or_next(window: MainWindow, qtbot: QtBot) -> AgentQuestion:
    """The question a second person's card asks mid-case: is it the agent, or the next?"""
    qtbot.waitUntil(
        lambda: any(q.isVisible() for q in window.findChildren(AgentQuestion)), timeout=5000
    )
    return next(q for q in window.findChildren(AgentQuestion) if q.isVisible())


def the_next_citizen(window: MainWindow, qtbot: QtBot) -> None:
    """Enter, the question's default: the card is the next citizen's."""
    editor = window.editor
    qtbot.keyClick(agent_or_next(window, qtbot), Qt.Key.Key_Return)
    assert window.editor is not editor


def _read(card: object, portrait: Portrait | None) -> object:
    from devices.cards.events import DocumentRead

    return DocumentRead("sim", card, (), 0.0, 0.1, 0.05, portrait)  # type: ignore[arg-type]


def _ecert(material: str) -> EcertAnswer:
    cert = Ecert("DZ-1", material, "电子证照", "发证机关", None, now().isoformat())
    return EcertAnswer([cert], from_cache=False)


def test_the_resume_prompt_names_the_citizen_masked_only(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    from ui.app import offer_drafts

    start_residence_permit(window, qtbot)
    qtbot.waitUntil(lambda: drafts.draft_of(reader_store, A.id_number) is not None, timeout=5000)
    offer_drafts(window)  # what the next start does
    qtbot.waitUntil(lambda: window.draft_prompt is not None, timeout=5000)
    prompt = window.draft_prompt
    assert prompt is not None
    assert "陈**" in prompt.text()
    for text in (A.name, A.id_number[-4:], A.id_number[:6]):
        assert text not in prompt.text()
    prompt.close()


@pytest.mark.parametrize("answer", ["escape", "keep", "delete", "continue"])
def test_the_resume_prompt_keeps_the_draft_unless_told_to_delete_it(
    window: MainWindow, qtbot: QtBot, reader_store: Store, answer: str
) -> None:
    """A clerk who is not serving that citizen now keeps their draft (Esc or 保留): their
    card finds it again; only 删除草稿 deletes it (review 7, finding 15)."""
    from ui.app import offer_drafts

    start_residence_permit(window, qtbot)
    qtbot.waitUntil(lambda: drafts.draft_of(reader_store, A.id_number) is not None, timeout=5000)
    window.new_case()
    offer_drafts(window)
    qtbot.waitUntil(lambda: window.draft_prompt is not None, timeout=5000)
    prompt = window.draft_prompt
    assert prompt is not None
    assert [b.text() for b in prompt.buttons()].count("删除草稿") == 1
    if answer == "escape":
        qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    else:
        words = {"keep": "保留，稍后再办", "delete": "删除草稿", "continue": "继续办理"}[answer]
        next(b for b in prompt.buttons() if b.text() == words).click()
    window.ctx.store_jobs.wait_idle()
    qtbot.wait(50)
    kept = drafts.draft_of(reader_store, A.id_number) is not None
    assert kept == (answer != "delete")
    resumed = window.editor.applicant.applicant()
    assert (resumed is not None and resumed.name == A.name) == (answer == "continue")


def test_a_second_card_asks_only_where_it_could_be_an_agent(
    window: MainWindow, qtbot: QtBot
) -> None:
    from ui.widgets.agent_question import AgentQuestion

    window.on_card_event(_read(A, None))
    window.on_card_event(_read(B, None))
    question = agent_or_next(window, qtbot)
    # A third card while the clerk answers for the second is not taken: it would answer.
    window.on_card_event(_read(sample_cards()[2], None))
    assert "请先回答" in window.statusBar().currentMessage()
    qtbot.keyClick(question, Qt.Key.Key_2)  # 配偶
    assert window.editor.parties.kind == "agent"
    assert window.editor.parties.relation.currentData() == "spouse"
    assert window.editor.parties.agent.applicant().name == B.name  # type: ignore[union-attr]
    assert window.editor.applicant.applicant().name == A.name  # type: ignore[union-attr]
    # 结婚登记 takes no agent: the second card is the next citizen, unasked.
    window.new_case()
    window.on_card_event(_read(A, None))
    window.editor.choose("310104-MZ-HY-0001")
    first = window.editor
    window.on_card_event(_read(B, None))
    assert window.editor is not first
    assert not any(q.isVisible() for q in window.findChildren(AgentQuestion))


def test_no_card_opens_a_case_beside_the_last_citizens_print_preview(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The preview of the accepted citizen's receipt is open: the next card waits until it is
    closed (review 7, finding 19); it had opened the next citizen's case behind it."""
    from terminal.cases import Decision

    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "13800000001", qtbot)
    window.on_decide(Decision.NEEDS_CORRECTION)
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    first = window.editor
    window.place_card(sample_cards()[1])
    assert window.editor is first  # the recorded case stays on screen under its paper
    assert "打印预览" in window.statusBar().currentMessage()
    assert window.preview is not None
    window.preview.accept()
    window.place_card(sample_cards()[1])
    applicant = window.editor.applicant.applicant()
    assert window.editor is not first and applicant is not None
    assert applicant.id_number == sample_cards()[1].id_number
