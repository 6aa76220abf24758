"""出件 at the window (issue 16), end to end against the reference portal: a result is ready for
a case recorded at another window; the applicant's card is read here; Ctrl+Shift+H finds the
result by receipt and last four; the items are ticked; the applicant signs on the pad; the portal
has it collected by this window, the store keeps the handover with the portal's answer, and the
领取回执 prints with the signature. A second handover of the same result is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from sync.portal import RunningPortal, results, throttle
from sync.worker import Backoff
from terminal import handover
from terminal.catalogue import Catalogue
from terminal.store import Store
from ui.bridge import Bridge
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.widgets.handover_dialog import HandoverDialog

from ..sync.faultproxy import FaultProxy
from ..sync.helpers import record_cases
from ..sync.test_hall_case import _counter
from .conftest import enrol_terminal
from .test_full_flow import LIN

CHEN = SAMPLE_CITIZENS["chen"]  # collecting for LIN


@pytest.fixture(autouse=True)
def _dialogs_closed(window: MainWindow) -> Iterator[None]:
    """Each test's 出件 dialogs closed at its end, passed or failed: one left open made the
    next tests take it for theirs, in cascade (review 7, finding 21)."""
    yield
    for dialog in window.findChildren(HandoverDialog):
        dialog.reject()
        dialog.deleteLater()


def _dialog_of(window: MainWindow) -> HandoverDialog:
    """The 出件 dialog this window has open (Ctrl+Shift+H opens it as the window's child, as
    ui/one_citizen.py finds it): never one another window left among the top-level ones."""
    shown = [d for d in window.findChildren(HandoverDialog) if d.isVisible()]
    assert len(shown) == 1, f"{len(shown)} 出件 dialogs open on this window"
    return shown[0]


def _ready_receipt(portal: RunningPortal) -> str:
    with portal.portal.db.read() as conn:
        return str(conn.execute("SELECT receipt_no FROM cases").fetchone()[0])


def _ready(tmp_path: Path, portal: RunningPortal, cat: Catalogue, hall: str) -> tuple[str, str]:
    """A case of LIN's recorded at window 1 of the hall, finished, its result ready."""
    from sync.engine import sync_once

    store, key = _counter(tmp_path, portal, "XH-W01", hall=hall)
    (case_id,) = record_cases(store, cat, 1, id_number=LIN.id_number, terminal="XH-W01")
    from ..sync.helpers import client_for

    client = client_for(key)
    for _ in range(5):
        if sync_once(store, client, terminal="XH-W01").status.waiting == 0:
            break
    receipt = store.conn.execute("SELECT receipt_no FROM cases").fetchone()[0]
    store.close()
    with portal.portal.db.write() as conn:
        conn.execute("UPDATE cases SET state = 'completed' WHERE case_id = ?", (case_id,))
        results.publish(conn, case_id, {"items": [{"code": "JZZ", "name": "居住证"}]},
                        portal.portal.clock())  # fmt: skip
    return case_id, receipt


def _sign(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window.signing is not None and window.signing.isVisible(), timeout=15000
    )
    signing = window.signing
    assert signing is not None
    pad = signing.pad
    pad.pen_down(QPointF(20, 60))
    for x in range(30, 200, 10):
        pad.pen_move(QPointF(x, 60 + (x % 40)))
    pad.pen_up()
    qtbot.waitUntil(signing.sign_button.isEnabled, timeout=2000)
    signing.sign_button.click()


def test_the_applicant_collects_at_the_window_with_a_signature(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    reader_store: Store, mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    case_id, receipt = _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))
    window.place_card(LIN)  # the collector's card on the reader
    window.actions_by_name["handover"].trigger()  # Ctrl+Shift+H
    dialog = _dialog_of(window)
    # The applicant's card finds what is ready for it: nothing typed.
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    assert dialog.receipt.text() == receipt and dialog.last4.text() == LIN.id_number[-4:]
    assert dialog.items[0].text() == "居住证" and not dialog.confirm_button.isEnabled()
    with portal.portal.db.read() as conn:  # the portal keeps who was shown it: window and clerk
        read = conn.execute("SELECT case_id, terminal_id, clerk FROM result_reads").fetchall()
    assert [tuple(r) for r in read] == [(case_id, ctx.config.terminal_id, ctx.clerk_name)]
    dialog.items[0].setChecked(True)  # handed over, ticked
    dialog.confirm_button.click()
    _sign(qtbot, window)

    def portal_state() -> str:
        with portal.portal.db.read() as conn:
            row = conn.execute("SELECT state, handed_by FROM results").fetchone()
        return f"{row[0]}:{row[1]}"

    mine = f"collected:{ctx.config.terminal_id}"
    qtbot.waitUntil(lambda: portal_state() == mine or bool(dialog.message.text()), timeout=15000)
    assert dialog.message.text() == ""  # no refusal said
    qtbot.waitUntil(lambda: handover.handed(reader_store.conn, case_id) is not None, timeout=5000)
    prints = ctx.data_dir / "prints"
    qtbot.waitUntil(lambda: any(prints.glob("*.pdf")), timeout=15000)
    assert not dialog.isVisible()
    # Asked again for the same result: nothing left to collect.
    window.actions_by_name["handover"].trigger()
    again = _dialog_of(window)
    assert again is not dialog
    again.receipt.setText(receipt)
    again.last4.setText(LIN.id_number[-4:])
    again.ask_button.click()
    qtbot.waitUntil(lambda: "没有待领取" in again.message.text(), timeout=15000)
    again.reject()


