"""A whole counter visit, driven as a clerk drives it: keys and clicks, offscreen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from devices.cards.events import DocumentRead
from terminal import casebook, drafts, journal
from terminal.clock import now
from terminal.ratings import LOW
from terminal.store import Store, open_store
from ui.demo import sample_cards
from ui.main_window import MainWindow
from ui.widgets.reject_dialog import RejectDialog


def answer(window: MainWindow, qid: str, value: str) -> None:
    box = window.editor.form.question_boxes[qid]
    box.setCurrentIndex(box.findData(value))


def fill(window: MainWindow, fid: str, text: str, qtbot: QtBot) -> None:
    edit = window.editor.form.field_inputs[fid]
    assert isinstance(edit, QLineEdit)
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest types ASCII only; an input method commits Chinese as a whole string
        edit.insert(text)
        edit.textEdited.emit(edit.text())
    edit.editingFinished.emit()


def start_residence_permit(window: MainWindow, qtbot: QtBot) -> None:
    window.place_card(sample_cards()[0])
    qtbot.keyClicks(window.editor.picker.query, "jzz")
    qtbot.keyClick(window.editor.picker.query, Qt.Key.Key_Return)
    assert window.editor.intake is not None and window.editor.intake.code == "310104-GA-JZZ-0001"
    answer(window, "jzz_apply_type", "first")
    answer(window, "jzz_basis", "employment")
    answer(window, "residence_type", "rented")
    fill(window, "residence_address", "上海市徐汇区示例路88号", qtbot)
    fill(window, "residence_start_date", "2026-05-01", qtbot)


class CitizenScreen:
    """A second screen, facing the citizen (offscreen Qt has one screen only)."""

    def availableGeometry(self) -> QRect:
        return QRect(1366, 0, 1024, 768)


def with_citizen_screen(window: MainWindow) -> CitizenScreen:
    screen = CitizenScreen()
    window.citizen_side.screens = lambda: [window.screen(), screen]
    return screen


def print_and_rate(window: MainWindow, qtbot: QtBot, level: int) -> str:
    """Print, close the preview, rate on the citizen's screen (a low level with its first
    preset reason). The rating is on a second screen only: tests that rate give one."""
    with_citizen_screen(window)
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None and preview.pages() >= 1
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: preview.print_button.text() != "" and "完成" in preview.status.text(), timeout=10000
    )
    receipt = window.last_receipt
    assert receipt
    preview.accept()
    qtbot.waitUntil(lambda: window.rating is not None and window.rating.isVisible(), timeout=5000)
    rating = window.rating
    assert rating is not None
    qtbot.keyClick(rating, str(level))
    if level in LOW:
        assert rating.isVisible() and rating.reasons.isVisible()  # why, before it is saved
        qtbot.keyClick(rating, "1")
    qtbot.waitUntil(lambda: not rating.isVisible(), timeout=5000)
    return receipt


def test_a_card_read_puts_the_keyboard_in_the_service_search(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The clerk's next keys after a card read are the service's letters (jzz), not text in
    whatever field they were in: the read moves the keyboard focus to the service search."""
    # Offscreen, a shown window is not active until asked; focus follows only the active one.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    typing_in = window.editor.applicant.name  # where a new case puts the clerk
    typing_in.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is typing_in, timeout=5000)
    card = sample_cards()[0]
    window.on_card_event(DocumentRead("sim", card, (), 0.0, read_seconds=0.1, wire_seconds=0.05))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor.picker.query, timeout=5000)
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, "jzz")  # the keyboard types where the focus is
    assert window.editor.picker.query.text() == "jzz"


