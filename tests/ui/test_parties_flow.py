"""Issue 14, who applies, at the window: the card read ticks its holder's ID material; an
agent's case with both cards, synced to the reference portal and named on the receipt and in
the journal; the keys an agent's case costs."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.simulated import SimulatedReader
from sync.portal import admin
from sync.portal.server import RunningPortal
from terminal import casebook, clerks, drafts, journal
from terminal.clock import now
from terminal.credit_code import CHARS, check_character
from terminal.store import Store
from ui.app import open_window, shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_counter_flow import answer, fill, print_and_rate, start_residence_permit
from .test_keyboard import Keyboard, active
from .test_one_citizen import agent_or_next

CHEN = next(c for c in SAMPLE_CITIZENS.values() if c.name == "陈示例")
LIN = next(c for c in SAMPLE_CITIZENS.values() if c.name == "林样本")
ZHOU = next(c for c in SAMPLE_CITIZENS.values() if c.name == "黄过期")
GOOD = "91310104MA1FL0000" + check_character("91310104MA1FL0000")
OLD_CODE = GOOD[:17] + next(c for c in CHARS if c != GOOD[17])  # its check character fails
PLAIN_KEYS = 45  # tests/ui/test_keyboard.py's plain accepted case, measured on this branch


def printed(data_dir: Path) -> str:
    pdf = max((data_dir / "prints").glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.replace("\n", "").replace(" ", "")


def test_the_card_read_ticks_the_id_card_and_the_notice_does_not_ask_for_it(
    window: MainWindow, qtbot: QtBot, reader_store: Store, data_dir: Path
) -> None:
    start_residence_permit(window, qtbot)  # CHEN's card read, then 居住证办理
    sfz = window.editor.materials.rows["CL-SFZ"]
    assert sfz.originals.value() == 1  # presented, as an original
    assert "居民身份证" not in window.editor.materials.missing_names()
    fill(window, "applicant_phone", "13800000088", qtbot)
    window.actions_by_name["notice"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    window.ctx.store_jobs.wait_idle()
    case = casebook.load_detail(reader_store, receipt)
    assert case["materials"]["handed"]["CL-SFZ"] == {"originals": 1, "copies": 0}
    assert "居民身份证" not in [m["name"] for m in case["missing"]]
    on_paper = printed(data_dir)
    assert "补正材料通知书" in on_paper and "劳动合同或就业证明" in on_paper
    asked = on_paper.split("需补正的材料")[1].split("请您备齐")[0]
    assert "劳动合同或就业证明" in asked and "居民身份证" not in asked


@pytest.fixture
def counter(
    ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot
) -> Iterator[tuple[MainWindow, SimulatedReader]]:
    from sync.worker import Backoff

    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    window = open_window(ctx)
    qtbot.addWidget(window)
    window.show()
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    reader = SimulatedReader()
    bridge.start_reader(reader)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    qtbot.waitUntil(lambda: "在线" in window.status.portal.text(), timeout=10000)
    yield window, reader
    shutdown(ctx)


def read(reader: SimulatedReader, card: object, qtbot: QtBot, done: object) -> None:
    reader.remove()
    reader.place(card)  # type: ignore[arg-type]
    qtbot.waitUntil(done, timeout=5000)  # type: ignore[arg-type]


def test_an_agents_case_with_both_cards_reaches_the_portal_naming_both(
    counter: tuple[MainWindow, SimulatedReader],
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,
    data_dir: Path,
) -> None:
    window, reader = counter
    editor = window.editor
    read(reader, CHEN, qtbot, lambda: editor.applicant.from_card())
    editor.parties.buttons["agent"].click()  # 代办 (Ctrl+D)
    assert editor.parties.agent_box.isVisible()
    editor.parties.relation.setCurrentIndex(editor.parties.relation.findData("spouse"))
    # The agent's card fills the agent's panel: the same case, the applicant kept.
    read(reader, LIN, qtbot, lambda: editor.parties.agent.from_card())
    assert window.editor is editor and editor.applicant.applicant().name == CHEN.name  # type: ignore[union-attr]
    editor.choose("310104-GA-JZZ-0002")  # 居住证签注: asks 是否委托他人代办
    assert editor.form.answers()["is_proxy"] == "yes"  # answered by the mode
    assert not editor.form.question_boxes["is_proxy"].isEnabled()
    rows = editor.materials.rows
    # Each card ticks its own holder's card: CHEN's 居民身份证, LIN's 受托人居民身份证.
    assert rows["CL-SFZ"].originals.value() == 1 and rows["CL-WTSFZ"].originals.value() == 1
    assert set(editor.materials.missing_names()) == {"上海市居住证", "授权委托书"}
    answer(window, "residence_changed", "no")
    answer(window, "residence_type", "rented")
    fill(window, "residence_address", "上海市徐汇区示例路88号", qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    rows = editor.materials.rows  # rebuilt by the answers, the cards' ticks kept
    assert rows["CL-SFZ"].originals.value() == 1 and rows["CL-WTSFZ"].originals.value() == 1
    rows["CL-JZZ"].originals.setValue(1)
    rows["CL-WTS"].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    assert window.last_warning is None, window.last_warning.text()
    receipt = print_and_rate(window, qtbot, 5)
    on_paper = printed(data_dir)
    assert "申请人陈示例" in on_paper and "代办人林样本" in on_paper
    assert "110105********002X" in on_paper and LIN.id_number not in on_paper
    assert "与申请人关系配偶" in on_paper
    # Synced once, and the portal holds and shows the agent.
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, receipt).portal_case_no is not None, timeout=15000
    )
    with portal.portal.db.read() as conn:
        [listed] = [c for c in admin.list_cases(conn)["cases"] if c["receipt_no"] == receipt]
        [body] = conn.execute("SELECT body FROM cases").fetchone()
    assert listed["state"] == "received"
    assert listed["parties"]["agent"]["name"] == LIN.name
    assert json.loads(body)["applicant"]["name"] == CHEN.name
    assert listed["parties"]["relation"] == "spouse"
    # The journal names both, masked, in the case's entry; and both reads.
    entries = journal.recent(reader_store.conn, 200)
    decided = next(e for e in entries if e.action == "case.decided")
    assert decided.details["parties"]["agent"] == "林** 110105********002X"
    assert decided.details["parties"]["applicant"] == "陈** 310104********003X"
    assert decided.details["parties"]["relation"] == "spouse"
    assert len([e for e in entries if e.action == "card.read"]) == 2  # both cards, as read


def test_a_third_persons_card_is_a_new_citizen_even_in_agent_mode(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_residence_permit(window, qtbot)
    first = window.editor
    first.parties.choose("agent")
    window.place_card(LIN)
    assert first.parties.agent.applicant() is not None and window.editor is first
    window.place_card(ZHOU)  # neither the applicant nor the agent: the next citizen
    assert window.editor is not first
    assert window.editor.applicant.applicant().name == ZHOU.name  # type: ignore[union-attr]
    # In one's own case (the default), a second card asks; Enter is the next citizen.
    second = window.editor
    window.place_card(CHEN)
    question = agent_or_next(window, qtbot)
    assert window.editor is second  # nothing moves before the clerk answers
    qtbot.keyClick(question, Qt.Key.Key_Return)
    assert window.editor is not second and not question.isVisible()
    assert window.editor.applicant.applicant().name == CHEN.name  # type: ignore[union-attr]
    assert second.parties.kind == "self"  # and ZHOU's case was not given an agent


@pytest.mark.parametrize(("way", "bound"), [("asked", 1), ("ctrl_d", 2)])
def test_an_agents_case_by_keyboard_costs_one_key_more_than_ones_own(
    window: MainWindow, qtbot: QtBot, reader_store: Store, way: str, bound: int
) -> None:
    """The plain case's keys (tests/ui/test_keyboard.py) plus the relation's digit, asked
    when the agent's card is read: both cards are read, not typed, and how the two are
    related is the one thing the clerk must say. Choosing 代办 ahead (Ctrl+D) costs that
    chord more, and still works."""
    active(window, qtbot)
    keys = Keyboard(qtbot)
    editor = window.editor
    window.place_card(CHEN)
    if way == "asked":
        window.place_card(LIN)  # the agent's card: no key, and a question
        question = agent_or_next(window, qtbot)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is question, timeout=5000)
        assert "林**" in question.question.text() and "陈**" in question.question.text()
        keys.press(Qt.Key.Key_1)  # 亲属: LIN is the agent, and back to the service search
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        assert editor.parties.kind == "agent" and window.editor is editor
    else:
        keys.press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # 代办
        assert QApplication.focusWidget() is editor.parties.relation
        keys.press(Qt.Key.Key_1)  # 亲属, and on to the service search
        window.place_card(LIN)  # the agent's card: no key
    assert editor.parties.agent.applicant().name == LIN.name  # type: ignore[union-attr]
    assert QApplication.focusWidget() is editor.picker.query
    keys.type("jzz")
    keys.press(Qt.Key.Key_Return)
    first = editor.form.question_boxes["jzz_apply_type"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=3000)
    for _ in range(3):
        keys.press(Qt.Key.Key_1)
    keys.commit("上海市徐汇区示例路88号")
    keys.press(Qt.Key.Key_Return)
    keys.type("20260501")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Return)
    keys.type("13800000088")
    keys.press(Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the 委托书 among them
    assert editor.materials.missing_names() == [] and "CL-WTS" in editor.materials.rows
    keys.press(Qt.Key.Key_F9)
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview, timeout=5000)
    keys.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    keys.press(Qt.Key.Key_Escape)
    print(f"\nagent's case: {keys.count} keys (plain {PLAIN_KEYS}): {' '.join(keys.log)}")
    window.ctx.store_jobs.wait_idle()
    assert window.last_receipt
    case = casebook.load_detail(reader_store, window.last_receipt)
    assert (
        case["parties"]["agent"]["name"] == LIN.name and case["parties"]["relation"] == "relative"
    )
    assert keys.count <= PLAIN_KEYS + bound
    if window.rating is not None:
        window.rating.reject()


def test_a_companys_case_with_an_old_code_approved_by_a_supervisor_reaches_the_portal(
    counter: tuple[MainWindow, SimulatedReader],
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, reader = counter
    window.ctx.store_jobs.submit(
        lambda store: clerks.add_clerk(
            store,
            username="zhou.sup",
            display_name="周主管",
            role=clerks.Role.SUPERVISOR,
            password="s3cret-pass",
            actor="test",
            terminal="XH-W03",
            at=now(),
        )
    )
    with portal.portal.db.write() as conn:  # the licence, held under the company's code
        admin.hold_ecert(
            conn,
            {
                "id_number": OLD_CODE,
                "material": "CL-YYZZ",
                "title": "营业执照",
                "issuer": "区市场监管局",
            },
        )
    editor = window.editor
    read(reader, CHEN, qtbot, lambda: editor.applicant.from_card())  # the 经办人's card
    editor.choose("310104-WJ-WS-0003")  # companies only: 单位 is chosen by the service
    parties = editor.parties
    assert parties.kind == "company" and parties.company.isVisible()
    assert not parties.buttons["self"].isEnabled() and not parties.buttons["agent"].isEnabled()
    company = parties.company
    company.name.setText("上海示例酒店管理有限公司")
    company.legal_rep.setText("赵示例")
    qtbot.keyClicks(company.code, OLD_CODE.lower())
    company.code.editingFinished.emit()
    assert "校验位不符" in company.note.text() and company.approve_button.isVisible()
    # The licence is found as an e-certificate under the code; the form takes the code.
    qtbot.waitUntil(lambda: editor.materials.rows["CL-YYZZ"].ecert.isChecked(), timeout=5000)
    assert editor.form.raw_values()["uscc"] == OLD_CODE

    def supervisor_signs(dialog: ApprovalDialog) -> bool:
        dialog.username.setText("zhou.sup")
        dialog.password.setText("s3cret-pass")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
        return True

    monkeypatch.setattr(window, "run_dialog", supervisor_signs)
    company.approve_button.click()
    assert "已经主管批准" in company.note.text() and not company.approve_button.isVisible()
    for qid, value in (("venue_type", "hotel"), ("central_ac", "no"), ("is_proxy", "no")):
        answer(window, qid, value)
    fill(window, "shop_name", "示例酒店", qtbot)
    fill(window, "business_address", "上海市徐汇区示例路1号", qtbot)
    fill(window, "business_area_m2", "800", qtbot)
    fill(window, "staff_count", "20", qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    rows = editor.materials.rows
    for code in ("CL-WSXK", "CL-WSZD"):
        rows[code].originals.setValue(1)
    rows["CL-JKZM"].copies.setValue(1)
    assert editor.materials.missing_names() == []
    window.actions_by_name["accept"].trigger()
    assert window.last_warning is None, window.last_warning.text()  # type: ignore[attr-defined]
    receipt = print_and_rate(window, qtbot, 5)
    on_paper = printed(data_dir)
    assert "申请单位上海示例酒店管理有限公司" in on_paper and "经办人陈示例" in on_paper
    assert f"{OLD_CODE}（经主管核准）" in on_paper and "法定代表人赵示例" in on_paper
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, receipt).portal_case_no is not None, timeout=15000
    )
    with portal.portal.db.read() as conn:
        [listed] = [c for c in admin.list_cases(conn)["cases"] if c["receipt_no"] == receipt]
    seen = listed["parties"]["company"]
    assert seen["credit_code"] == OLD_CODE and seen["override"]["approved_by"] == "zhou.sup"
    # The journal: the supervisor's approval, and the case's entry citing it.
    entries = journal.recent(reader_store.conn, 200)
    given = next(e for e in entries if e.action == "approval.given")
    decided = next(e for e in entries if e.action == "case.decided")
    assert given.actor == "zhou.sup" and given.subject == decided.subject
    assert decided.details["parties"]["override"]["approval_entry"] == given.hash
    assert decided.details["parties"]["company"] == "上海示例酒店管理有限公司"


def test_an_agents_draft_survives_a_restart_with_the_agent_and_the_letter(
    window: MainWindow, qtbot: QtBot, ctx: AppContext, reader_store: Store
) -> None:
    start_residence_permit(window, qtbot)
    window.editor.parties.choose("agent")
    window.editor.parties.relation.setCurrentIndex(2)  # 配偶
    window.place_card(LIN)
    window.editor.materials.rows["CL-WTS"].originals.setValue(1)
    qtbot.waitUntil(
        lambda: any(
            (p.get("parties") or {}).get("agent") and p["materials"]["handed"].get("CL-WTS")
            for _, _, p in drafts.open_drafts(reader_store, "XH-W03")
        ),
        timeout=5000,
    )
    case_id, _, payload = drafts.open_drafts(reader_store, "XH-W03")[0]
    second = open_window(ctx)
    qtbot.addWidget(second)
    second.resume(case_id, payload)
    parties = second.editor.parties
    assert parties.kind == "agent" and parties.relation.currentData() == "spouse"
    assert parties.agent.applicant().name == LIN.name  # type: ignore[union-attr]
    assert second.editor.materials.rows["CL-WTS"].originals.value() == 1  # kept, not dropped
    # A draft from before issue 14 that answered 代办 yes comes back as an agent's case.
    old = {k: v for k, v in payload.items() if k != "parties"}
    second.new_case()
    second.resume(case_id, {**old, "intake": "310104-GA-JZZ-0002", "answers": {"is_proxy": "yes"}})
    assert second.editor.parties.kind == "agent"
    assert second.editor.form.answers()["is_proxy"] == "yes"


def test_the_agents_card_read_first_is_put_right_with_one_click(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = window.editor
    window.place_card(LIN)  # the agent's own card, read first
    editor.parties.choose("agent")
    window.place_card(CHEN)  # the applicant's, into the agent's panel
    editor.choose("310104-GA-JZZ-0002")
    assert editor.materials.rows["CL-WTSFZ"].originals.value() == 1  # CHEN's, taken as agent's
    editor.materials.rows["CL-WTSFZ"].originals.setValue(0)  # the clerk sees the mix-up
    editor.parties.swap_button.click()
    assert editor.applicant.applicant().name == CHEN.name  # type: ignore[union-attr]
    assert editor.parties.agent.applicant().name == LIN.name  # type: ignore[union-attr]
    assert editor.applicant.from_card() and editor.parties.agent.from_card()
    assert editor.materials.rows["CL-WTSFZ"].originals.value() == 1  # LIN's card, as agent
    assert editor.parties.parties().agent.name == LIN.name  # type: ignore[union-attr]