def test_offline_there_is_no_handover(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_name["handover"].trigger()
    assert window.last_warning is not None and "连不上平台" in window.last_warning.text()
    assert not [d for d in window.findChildren(HandoverDialog) if d.isVisible()]


def _online(window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy) -> None:
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=0.3, backoff=Backoff(base=0.1, cap=0.5))


def _found(window: MainWindow, qtbot: QtBot, receipt: str, *, by_card: bool) -> HandoverDialog:
    """The dialog with the result found: by the applicant's card on the reader (nothing typed),
    or, for an agent's card, by the receipt and the applicant's last four typed."""
    window.actions_by_name["handover"].trigger()  # Ctrl+Shift+H
    dialog = _dialog_of(window)
    if not by_card:
        dialog.receipt.setText(receipt)
        dialog.last4.setText(LIN.id_number[-4:])
        dialog.ask_button.click()
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    assert dialog.receipt.text() == receipt
    dialog.items[0].setChecked(True)
    return dialog


def _case_id(portal: RunningPortal) -> str:
    with portal.portal.db.read() as conn:
        return str(conn.execute("SELECT case_id FROM results").fetchone()[0])


def _result(portal: RunningPortal) -> tuple[str, str, str]:
    with portal.portal.db.read() as conn:
        row = conn.execute("SELECT state, handed_by, handover FROM results").fetchone()
    return (str(row[0]), str(row[1]), str(row[2] or ""))


def test_an_agent_collects_with_their_card_and_the_letter_captured(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    reader_store: Store, mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    from tests.capture.synthetic import photo_of, skewed_corners
    from ui.capture.camera import CameraFeed
    from ui.capture.dialog import CaptureDialog
    from ui.capture.hook import service
    from ui.capture.images import pil_to_qimage

    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    receipt = _ready_receipt(portal)
    _online(window, ctx, portal, link)
    window.place_card(CHEN)  # the agent's own card on the reader
    dialog = _found(window, qtbot, receipt, by_card=False)
    dialog.who.setCurrentIndex(dialog.who.findData("agent"))
    assert not dialog.confirm_button.isEnabled()  # no relation, no letter yet
    dialog.relation.setCurrentIndex(dialog.relation.findData("spouse"))
    capture = service(window, ctx)
    capture._looked = True  # the test gives the camera
    feed = CameraFeed()
    capture.setup.feed = feed
    dialog.letter_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaptureDialog))
    letter = QApplication.activeModalWidget()
    assert isinstance(letter, CaptureDialog)
    letter.update_buttons()
    frames = feed.push_input()
    assert frames.sendVideoFrame(QVideoFrame(pil_to_qimage(photo_of(skewed_corners(4), 4))))
    qtbot.waitUntil(feed.has_frame)
    letter.shoot_button.click()  # 拍照
    qtbot.waitUntil(lambda: letter.thumbs.count() == 1, timeout=15000)
    letter.done_button.click()  # 完成: stored, its hash to the dialog
    qtbot.waitUntil(lambda: bool(dialog.letter_sha256), timeout=15000)
    assert dialog.confirm_button.isEnabled()
    dialog.confirm_button.click()
    assert dialog.message.text() == ""
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: _result(portal)[0] == "collected" or bool(dialog.message.text()),
                    timeout=15000)  # fmt: skip
    assert dialog.message.text() == ""
    state, by, body = _result(portal)
    assert state == "collected"
    assert by == ctx.config.terminal_id and '"role":"agent"' in body.replace(" ", "")
    assert dialog.letter_sha256 in body and CHEN.id_number in body  # who took it, on record
    # The letter captured is kept with the handover here (listed: never swept) and queued for
    # upload at the size the portal was told, so the portal takes exactly that file.
    from terminal.attachments import letters

    case_id = _case_id(portal)
    qtbot.waitUntil(lambda: handover.handed(reader_store.conn, case_id) is not None, timeout=5000)
    recorded = handover.handed(reader_store.conn, case_id)
    assert recorded is not None
    kept = letters.of_handover(reader_store.conn, str(recorded["handover_id"]))
    assert kept is not None and kept.sha256 == dialog.letter_sha256
    assert f'"letter_size":{kept.size}' in body.replace(" ", "")
    upload = reader_store.conn.execute(
        "SELECT size FROM attachment_uploads WHERE sha256 = ?", (kept.sha256,)
    ).fetchone()
    assert upload is not None and upload[0] == kept.size


