"""Fees and 加急 at the window, end to end: the fee shown from the catalogue, a fee case
refused until it is paid, then accepted, printed, synced and seen at the portal; a 加急
case whose new date is shown before it is accepted and reaches the portal as promised."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from sync.portal import admin
from sync.portal.server import RunningPortal
from terminal import casebook, fees
from terminal.clock import now
from terminal.documents.model import day
from terminal.store import Store
from ui.app import open_window, shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.demo import sample_cards
from ui.main_window import MainWindow

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_counter_flow import answer, fill, print_and_rate
from .test_tab_walk import walk

BDC, SBK = "310104-GH-BDC-0021", "310104-RS-SBK-0002"


@pytest.fixture
def counter(
    ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot
) -> Iterator[MainWindow]:
    from sync.worker import Backoff

    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    window = open_window(ctx)
    qtbot.addWidget(window)
    window.show()
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    qtbot.waitUntil(lambda: "在线" in window.status.portal.text(), timeout=10000)
    yield window
    shutdown(ctx)


def choose(window: MainWindow, qtbot: QtBot, search: str, code: str) -> None:
    window.place_card(sample_cards()[0])
    qtbot.keyClicks(window.editor.picker.query, search)
    qtbot.keyClick(window.editor.picker.query, Qt.Key.Key_Return)
    assert window.editor.intake is not None and window.editor.intake.code == code


def pick(window: MainWindow, fid: str, index: int) -> None:
    box = window.editor.form.field_inputs[fid]
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(index)


def at_portal(portal: RunningPortal, case_id: str) -> dict[str, Any]:
    with portal.portal.db.read() as conn:
        listed = admin.list_cases(conn)["cases"]
        body = conn.execute("SELECT body FROM cases WHERE case_id = ?", (case_id,)).fetchone()
    [case] = [c for c in listed if c["case_id"] == case_id]
    return {**case, "body": json.loads(body[0])}


def synced(window: MainWindow, qtbot: QtBot, store: Store, receipt: str) -> str:
    qtbot.waitUntil(lambda: casebook.find(store, receipt).portal_case_no is not None, timeout=15000)
    return casebook.find(store, receipt).id


def test_a_fee_case_is_refused_unpaid_then_paid_by_qr_printed_and_seen_at_the_portal(
    counter: MainWindow, qtbot: QtBot, reader_store: Store, portal: RunningPortal
) -> None:
    window = counter
    choose(window, qtbot, "bdc", BDC)
    panel = window.editor.fees
    assert panel.isVisible() and panel.method.isVisible()
    assert "¥80.00" in panel.amount.text() and "捌拾元整" in panel.amount.text()
    assert "2559号" in panel.basis.text()
    answer(window, "property_use", "non_residential")  # the amount follows the answer
    assert "¥550.00" in panel.amount.text() and "伍佰伍拾元整" in panel.amount.text()
    answer(window, "property_use", "residential")
    answer(window, "seller_married", "no")
    answer(window, "is_proxy", "no")
    fill(window, "property_address", "上海市徐汇区示例路88弄8号101室", qtbot)
    fill(window, "property_cert_no", "沪2020徐字不动产权第000001号", qtbot)
    fill(window, "contract_no", "XH2026000123", qtbot)
    fill(window, "transaction_price", "3000000", qtbot)
    fill(window, "counterparty_id_number", "11010519491231002X", qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    qtbot.keyClick(window.editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.materials.missing_names() == []
    # Everything is there but the fee: the clerk is told, in Chinese, and nothing is saved.
    window.actions_by_name["accept"].trigger()
    warning = window.last_warning
    assert warning is not None and "应收费 ¥80.00" in warning.text() and "缴费" in warning.text()
    warning.close()
    assert reader_store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    qtbot.keyClick(panel.method, Qt.Key.Key_3)  # 3 扫码支付
    assert panel.method.currentData() == "qr_code"
    qtbot.keyClicks(panel.reference, "ZF2026112600017")  # the scanner types it
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    case_id = synced(window, qtbot, reader_store, receipt)
    seen = at_portal(portal, case_id)
    assert seen["fee"] == {
        "amount_fen": 8000,
        "method": "qr_code",
        "reference": "ZF2026112600017",
        "exempt_reason": None,
    }
    assert seen["body"]["fee"]["items"][0]["code"] == BDC and "expedited" not in seen
    # The journal names the clerk who took the fee, with the amount and how it was paid.
    actor, details = reader_store.conn.execute(
        "SELECT actor, details FROM journal WHERE action = 'case.decided' AND subject = ?",
        (case_id,),
    ).fetchone()
    assert actor == window.ctx.clerk_name
    assert json.loads(details)["fee_fen"] == 8000 and json.loads(details)["fee"] == "qr_code"


def test_expedited_handling_shows_its_date_before_acceptance_and_reaches_the_portal(
    counter: MainWindow, qtbot: QtBot, reader_store: Store, portal: RunningPortal
) -> None:
    window = counter
    choose(window, qtbot, "sbk", SBK)
    panel = window.editor.fees
    assert panel.isVisible() and not panel.method.isVisible()  # free: nothing to pay
    calendar, today = window.ctx.calendar, now().date()
    usual = day(calendar.add_working_days(today, 5))
    fast = day(calendar.add_working_days(today, 1))
    assert usual in panel.promised.text()
    answer(window, "card_replace_reason", "lost")
    answer(window, "is_proxy", "no")
    pick(window, "card_loss_reported", 1)
    pick(window, "card_delivery", 1)
    fill(window, "applicant_phone", "13800000088", qtbot)
    fill(window, "applicant_address", "上海市徐汇区示例路88号", qtbot)
    qtbot.keyClick(window.editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.editor, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)  # 加急
    assert panel.expedite.isChecked()
    assert panel.promised.text().startswith("加急") and fast in panel.promised.text()
    window.actions_by_name["accept"].trigger()
    receipt = print_and_rate(window, qtbot, 5)
    case_id = synced(window, qtbot, reader_store, receipt)
    due = fees.due_date(window.ctx.catalogue.intake(SBK), today, calendar, True).isoformat()
    assert casebook.load_detail(reader_store, receipt)["due_date"] == due
    seen = at_portal(portal, case_id)
    assert seen["expedited"] is True and seen["due_date"] == due and "fee" not in seen
    assert seen["body"]["expedited"] == {"services": [{"code": SBK, "time_limit_days": 1}]}


def test_the_fee_and_expedite_typed_survive_in_the_draft(window: MainWindow, qtbot: QtBot) -> None:
    choose(window, qtbot, "bdc", BDC)
    panel = window.editor.fees
    panel.expedite.setChecked(True)  # first: a payment taken before 加急 would be cleared
    qtbot.keyClick(panel.method, Qt.Key.Key_2)  # 2 银行卡
    qtbot.keyClicks(panel.reference, "POS-000123")
    payload, case_id = window.editor.draft_payload(), window.editor.case_id
    window.new_case()
    window.resume(case_id, payload)
    restored = window.editor.fees
    assert restored.taken() == fees.FeeTaken("bank_card", "POS-000123")
    assert restored.expedited() and restored.expedite.isChecked()
    # A free service's draft keeps the shape it always had: no fee keys at all.
    choose(window, qtbot, "jzz", "310104-GA-JZZ-0001")
    assert not window.editor.fees.isVisible()
    assert "fee" not in window.editor.draft_payload()
    assert "expedited" not in window.editor.draft_payload()


def test_an_exemption_takes_a_reason_instead_of_a_payment(window: MainWindow, qtbot: QtBot) -> None:
    choose(window, qtbot, "bdc", BDC)
    panel = window.editor.fees
    qtbot.keyClick(panel.method, Qt.Key.Key_1)  # 1 现金, then the clerk thinks again
    qtbot.mouseClick(panel.exempt, Qt.MouseButton.LeftButton)
    assert not panel.method.isEnabled() and panel.reason.isEnabled()
    qtbot.waitUntil(lambda: panel.reason.hasFocus(), timeout=2000)
    panel.reason.insert("城乡最低生活保障对象免收")
    capture = window.editor.capture()
    assert capture is not None
    assert capture.fee == fees.FeeTaken(exempt_reason="城乡最低生活保障对象免收")
    # Without the reason, the clerk is told what is missing, in Chinese.
    panel.reason.clear()
    window.actions_by_name["accept"].trigger()
    warning = window.last_warning
    assert warning is not None and "减免及其理由" in warning.text()


def test_tab_reaches_the_fee_after_the_materials_and_before_the_decision(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    choose(window, qtbot, "bdc", BDC)
    editor, panel = window.editor, window.editor.fees
    qtbot.waitUntil(lambda: all(w.isVisible() for w in editor.form.inputs()), timeout=3000)
    stops = walk(qtbot, editor.applicant.name, Qt.Key.Key_Tab, limit=300)
    last_material = [w for w in editor.materials.inputs() if w.isEnabled()][-1]
    order = [last_material, panel.method, panel.reference, panel.exempt, panel.expedite]
    positions = [stops.index(w) for w in [*order, editor.accept_button]]
    assert positions == sorted(positions)
