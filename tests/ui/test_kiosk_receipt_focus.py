"""The kiosk's receipt form after a start over: the next citizen's QR scan lands in the receipt box."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.app import shutdown
from ui.context import AppContext
from ui.kiosk.receipt_form import ReceiptForm

from .test_kiosk_queue import kiosk_ctx, open_kiosk

__all__ = ["kiosk_ctx"]


def test_after_a_clear_a_scanned_receipt_goes_into_the_receipt_box(qtbot: QtBot) -> None:
    form = ReceiptForm("XH-W", lambda: "查询", lambda _r, _l: None)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.reference.setFocus()
    qtbot.waitUntil(lambda: form.reference.hasFocus())
    for key in "03202612040012" + "0030":  # one citizen: all 14 digits move on to the ID box
        form.press(key)
    assert form.last4.text() == "0030"
    form.clear()  # what start over does (pages.StatusPage.clear)
    # The next citizen scans the QR on a receipt: the scanner types into the focused box.
    target = QApplication.focusWidget()
    assert target is form.reference, "the scanner would type into the ID-digits box"


def test_the_next_citizens_scan_on_the_status_page_lands_in_the_receipt_box(
    kiosk_ctx: AppContext, qtbot: QtBot
) -> None:
    window = open_kiosk(kiosk_ctx, qtbot)
    try:
        qtbot.waitExposed(window)
        window.activateWindow()
        window.open_page("status")
        form = window.pages["status"].form  # type: ignore[attr-defined]
        form.reference.setFocus()
        qtbot.waitUntil(lambda: form.reference.hasFocus())
        for key in "03202612040012" + "0030":
            form.press(key)
        window.start_over()  # what the idle timer does
        window.open_page("status")  # the next citizen
        assert form.reference.text() == "" and form.last4.text() == ""
        focused = QApplication.focusWidget()
        where = "the ID-digits box" if focused is form.last4 else repr(focused)
        assert focused is form.reference, f"a scan would type into {where}"
    finally:
        window.may_close = True
        shutdown(kiosk_ctx)
