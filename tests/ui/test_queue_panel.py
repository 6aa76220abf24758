"""The window's queue panel against the reference portal: F5 calls the next citizen,
call again, skip, transfer; with the portal gone, only this terminal's own tickets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from devices.cards.simulated import SimulatedReader
from terminal import hall
from terminal.clock import now
from terminal.store import open_store
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.queue_link import QueueLink
from ui.widgets.queue_panel import QueuePanel

from ..sync.faultproxy import FaultProxy
from . import test_full_flow as flow

# The full flow's fixtures: the reference portal behind a fault proxy, an enrolled window.
portal, counter = flow.portal, flow.counter  # the seeded portal and the enrolled window


@pytest.fixture
def panel(counter: tuple[MainWindow, SimulatedReader], ctx: AppContext, qtbot: QtBot) -> QueuePanel:
    window, _reader = counter
    queue_link = QueueLink(ctx)
    queue_link.start()
    window.links.attach_queue(queue_link)
    assert window.links.queue_panel is not None
    return window.links.queue_panel


def ticket(ctx: AppContext, number: str) -> hall.Ticket:
    store = open_store(ctx.data_dir / "tongban.db")
    try:
        return hall.find(store.conn, number, hall.day_of(now()))
    finally:
        store.close()


def done(panel: QueuePanel, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not panel.busy, timeout=15000)


def test_f5_calls_the_next_citizen_then_again_skip_and_transfer(
    panel: QueuePanel, counter: tuple[MainWindow, SimulatedReader], ctx: AppContext, qtbot: QtBot
) -> None:
    window, _ = counter
    # The portal's seeded tickets reach the store through the sync worker's pull.
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.waiting_total > 0, timeout=15000)
    first = panel.view.waiting[0].ticket_no  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_F5)
    done(panel, qtbot)
    qtbot.waitUntil(lambda: first in panel.current.text(), timeout=10000)
    assert "已呼叫" in panel.message.text()
    assert ticket(ctx, first).state == "called" and ticket(ctx, first).window == 3

    panel.press("again")
    done(panel, qtbot)
    assert ticket(ctx, first).calls == 2

    panel.press("skip")
    done(panel, qtbot)
    qtbot.waitUntil(
        lambda: any(
            first in panel.recent.item(i).text() and "过号" in panel.recent.item(i).text()
            for i in range(panel.recent.count())
        ),
        timeout=10000,
    )
    assert ticket(ctx, first).state == "missed"
    assert "无" in panel.current.text()

    # Called again from the recently-called list, then sent to window 5.
    panel.call_again(ticket(ctx, first).id)
    done(panel, qtbot)
    qtbot.waitUntil(lambda: first in panel.current.text(), timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    dialog = panel.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    # OK without a target, or to this very window, is refused with a reason; the dialog stays.
    qtbot.keyClick(dialog.window_no, Qt.Key.Key_Return)
    assert dialog.isVisible() and "窗口号" in dialog.error.text()
    qtbot.keyClicks(dialog.window_no, "3")
    qtbot.keyClick(dialog.window_no, Qt.Key.Key_Return)
    assert dialog.isVisible() and "本窗口" in dialog.error.text()
    assert ticket(ctx, first).state == "called"
    # The window number typed, Enter: sent.
    dialog.window_no.clear()
    qtbot.keyClicks(dialog.window_no, "5")
    qtbot.keyClick(dialog.window_no, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    done(panel, qtbot)
    moved = ticket(ctx, first)
    assert (moved.state, moved.target_window) == ("transferred", 5)
    qtbot.waitUntil(lambda: first not in panel.current.text(), timeout=10000)


def test_with_the_portal_gone_the_window_calls_only_its_own_tickets(
    panel: QueuePanel, link: FaultProxy, ctx: AppContext, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.waiting_total > 0, timeout=15000)
    link.refuse()
    taken: list[object] = []
    panel.link.run(lambda hall: hall.take("A"), taken.append, taken.append)
    qtbot.waitUntil(lambda: bool(taken), timeout=15000)
    own = taken[0].ticket.ticket_no  # type: ignore[attr-defined]
    assert own.startswith("A3-"), "offline, the number comes from window 3's own range"

    panel.press("next")
    done(panel, qtbot)
    qtbot.waitUntil(lambda: own in panel.current.text(), timeout=10000)
    assert "平台未连接" in panel.link_state.text()
    # The portal's own tickets still wait: only the portal may call them.
    portal_waiting = [t for t in panel.view.waiting if "-" not in t.ticket_no]  # type: ignore[union-attr]
    assert portal_waiting and all(t.state == "waiting" for t in portal_waiting)
    store = open_store(ctx.data_dir / "tongban.db")
    try:
        untouched = store.conn.execute(
            "SELECT count(*) FROM queue_tickets WHERE origin = 'portal' AND called_at IS NULL"
            " AND state = 'waiting'"
        ).fetchone()[0]
    finally:
        store.close()
    assert untouched == len(portal_waiting) > 0  # none of them was called from here

    panel.press("next")  # nothing of its own is left
    done(panel, qtbot)
    assert "没有等候的人" in panel.message.text()


def test_an_appointment_ticket_goes_first_and_its_service_is_offered(
    panel: QueuePanel, counter: tuple[MainWindow, SimulatedReader], qtbot: QtBot
) -> None:
    window, _ = counter
    qtbot.waitUntil(lambda: panel.view is not None and bool(panel.view.appointments), timeout=15000)
    booked = panel.view.appointments[0]  # type: ignore[union-attr]
    shown = panel.booked.item(0).text()
    assert booked["applicant_name"] not in shown and "*" in shown, "names are masked"
    taken: list[object] = []
    panel.link.run(
        lambda hall: hall.take(booked["intake_code"], appointment_id=booked["id"]),
        taken.append,
        taken.append,
    )
    qtbot.waitUntil(lambda: bool(taken), timeout=15000)
    number = taken[0].ticket.ticket_no  # type: ignore[attr-defined]

    panel.press("next")  # tickets issued earlier wait, but the appointment goes first
    done(panel, qtbot)
    qtbot.waitUntil(lambda: number in panel.current.text(), timeout=10000)
    assert "预约" in panel.current.text()
    assert window.editor.appointment_button.isVisible()
    assert "居住证" in window.editor.appointment.text()


def test_a_broken_groups_file_leaves_the_panel_working_and_says_what_is_wrong(
    window: MainWindow, ctx: AppContext
) -> None:
    (ctx.data_dir / "queue_groups.json").write_text('{"groups": [', "utf-8")
    window.links.attach_queue(QueueLink(ctx, listen=False))  # the shipped groups stand in
    assert window.links.queue_panel is not None and window.links.queue_panel.groups.groups
    assert "queue_groups.json" in window.statusBar().currentMessage()


def test_a_key_file_that_cannot_be_used_leaves_the_terminal_offline_not_down(
    ctx: AppContext,
) -> None:
    from sync.link.keys import key_path
    from ui.bridge import Bridge

    path = key_path(ctx.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a key", "utf-8")
    path.chmod(0o600)
    bridge = Bridge(ctx)
    assert bridge.start_sync() is False  # and the kiosk or window starts, offline
    assert bridge.sync is None