def test_notice_then_acceptance_with_print_and_rating(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    start_residence_permit(window, qtbot)
    # A wrong phone number is named next to the field; the clerk corrects it.
    fill(window, "applicant_phone", "1380000", qtbot)
    assert "11位" in window.editor.form.field_errors["applicant_phone"].text()
    fill(window, "applicant_phone", "13800000088", qtbot)
    assert window.editor.form.field_errors["applicant_phone"].text() == ""
    # Only the ID card was brought: the checklist says what is missing.
    window.editor.materials.rows["CL-SFZ"].originals.setValue(1)
    assert window.editor.materials.missing_names() == [
        "房屋租赁合同或居住证明",
        "劳动合同或就业证明",
    ]
    # Accepting is refused with the reason; the one-time notice is issued instead (F10).
    window.actions_by_name["accept"].trigger()
    assert "一次性告知" in window.last_warning.text()
    window.last_warning.close()
    window.actions_by_name["notice"].trigger()
    notice_receipt = print_and_rate(window, qtbot, 3)
    # The citizen comes back with everything.
    qtbot.waitUntil(lambda: window.editor.intake is None, timeout=5000)
    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    for code in ("CL-SFZ", "CL-ZLHT", "CL-LDHT"):
        window.editor.materials.rows[code].originals.setValue(1)
    window.actions_by_name["accept"].trigger()
    accept_receipt = print_and_rate(window, qtbot, 5)
    window.ctx.store_jobs.wait_idle()
    window.ctx.print_jobs.wait_idle()
    qtbot.waitUntil(
        lambda: reader_store.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 2,
        timeout=5000,
    )

    notice = casebook.find(reader_store, notice_receipt)
    accepted = casebook.find(reader_store, accept_receipt)
    assert (notice.decision, accepted.decision) == ("needs_correction", "accepted")
    assert notice.id_number == accepted.id_number == sample_cards()[0].id_number
    jobs = reader_store.conn.execute(
        "SELECT document, state FROM print_jobs ORDER BY created_at"
    ).fetchall()
    assert [tuple(j) for j in jobs] == [("notice", "done"), ("receipt", "done")]
    assert len(list((window.ctx.data_dir / "prints").glob("*.pdf"))) == 2
    levels = [
        r[0] for r in reader_store.conn.execute("SELECT level FROM ratings ORDER BY created_at")
    ]
    assert levels == [3, 5]
    kinds = [r[0] for r in reader_store.conn.execute("SELECT kind FROM outbox ORDER BY id")]
    assert sorted(kinds) == ["case.push", "case.push", "rating.push", "rating.push"]
    assert journal.verify(reader_store.conn).ok


def test_rejection_by_keyboard_with_the_services_preset_reason_and_basis(
    window: MainWindow, qtbot: QtBot, reader_store: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """F11; Enter on an empty reason goes on to the basis, OK is refused until both are there;
    the service's presets come by number; Enter decides. No mouse."""
    start_residence_permit(window, qtbot)
    seen: dict[str, object] = {}

    def answer_dialog(dialog: RejectDialog) -> bool:
        dialog.show()
        assert dialog.preset.count() >= 3  # 自行填写 + the service's own + the common ones
        qtbot.keyClick(dialog.preset, Qt.Key.Key_Return)  # 自行填写: on to the reason
        assert dialog.focusWidget() is dialog.reason
        qtbot.keyClicks(dialog.reason, "abc")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter goes on, types nothing
        assert dialog.focusWidget() is dialog.basis and dialog.reason.text() == "abc"
        qtbot.keyClick(dialog.basis, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        seen["refused"] = dialog.error.text()
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.preset.setFocus()
        qtbot.keyClick(dialog.preset, "1")  # the first preset, by its number
        assert dialog.basis.text() == "《居住证暂行条例》第二条"
        qtbot.keyClick(dialog.preset, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(window, "run_dialog", answer_dialog)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert "必须填写" in str(seen["refused"])
    receipt = print_and_rate(window, qtbot, 1)
    window.ctx.store_jobs.wait_idle()
    case = casebook.load_detail(reader_store, receipt)
    assert case["decision"] == "rejected" and case["legal_basis"] == "《居住证暂行条例》第二条"
    assert "六个月" in case["reason"]


def test_everything_typed_survives_a_restart(
    window: MainWindow, qtbot: QtBot, ctx, reader_store: Store
) -> None:  # type: ignore[no-untyped-def]
    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    qtbot.waitUntil(lambda: bool(drafts.open_drafts(reader_store, "XH-W03")), timeout=5000)
    case_id, _, payload = drafts.open_drafts(reader_store, "XH-W03")[0]
    assert (
        payload["intake"] == "310104-GA-JZZ-0001"
        and payload["form"]["applicant_phone"] == "13800000088"
    )
    # A new window (after a crash) resumes it.
    from ui.app import open_window

    second = open_window(ctx)
    qtbot.addWidget(second)
    second.resume(case_id, payload)
    assert second.editor.form.answers()["jzz_basis"] == "employment"
    combo = second.editor.form.question_boxes["residence_type"]
    assert isinstance(combo, QComboBox) and combo.currentData() == "rented"
    assert second.editor.case_id == case_id


def test_a_draft_whose_service_left_the_catalogue_keeps_the_applicant_and_says_so(
    window: MainWindow, qtbot: QtBot, ctx, reader_store: Store
) -> None:  # type: ignore[no-untyped-def]
    start_residence_permit(window, qtbot)
    qtbot.waitUntil(lambda: bool(drafts.open_drafts(reader_store, "XH-W03")), timeout=5000)
    case_id, _, payload = drafts.open_drafts(reader_store, "XH-W03")[0]
    # The portal's new catalogue version, taken at this start, no longer has the service.
    payload = {**payload, "intake": "310104-GA-GONE-0001"}
    from ui.app import open_window

    second = open_window(ctx)
    qtbot.addWidget(second)
    second.resume(case_id, payload)
    assert second.editor.applicant.applicant() is not None  # the citizen is not asked again
    assert second.editor.intake is None
    assert "310104-GA-GONE-0001" in second.last_warning.text()
    second.last_warning.close()


def test_a_citizen_checked_in_at_the_kiosk_is_still_offered_their_booking_at_the_counter(
    window: MainWindow, qtbot: QtBot, data_dir: Path
) -> None:
    card = sample_cards()[0]
    today, last_week = now().date(), now().date() - timedelta(days=7)
    store = open_store(data_dir / "tongban.db")
    with store.write():
        for appointment_id, day, state in (
            ("YY-OLD", last_week, "booked"),
            ("YY-NOW", today, "arrived"),
        ):
            store.conn.execute(
                "INSERT INTO appointments (id, hall, intake_code, slot_start, slot_end,"
                " applicant_name, id_number, state, portal_seq, updated_at)"
                " VALUES (?, '徐汇区行政服务中心', '310104-GA-JZZ-0001', ?, ?, ?, ?, ?, 1, ?)",
                (
                    appointment_id,
                    f"{day.isoformat()}T09:00:00+08:00",
                    f"{day.isoformat()}T09:30:00+08:00",
                    card.name,
                    card.id_number,
                    state,
                    now().isoformat(),
                ),
            )
    store.close()
    window.place_card(card)
    # Today's booking, though the kiosk marked it arrived; not last week's missed one.
    qtbot.waitUntil(lambda: window.editor.appointment.isVisible(), timeout=5000)
    assert today.isoformat() in window.editor.appointment.text()
    assert window.editor.appointment_code == "310104-GA-JZZ-0001"


def test_an_idle_window_locks_hides_the_case_and_unlocks_with_a_sign_in(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_residence_permit(window, qtbot)
    window.lock()  # what the idle timer does after idle_lock_minutes
    lock = window.idle_lock
    assert lock is not None and lock.locked and not window.centralWidget().isVisible()
    dialog = lock.dialog
    assert dialog is not None
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: "不正确" in dialog.message.text(), timeout=5000)
    dialog.password.setText("long-enough-1")
    dialog.submit()
    qtbot.waitUntil(lambda: not lock.locked, timeout=5000)
    assert window.centralWidget().isVisible()
    assert window.editor.intake is not None  # the case in progress is still there


def test_the_lock_hides_a_receipt_left_open_in_the_preview_too(
    window: MainWindow, qtbot: QtBot
) -> None:
    from ui.widgets.print_preview import PrintPreview

    window.preview = PrintPreview(b"", "XH-W03-20261126-0001", window)
    window.preview.show()
    window.lock()
    lock = window.idle_lock
    assert lock is not None and lock.locked and not window.preview.isVisible()
    dialog = lock.dialog
    assert dialog is not None
    dialog.password.setText("long-enough-1")
    dialog.submit()
    qtbot.waitUntil(lambda: not lock.locked, timeout=5000)
    assert window.preview.isVisible()  # the clerk's work, back as it was
