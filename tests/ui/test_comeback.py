"""The return after 补正 at the window, end to end: the card read offers the open notice, the
clerk ticks what arrived and accepts the same case; the portal sees needs_correction become
accepted, once, and the journal names the clerk and the citizen's card."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from devices.cards.simulated import SimulatedReader
from sync.portal import case_events as portal_events
from sync.portal.server import RunningPortal
from terminal import case_events, casebook
from terminal.identity import mask_id_number
from terminal.store import Store
from ui.main_window import MainWindow

from .test_counter_flow import print_and_rate
from .test_full_flow import LIN, counter, portal, residence_permit_for_card  # noqa: F401


def all_sent(store: Store) -> bool:
    return (
        store.conn.execute("SELECT count(*) FROM outbox WHERE state != 'sent'").fetchone()[0] == 0
    )


def test_the_card_offers_the_open_notice_and_the_same_case_is_accepted(
    counter: tuple[MainWindow, SimulatedReader],  # noqa: F811
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,  # noqa: F811
) -> None:
    window, reader = counter
    residence_permit_for_card(window, reader, qtbot)
    window.actions_by_name["notice"].trigger()
    notice = print_and_rate(window, qtbot, 4)
    case_id = casebook.find(reader_store, notice).id
    qtbot.waitUntil(lambda: all_sent(reader_store), timeout=15000)
    reader.remove()
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    # A week later: her card is read, and her open notice is one key away.
    reader.place(LIN)
    qtbot.waitUntil(lambda: window.editor.comeback_button.isVisible(), timeout=5000)
    assert "Ctrl+B" in window.editor.comeback_button.text()
    assert notice in window.editor.comeback.text()
    window.actions_by_name["comeback"].trigger()
    qtbot.waitUntil(lambda: window.editor.returning is not None, timeout=5000)
    editor = window.editor
    assert editor.case_id == case_id and editor.applicant.from_card()
    assert not editor.picker.isEnabled()  # the recorded case's service stays
    assert editor.materials.missing_names() == ["房屋租赁合同或居住证明", "劳动合同或就业证明"]
    for code in ("CL-ZLHT", "CL-LDHT"):
        editor.materials.rows[code].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    assert window.last_receipt == notice  # the same number: her papers belong together
    preview = window.preview
    assert preview is not None
    preview.accept()  # printed or not, the next citizen; her visit was rated at the notice
    qtbot.waitUntil(lambda: window.editor is not editor, timeout=5000)
    row = casebook.find(reader_store, notice)
    assert (row.id, row.decision) == (case_id, "accepted")
    qtbot.waitUntil(lambda: all_sent(reader_store), timeout=15000)
    qtbot.waitUntil(lambda: casebook.find(reader_store, notice).state == "synced", timeout=15000)
    # The portal: one event, and the case accepted from the day of the return.
    with portal.portal.db.read() as conn:
        events = portal_events.history(conn, case_id)
        body = json.loads(
            conn.execute("SELECT body FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
        )
        standing = portal_events.standing(conn, case_id, body)
    assert [e["kind"] for e in events] == ["materials_complete"]
    assert standing["decision"] == "accepted" and standing["missing"] == []
    assert body["decision"] == "needs_correction"  # the case as it first came stays
    # The journal: the clerk who took it back, and the citizen's card read at the counter.
    entries = reader_store.conn.execute(
        "SELECT action, actor, details FROM journal ORDER BY seq"
    ).fetchall()
    (returned,) = [e for e in entries if e[0] == "case.materials_complete"]
    assert returned[1] == "wang.li"
    assert json.loads(returned[2])["citizen"] == mask_id_number(LIN.id_number)
    assert LIN.id_number not in "".join(e[2] for e in entries)
    (local,) = case_events.events_of(reader_store.conn, case_id)
    assert local["sync"] == "sent"
