"""English at the window (review 5, finding 15): the agent's case, the company's case and
the return after 补正 show no Chinese but the citizen's own data (names, addresses, the
company's name), wherever the catalogue or the translations have English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from terminal.i18n import current_language
from terminal.identity import mask_name
from terminal.store import Store
from ui.main_window import MainWindow
from ui.translate import set_language

from .test_comeback_by_receipt import notice_at_the_window, scanning
from .test_counter_flow import answer, print_and_rate
from .test_parties_flow import CHEN, GOOD, LIN

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
COMPANY = "上海示例酒店管理有限公司"
LEGAL_REP = "赵示例"
ADDRESS = "北京市朝阳区样本街1号院"


def texts(root: QWidget) -> list[str]:
    """Every text a clerk sees in this panel: labels, buttons, titles, lists, fields."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
        if isinstance(w, QGroupBox):
            found.append(w.title())
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QLineEdit):
            found += [w.text(), w.placeholderText()]
        if isinstance(w, QSpinBox):
            found.append(w.prefix())
        if isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
        found.append(w.toolTip())
    return found


def chinese_left(root: QWidget, own: tuple[str, ...]) -> list[str]:
    """What still reads Chinese once the citizen's own words are taken out."""
    left: list[str] = []
    for text in texts(root):
        for word in own:
            text = text.replace(word, "")
        if CJK.search(text):
            left.append(text)
    return sorted(set(left))


def to_english(window: MainWindow, qtbot: QtBot) -> None:
    window.toggle_language()
    qtbot.waitUntil(lambda: window.editor.accept_button.text() == "Accept (F9)", timeout=3000)


@pytest.fixture(autouse=True)
def chinese_again() -> Iterator[None]:
    """The next test starts in Chinese, whatever this one left (the window may be gone)."""
    yield
    app = QApplication.instance()
    if isinstance(app, QApplication) and current_language() != "zh_CN":
        set_language(app, "zh_CN")


OWN = (
    CHEN.name,
    LIN.name,
    mask_name(CHEN.name),
    mask_name(LIN.name),
    CHEN.address,
    LIN.address,
    COMPANY,
    LEGAL_REP,
    ADDRESS,
)


def test_an_agents_case_in_english(window: MainWindow, qtbot: QtBot) -> None:
    to_english(window, qtbot)
    editor = window.editor
    window.place_card(CHEN)
    editor.parties.choose("agent")
    editor.parties.relation.setCurrentIndex(editor.parties.relation.findData("spouse"))
    window.place_card(LIN)
    editor.choose("310104-GA-JZZ-0002")
    answer(window, "residence_changed", "no")
    answer(window, "residence_type", "rented")
    assert chinese_left(editor, OWN) == []


def test_a_companys_case_in_english(window: MainWindow, qtbot: QtBot) -> None:
    to_english(window, qtbot)
    editor = window.editor
    window.place_card(CHEN)
    editor.choose("310104-WJ-WS-0003")
    company = editor.parties.company
    company.name.setText(COMPANY)
    company.legal_rep.setText(LEGAL_REP)
    qtbot.keyClicks(company.code, "91310104MA1FL0000X")
    company.code.editingFinished.emit()
    assert chinese_left(editor, OWN) == []


def test_the_return_in_english(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    notice = notice_at_the_window(window, qtbot)  # in Chinese; the citizen returns later
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    to_english(window, qtbot)
    monkeypatch.setattr(window, "run_dialog", scanning(notice))
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    assert chinese_left(window.editor, OWN) == []


def agents_notice(window: MainWindow, qtbot: QtBot) -> str:
    editor = window.editor
    window.place_card(CHEN)
    editor.parties.choose("agent")
    editor.parties.relation.setCurrentIndex(editor.parties.relation.findData("spouse"))
    window.place_card(LIN)
    editor.choose("310104-GA-JZZ-0002")
    answer(window, "residence_changed", "no")
    answer(window, "residence_type", "rented")
    window.actions_by_name["notice"].trigger()
    return print_and_rate(window, qtbot, 4)


def companys_notice(window: MainWindow, qtbot: QtBot) -> str:
    editor = window.editor
    window.place_card(CHEN)  # the 经办人
    editor.choose("310104-WJ-WS-0003")
    company = editor.parties.company
    company.name.setText(COMPANY)
    company.legal_rep.setText(LEGAL_REP)
    qtbot.keyClicks(company.code, GOOD)
    company.code.editingFinished.emit()
    for qid, value in (("venue_type", "hotel"), ("central_ac", "no"), ("is_proxy", "no")):
        answer(window, qid, value)
    window.actions_by_name["notice"].trigger()
    return print_and_rate(window, qtbot, 4)


@pytest.mark.parametrize("make", [agents_notice, companys_notice], ids=["agent", "company"])
def test_an_agents_or_companys_return_in_english(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch: Any, make: Any
) -> None:
    notice = make(window, qtbot)  # in Chinese; they come back another day
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    to_english(window, qtbot)
    # The applicant's card offers the open notice: the offer in English.
    window.place_card(CHEN)
    qtbot.waitUntil(lambda: window.editor.comeback_button.isVisible(), timeout=5000)
    own = (*OWN, GOOD)
    assert chinese_left(window.editor, own) == []
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    assert notice in window.editor.comeback.text()
    assert chinese_left(window.editor, own) == []


@pytest.mark.parametrize("kind", ["withdrawn", "corrected"])
def test_the_withdrawal_or_correction_of_an_agents_case_in_english(
    window: MainWindow, qtbot: QtBot, reader_store: Store, kind: str
) -> None:
    """The correction's fields and materials by the catalogue's English names too (review 7,
    finding 5: 本市居住地址, 居民身份证… were Chinese); the values typed are the citizen's."""
    from terminal import casebook
    from ui.case_actions import CaseActionDialog

    notice = agents_notice(window, qtbot)
    to_english(window, qtbot)
    detail = casebook.load_detail(reader_store, notice)
    catalogue = window.ctx.catalogue
    intake = catalogue.intake(detail["intake_code"])
    dialog = CaseActionDialog(kind, detail, intake, LIN.id_number, window, catalogue)
    qtbot.addWidget(dialog)
    values = tuple(str(v) for v in detail["form"].values() if v)
    assert chinese_left(dialog, OWN + values) == []


def test_the_agent_question_and_the_lookup_in_english(window: MainWindow, qtbot: QtBot) -> None:
    from ui.widgets.lookup_dialog import LookupDialog

    from .test_one_citizen import agent_or_next

    window.show()  # the question opens over a window on screen
    to_english(window, qtbot)
    window.place_card(CHEN)
    window.editor.choose("310104-GA-JZZ-0002")
    window.place_card(LIN)  # another person's card mid-case: the agent, or the next citizen?
    question = agent_or_next(window, qtbot)
    assert chinese_left(question, OWN) == []
    question.reject()
    lookup = LookupDialog(None, window)
    qtbot.addWidget(lookup)
    lookup.check()
    assert chinese_left(lookup, OWN) == []
