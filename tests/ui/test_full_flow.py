"""The whole counter visit on real parts: the simulated reader on the device thread, the
reference portal on loopback with the sync worker, the folder printer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.cards.samples import SAMPLE_CITIZENS
from devices.cards.simulated import SimulatedReader
from sync.portal.seed import seed_demo
from sync.portal.server import RunningPortal
from terminal import casebook
from terminal.store import Store
from ui.app import open_window, shutdown
from ui.bridge import Bridge
from ui.context import AppContext
from ui.main_window import MainWindow

from ..sync.faultproxy import FaultProxy
from .conftest import enrol_terminal
from .test_counter_flow import answer, fill, print_and_rate

LIN = next(
    c for c in SAMPLE_CITIZENS.values() if c.id_number == "11010519491231002X"
)  # booked online


@pytest.fixture
def portal(portal: RunningPortal, ctx: AppContext) -> RunningPortal:
    """The shared portal, seeded as in the demo (LIN's appointment, her e-certificates)."""
    seed_demo(portal.portal, ctx.config.hall)
    return portal


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
    shutdown(ctx)  # the reader and the sync worker stop before the portal goes


def residence_permit_for_card(window: MainWindow, reader: SimulatedReader, qtbot: QtBot) -> None:
    reader.place(LIN)
    qtbot.waitUntil(lambda: window.editor.applicant.from_card(), timeout=5000)
    # Booked online: the appointment is offered, one click takes its service.
    qtbot.waitUntil(lambda: window.editor.appointment_button.isVisible(), timeout=5000)
    window.editor.appointment_button.click()
    assert window.editor.intake is not None and window.editor.intake.code == "310104-GA-JZZ-0001"
    answer(window, "jzz_apply_type", "first")
    answer(window, "jzz_basis", "employment")
    answer(window, "residence_type", "rented")
    fill(window, "residence_address", "北京市朝阳区样本街1号院", qtbot)
    fill(window, "residence_start_date", "2026-05-01", qtbot)
    fill(window, "applicant_phone", "139000", qtbot)  # wrong...
    assert window.editor.form.field_errors["applicant_phone"].text()
    fill(window, "applicant_phone", "13900000001", qtbot)  # ...corrected
    assert not window.editor.form.field_errors["applicant_phone"].text()
    # The ID card is held as an e-certificate on the portal: ticked without paper.
    qtbot.waitUntil(lambda: window.editor.materials.rows["CL-SFZ"].ecert.isChecked(), timeout=5000)


def test_card_to_notice_to_acceptance_to_portal_and_back(
    counter: tuple[MainWindow, SimulatedReader],
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,
) -> None:
    window, reader = counter
    residence_permit_for_card(window, reader, qtbot)
    assert window.editor.materials.missing_names() == [
        "房屋租赁合同或居住证明",
        "劳动合同或就业证明",
    ]
    window.actions_by_name["notice"].trigger()
    notice = print_and_rate(window, qtbot, 4)
    reader.remove()
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    residence_permit_for_card(window, reader, qtbot)
    for code in ("CL-ZLHT", "CL-LDHT"):
        window.editor.materials.rows[code].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    accepted = print_and_rate(window, qtbot, 5)
    # Both cases and both ratings reach the portal, once each.
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, accepted).portal_case_no is not None, timeout=15000
    )
    qtbot.waitUntil(
        lambda: (
            reader_store.conn.execute(
                "SELECT count(*) FROM outbox WHERE state != 'sent'"
            ).fetchone()[0]
            == 0
        ),
        timeout=15000,
    )
    assert casebook.find(reader_store, notice).portal_case_no is not None
    # The window's heartbeat told the portal which Qt it runs (issue 18's fleet).
    import PySide6

    from sync.portal import fleet

    with portal.portal.db.read() as conn:
        [kept] = fleet.fleet(conn, 0.0)["terminals"]
    assert kept["heartbeat"]["qt"] == PySide6.__version__
    assert kept["heartbeat"]["mode"] == "clerk" and kept["heartbeat"]["unsent"] == 0
    # The portal moves the accepted case on; the history shows it after the next pull.
    case_id = casebook.find(reader_store, accepted).id
    from sync.portal import admin

    with portal.portal.db.write() as conn:
        admin.set_case_state(conn, case_id, {"state": "in_progress"}, portal.portal.clock())
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, accepted).state == "in_progress", timeout=15000
    )
    window.show_history()
    qtbot.waitUntil(
        lambda: any(
            r.receipt_no == accepted and r.state == "in_progress" for r, _ in window.history.rows
        ),
        timeout=5000,
    )
    row = next(i for i, (r, _) in enumerate(window.history.rows) if r.receipt_no == accepted)
    table = window.history.table
    # The decision stays beside the portal's progress and the upload.
    assert [table.item(row, c).text() for c in (4, 5, 6)] == ["受理", "办理中", "已上报"]
    notice_row = next(i for i, (r, _) in enumerate(window.history.rows) if r.receipt_no == notice)
    assert [table.item(notice_row, c).text() for c in (4, 5, 6)] == ["补正告知", "—", "已上报"]