def test_mailed_instead_the_waybill_is_said_and_the_address_checked(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    receipt = _ready_receipt(portal)
    _online(window, ctx, portal, link)
    window.place_card(LIN)
    dialog = _found(window, qtbot, receipt, by_card=True)
    dialog.mail.setChecked(True)
    assert dialog.confirm_button.text() == "签名并邮寄 (Enter)"
    dialog.recipient.setText("林测试")
    dialog.address.setText("北京市朝阳区样本街1号院2单元301")
    dialog.phone.setText("1390000")
    dialog.confirm_button.click()
    assert "不是有效的手机号码" in dialog.message.text() and window.signing is None
    dialog.phone.setText("13900000001")
    qtbot.waitUntil(dialog.ready, timeout=5000)
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: window.signing is not None or bool(dialog.message.text()),
                    timeout=15000)  # fmt: skip
    # Said if not: why no signature was asked for (a card, an item, the address).
    assert window.signing is not None, (
        dialog.message.text(),
        dialog.ready(),
        window.editor.applicant.from_card(),
    )
    _sign(qtbot, window)
    qtbot.waitUntil(lambda: _result(portal)[0] == "mailed", timeout=15000)
    qtbot.waitUntil(lambda: "快递单号" in window.statusBar().currentMessage(), timeout=5000)
    with portal.portal.db.read() as conn:
        waybill = conn.execute("SELECT waybill FROM results").fetchone()[0]
    assert waybill in window.statusBar().currentMessage()


def test_a_window_paused_by_the_portal_says_so(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    """Review 6: this window's lookups by card found nothing too often; the clerk reads the
    portal's sentence (and can still type the receipt and the last four)."""
    _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    _online(window, ctx, portal, link)
    buckets = [(throttle.RESULTS_PER_TERMINAL, ctx.config.terminal_id)]
    with portal.portal.db.write() as conn:
        for _ in range(throttle.RESULTS_PER_TERMINAL.limit):
            throttle.record(conn, buckets, portal.portal.clock())
    window.place_card(LIN)
    window.actions_by_name["handover"].trigger()
    dialog = _dialog_of(window)
    qtbot.waitUntil(lambda: "查询办理结果的次数太多" in dialog.message.text(), timeout=15000)
    assert "分钟后再试" in dialog.message.text() and not dialog.items
    dialog.reject()


def test_a_cut_after_the_portal_took_it_and_the_dialog_closed_is_recorded_when_reopened(
    window: MainWindow, ctx: AppContext, portal: RunningPortal, link: FaultProxy, qtbot: QtBot,
    reader_store: Store, mini_catalogue: Catalogue, tmp_path: Path,
) -> None:  # fmt: skip
    """The portal handed it over; the answer was cut and the clerk closed the dialog. Opened
    again, the dialog sends the same signed request: the portal replays its decision and this
    window records the handover and prints the 领取回执 (no new signature; not 'taken here')."""
    from ..sync.faultproxy import Fault

    case_id, _receipt = _ready(tmp_path, portal, mini_catalogue, ctx.config.hall)
    enrol_terminal(ctx.data_dir, portal, link.url, ctx.config.terminal_id, ctx.config.hall)
    bridge = Bridge(ctx)
    window.links.attach(bridge)
    bridge.start_sync(poll_seconds=3600, backoff=Backoff(base=0.1, cap=0.5))  # no polling
    window.place_card(LIN)
    window.actions_by_name["handover"].trigger()
    dialog = window.findChild(HandoverDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.items) == 1, timeout=15000)
    dialog.items[0].setChecked(True)
    dialog.confirm_button.click()
    # The portal takes it, its answer never arrives, and every try after it is cut too.
    link.then(Fault.RESET_AFTER_COMMIT)
    link.at_random([Fault.RESET_BEFORE], rate=1.0, seed=0)
    _sign(qtbot, window)

    def taken_by_portal() -> bool:
        with portal.portal.db.read() as conn:
            return conn.execute("SELECT state FROM results").fetchone()[0] == "collected"

    qtbot.waitUntil(taken_by_portal, timeout=15000)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20000)  # the cut, said
    assert handover.handed(reader_store.conn, case_id) is None
    link.at_random([], rate=0.0, seed=0)  # the link is back
    dialog.reject()  # the clerk closes it
    dialog.deleteLater()
    window.place_card(LIN)
    window.actions_by_name["handover"].trigger()
    qtbot.waitUntil(
        lambda: any(d is not dialog and d.isVisible() for d in window.findChildren(HandoverDialog)),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: handover.handed(reader_store.conn, case_id) is not None, timeout=20000)
    assert window.signing is None  # not signed again
    prints = ctx.data_dir / "prints"
    qtbot.waitUntil(lambda: any(prints.glob("*.pdf")), timeout=15000)
    with portal.portal.db.read() as conn:
        rows = conn.execute("SELECT state, handed_by FROM results").fetchall()
    assert [tuple(r) for r in rows] == [("collected", ctx.config.terminal_id)]
    for opened in window.findChildren(HandoverDialog):
        opened.close()
        opened.deleteLater()  # not found by the next test's search among all windows
