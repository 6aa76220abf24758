"""Correction, void and withdrawal at the window, end to end: the clerk asks, a supervisor
signs in where one is needed, the document prints again (marked, or the record), the portal
sees each event once and in the right state, and the journal names everyone involved."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog
from pytestqt.qtbot import QtBot

from devices.cards.simulated import SimulatedReader
from sync.portal import case_events as portal_events
from sync.portal.server import RunningPortal
from terminal import casebook, clerks
from terminal.clock import now
from terminal.identity import mask_id_number
from terminal.store import Store
from ui.case_actions import CaseActionDialog
from ui.main_window import MainWindow
from ui.widgets.approval_dialog import ApprovalDialog
from ui.widgets.lookup_dialog import LookupDialog

from .test_counter_flow import print_and_rate
from .test_full_flow import LIN, counter, portal, residence_permit_for_card  # noqa: F401


def accepted_case(window: MainWindow, reader: SimulatedReader, qtbot: QtBot) -> str:
    residence_permit_for_card(window, reader, qtbot)
    for code in ("CL-ZLHT", "CL-LDHT"):
        window.editor.materials.rows[code].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    return print_and_rate(window, qtbot, 5)


def answering(qtbot: QtBot, receipt: str, fill: dict[str, Any]) -> Any:
    """The window's dialogs, answered as the clerk and the supervisor would."""

    def run(dialog: QDialog) -> bool:
        if isinstance(dialog, QInputDialog):
            dialog.setTextValue(receipt)
            return True
        if isinstance(dialog, LookupDialog):  # a withdrawal: her card is on the reader
            dialog.number.setText(receipt)
            dialog.check()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, CaseActionDialog):
            if "name" in fill:
                dialog.name.setText(fill["name"])
            dialog.reason.setText(fill["reason"])
            dialog.check()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, ApprovalDialog):
            dialog.username.setText("zhou.sup")
            dialog.password.setText("s3cret-pass")
            dialog.submit()
            qtbot.waitUntil(lambda: dialog.approval is not None, timeout=5000)
            return True
        raise AssertionError(f"unexpected dialog {dialog!r}")

    return run


def printed(window: MainWindow, qtbot: QtBot, before: Any) -> str:
    qtbot.waitUntil(
        lambda: window.preview is not before and window.preview is not None, timeout=10000
    )
    preview = window.preview
    assert preview is not None
    title = preview.windowTitle()
    preview.accept()
    return title


def on_portal(portal: RunningPortal, case_id: str) -> tuple[str, list[str]]:  # noqa: F811
    with portal.portal.db.read() as conn:
        state = conn.execute("SELECT state FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
        kinds = [e["kind"] for e in portal_events.history(conn, case_id)]
    return str(state), kinds


def test_correct_then_void_with_a_supervisor_and_withdraw_by_card(
    counter: tuple[MainWindow, SimulatedReader],  # noqa: F811
    qtbot: QtBot,
    reader_store: Store,
    portal: RunningPortal,  # noqa: F811
    monkeypatch: Any,
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
    first = accepted_case(window, reader, qtbot)
    case_id = casebook.find(reader_store, first).id
    # 更正: the name was typed wrong; the supervisor signs in; the receipt is re-issued.
    fix = {"name": LIN.name + "改", "reason": "姓名录错"}
    monkeypatch.setattr(window, "run_dialog", answering(qtbot, first, fix))
    before = window.preview
    window.actions_by_name["corrected"].trigger()
    printed(window, qtbot, before)
    assert casebook.find(reader_store, first).applicant_name == LIN.name + "改"
    qtbot.waitUntil(lambda: on_portal(portal, case_id)[1] == ["corrected"], timeout=15000)
    # 作废: accepted in error; the supervisor again; the record prints.
    monkeypatch.setattr(window, "run_dialog", answering(qtbot, first, {"reason": "事项选错"}))
    before = window.preview
    window.actions_by_name["voided"].trigger()
    printed(window, qtbot, before)
    assert casebook.find(reader_store, first).state == "voided"
    qtbot.waitUntil(lambda: on_portal(portal, case_id)[0] == "voided", timeout=15000)
    assert on_portal(portal, case_id)[1] == ["corrected", "voided"]
    # 撤回: a second case, withdrawn at her request with her card on the reader.
    reader.remove()
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    second = accepted_case(window, reader, qtbot)
    other = casebook.find(reader_store, second).id
    reader.remove()
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    reader.place(LIN)
    qtbot.waitUntil(lambda: window.editor.applicant.from_card(), timeout=5000)
    monkeypatch.setattr(window, "run_dialog", answering(qtbot, second, {"reason": "不办了"}))
    before = window.preview
    window.actions_by_name["withdrawn"].trigger()
    printed(window, qtbot, before)
    qtbot.waitUntil(lambda: on_portal(portal, other)[0] == "withdrawn", timeout=15000)
    # Each once, and the journal names the clerk, the supervisor and the citizen.
    rows = reader_store.conn.execute(
        "SELECT action, actor, details FROM journal WHERE action IN"
        " ('case.corrected', 'case.voided', 'case.withdrawn', 'approval.given') ORDER BY seq"
    ).fetchall()
    actions = [(r[0], r[1]) for r in rows]
    assert actions == [
        ("approval.given", "zhou.sup"),
        ("case.corrected", "wang.li"),
        ("approval.given", "zhou.sup"),
        ("case.voided", "wang.li"),
        ("case.withdrawn", "wang.li"),
    ]
    details = [json.loads(r[2]) for r in rows]
    assert details[1]["approved_by"] == details[3]["approved_by"] == "zhou.sup"
    assert details[1]["fields"] == ["applicant.name"]  # only what the clerk changed
    assert details[4]["citizen"] == mask_id_number(LIN.id_number) and details[4]["proof"] == "card"
    sent = reader_store.conn.execute(
        "SELECT state, count(*) FROM outbox WHERE kind = 'case.event' GROUP BY state"
    ).fetchall()
    assert [tuple(r) for r in sent] == [("sent", 3)]
