"""The agent's and the company's panels fit 1366×768 beside the queue, in large type too."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from ui.main_window import MainWindow

from .test_fits_the_screen import SCREEN, WORK_AREA, counter, problems, settle

__all__ = ["counter"]  # the fixture: the window maximised beside the queue, normal and large
LIN = next(c for c in SAMPLE_CITIZENS.values() if c.name == "林样本")


@pytest.mark.parametrize("kind", ["agent", "company"])
def test_the_parties_panels_fit_1366x768(counter: MainWindow, qtbot: QtBot, kind: str) -> None:
    counter.editor.parties.choose(kind)
    if kind == "agent":
        counter.place_card(LIN)
    else:
        counter.editor.parties.company.code.setText("91310104MA1FL00000")
        counter.editor.parties.company.check()  # a long warning under the code
    settle(qtbot)
    relation = counter.editor.parties.relation
    assert relation.itemText(2) in ("2 配偶", "2 Spouse")  # the digit that picks it, shown
    assert counter.size() == WORK_AREA.size(), "the window cannot shrink to the screen"
    assert problems(counter, SCREEN, no_sideways=counter.editor) == []