def test_with_the_portal_down_the_case_waits_then_syncs(
    counter: tuple[MainWindow, SimulatedReader], qtbot: QtBot, reader_store: Store, link: FaultProxy
) -> None:
    window, reader = counter
    link.refuse()
    qtbot.waitUntil(lambda: "离线" in window.status.portal.text(), timeout=15000)
    residence_permit_for_card_offline(window, reader, qtbot)
    window.actions_by_name["notice"].trigger()
    receipt = print_and_rate(window, qtbot, 3)  # the clerk never waits on the network
    qtbot.waitUntil(
        lambda: "待上报 2" in window.status.waiting.text(), timeout=10000
    )  # the case and its rating
    assert casebook.find(reader_store, receipt).portal_case_no is None
    link.accept()
    qtbot.waitUntil(
        lambda: casebook.find(reader_store, receipt).portal_case_no is not None, timeout=30000
    )
    qtbot.waitUntil(lambda: "在线" in window.status.portal.text(), timeout=15000)
    qtbot.waitUntil(lambda: "待上报 0" in window.status.waiting.text(), timeout=15000)


def residence_permit_for_card_offline(
    window: MainWindow, reader: SimulatedReader, qtbot: QtBot
) -> None:
    reader.place(LIN)
    qtbot.waitUntil(lambda: window.editor.applicant.from_card(), timeout=5000)
    window.editor.picker.query.setText("jzz")
    window.editor.picker._pick_current()
    answer(window, "jzz_apply_type", "first")
    answer(window, "jzz_basis", "employment")
    answer(window, "residence_type", "rented")
    fill(window, "residence_address", "北京市朝阳区样本街1号院", qtbot)


def test_a_failing_printer_says_what_to_do_and_the_retry_prints_once(
    ctx: AppContext, qtbot: QtBot, tmp_path: Path, reader_store: Store
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    ctx.config = replace(ctx.config, printer=f"folder:{blocked}")
    window = open_window(ctx)
    qtbot.addWidget(window)
    window.show()
    lins_notice(window)
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None
    preview.print_button.click()
    qtbot.waitUntil(lambda: "retry" in preview.status.text(), timeout=10000)
    assert "无法写入" in preview.status.text()  # says what is wrong...
    assert preview.print_button.isEnabled()  # ...and offers the retry
    blocked.unlink()  # IT fixes the folder
    preview.print_button.click()
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    jobs = reader_store.conn.execute("SELECT state, attempts FROM print_jobs").fetchall()
    assert [tuple(j) for j in jobs] == [("done", 2)]
    assert len(list(blocked.glob("*.pdf"))) == 1


def lins_notice(window: MainWindow) -> None:
    """LIN's 居住证 at the window, a material short: F10, the one-time notice asked for."""
    window.place_card(LIN)
    window.editor.picker.query.setText("jzz")
    window.editor.picker._pick_current()
    answer(window, "jzz_apply_type", "first")
    answer(window, "jzz_basis", "employment")
    answer(window, "residence_type", "rented")
    window.actions_by_name["notice"].trigger()
