"""Where the hall asks for it (config ``sign_decisions``), the citizen signs for a one-time notice
before it is saved (issue 16): the 补正告知签收 beside the pad; the envelope is an attachment of
the case, named in its journal entry; the notice prints with the signed page after it. Not
signed: nothing saved, the clerk told why."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from terminal import casebook, confirmations, journal, signatures
from terminal.attachments import files, records
from terminal.identity import mask_id_number
from terminal.store import Store
from tests.printing.conftest import page_text
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.signature_pad import SignatureDialog

from .test_comeback_by_receipt import notice_at_the_window
from .test_english_parties import agents_notice
from .test_full_flow import LIN, lins_notice

CHEN = SAMPLE_CITIZENS["chen"]


def _signing(shown: list[str], window: MainWindow | None = None) -> Any:
    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignatureDialog)
        shown.append(dialog.document)
        if window is not None:  # the next citizen puts a card down while this one signs
            editor = window.editor
            window.place_card(CHEN)
            assert window.editor is editor and "正在签名" in window.statusBar().currentMessage()
        dialog.pad.pen_down(QPointF(30, 50))
        for x in range(40, 220, 12):
            dialog.pad.pen_move(QPointF(x, 40 + (x % 30)))
        dialog.pad.pen_up()
        dialog.confirm()
        return dialog.envelope is not None

    return run


def test_the_citizen_signs_for_the_notice_and_it_prints_after_it(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    ctx.config = replace(ctx.config, sign_decisions=("needs_correction",))
    shown: list[str] = []
    monkeypatch.setattr(window, "run_dialog", _signing(shown, window))
    receipt = notice_at_the_window(window, qtbot)
    assert shown and shown[0].startswith("补正告知签收") and "需补交" in shown[0]
    case = casebook.find(reader_store, receipt)
    scans = records.of_case(reader_store.conn, case.id)
    (signed,) = [s for s in scans if s.material == confirmations.CODE]
    decided = [e for e in journal.recent(reader_store.conn, 30) if e.action == "case.decided"]
    assert signed.sha256 in str(decided[0].details)  # the journal names the envelope
    prints = sorted((ctx.data_dir / "prints").glob("*.pdf"))
    text = page_text(prints[-1]).replace("\n", "").replace(" ", "")
    assert "补正告知签收" in text and "申请人（签名）" in text


def test_without_a_signature_the_notice_is_not_saved(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    ctx.config = replace(ctx.config, sign_decisions=("needs_correction",))
    monkeypatch.setattr(window, "run_dialog", lambda dialog: False)  # 不签署
    lins_notice(window)
    qtbot.waitUntil(lambda: window.last_warning is not None, timeout=5000)
    assert window.last_warning is not None and "未签名确认" in window.last_warning.text()
    window.ctx.store_jobs.wait_idle()
    assert reader_store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_in_an_agents_case_the_agent_signs_the_notice_as_agent(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, reader_store: Store, monkeypatch: Any
) -> None:
    """The 代办人 stands at the counter and signs (review 6): the text says they sign as agent
    for the applicant, the envelope is the agent's card's, the paper names them 代办人."""
    ctx.config = replace(ctx.config, sign_decisions=("needs_correction",))
    shown: list[str] = []
    monkeypatch.setattr(window, "run_dialog", _signing(shown))
    receipt = agents_notice(window, qtbot)  # CHEN applies through LIN, her agent
    assert (
        shown and f"本人{LIN.name}" in shown[0] and f"作为代办人，受申请人{CHEN.name}" in shown[0]
    )
    case = casebook.find(reader_store, receipt)
    (signed,) = [s for s in records.of_case(reader_store.conn, case.id)
                 if s.material == confirmations.CODE]  # fmt: skip
    envelope = signatures.from_bytes(files.read_file(files.attachments_folder(ctx.data_dir),
                                                     signed.sha256))  # fmt: skip
    assert envelope["signer"]["id_masked"] == mask_id_number(LIN.id_number)
    prints = sorted((ctx.data_dir / "prints").glob("*.pdf"))
    text = page_text(prints[-1]).replace("\n", "").replace(" ", "")
    assert "代办人（签名）" in text


def test_an_agents_case_brought_back_by_the_applicant_herself_is_signed_by_her(
    window: MainWindow, ctx: AppContext, qtbot: QtBot, monkeypatch: Any
) -> None:
    """The return after 补正 of an agent's case, the applicant alone with her own card: she
    signs as herself; the recorded agent is not there (review 8, finding 1)."""
    from .test_counter_flow import fill

    ctx.config = replace(ctx.config, sign_decisions=("accepted",))
    agents_notice(window, qtbot)  # CHEN through LIN; she comes back alone another day
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    window.place_card(CHEN)
    qtbot.waitUntil(window.editor.comeback_button.isVisible, timeout=5000)
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    window.editor.materials.take_all()  # everything asked for, brought now
    fill(window, "residence_address", "上海市徐汇区示例路88号", qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    shown: list[str] = []
    monkeypatch.setattr(window, "run_dialog", _signing(shown))
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert f"本人{CHEN.name}" in shown[0] and "作为代办人" not in shown[0], shown[0]
