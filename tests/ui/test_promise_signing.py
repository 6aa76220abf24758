"""告知承诺 at the window (issue 16): the clerk ticks it on a material the catalogue allows;
the citizen reads the 告知承诺书 and signs on their screen; the envelope is kept with the
case, its hash journaled with it, and the receipt prints the 告知承诺书 with the signature."""

from __future__ import annotations

import json
import subprocess

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from terminal import casebook, journal, signatures
from terminal.attachments import files, records
from terminal.store import Store
from ui.main_window import MainWindow
from ui.widgets.signature_pad import SignatureDialog

from .test_counter_flow import fill, start_residence_permit, with_citizen_screen


def open_signing(window: MainWindow, qtbot: QtBot, code: str = "CL-ZLHT") -> SignatureDialog:
    window.editor.materials.rows[code].pledge.setChecked(True)
    qtbot.waitUntil(lambda: window.signing is not None and window.signing.isVisible())
    dialog = window.signing
    assert dialog is not None
    return dialog


def sign(dialog: SignatureDialog) -> None:
    pad = dialog.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(30, 60))
    for x, y in ((70, 40), (110, 80), (150, 50)):
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(150, 50)
    )
    dialog.sign_button.click()


def test_a_promise_signed_on_the_citizens_screen_is_kept_journaled_and_printed(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    citizen = with_citizen_screen(window)
    start_residence_permit(window, qtbot)
    fill(window, "applicant_phone", "13800000088", qtbot)
    rows = window.editor.materials.rows
    for code in ("CL-SFZ", "CL-LDHT"):
        rows[code].originals.setValue(1)
    assert window.editor.materials.missing_names() == ["房屋租赁合同或居住证明"]
    dialog = open_signing(window, qtbot)
    # On the citizen's screen, the 告知承诺书 beside the pad: the catalogue's text, the 核查 day.
    assert dialog.geometry() == citizen.availableGeometry()
    promise = window.ctx.catalogue.materials["CL-ZLHT"].promise
    assert promise is not None and promise.text in dialog.text.toPlainText()
    assert "核查期限" in dialog.text.toPlainText()
    shown = dialog.text.toPlainText()
    sign(dialog)
    checklist = window.editor.materials
    qtbot.waitUntil(lambda: "CL-ZLHT" in checklist.pledges, timeout=5000)
    assert checklist.missing_names() == []
    assert rows["CL-ZLHT"].status.text() == "告知承诺"
    window.actions_by_name["accept"].trigger()
    qtbot.waitUntil(
        lambda: window.preview is not None and window.preview.isVisible(), timeout=10000
    )
    preview = window.preview
    assert preview is not None and preview.pages() >= 2  # the receipt, then the 告知承诺书
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "完成" in preview.status.text(), timeout=10000)
    window.ctx.store_jobs.wait_idle()
    receipt = window.last_receipt
    assert receipt
    case = casebook.load_detail(reader_store, receipt)
    pledge = case["materials"]["pledges"]["CL-ZLHT"]
    # The envelope is an attachment of the case, and verifies against what was shown.
    listed = records.of_case(reader_store.conn, case["id"])
    assert [(a.material, a.sha256) for a in listed] == [("CL-ZLHT", pledge["envelope"])]
    folder = files.attachments_folder(window.ctx.data_dir)
    envelope = signatures.from_bytes(files.read_file(folder, pledge["envelope"]))
    assert signatures.verify(envelope, shown.encode(), journaled_hash=pledge["hash"])
    assert not signatures.verify(envelope, shown.replace("真实", "不实").encode())
    # Journaled in the case's own entry (one transaction with the case).
    entry = next(e for e in journal.recent(reader_store.conn) if e.action == "case.decided")
    assert entry.details["pledges"]["CL-ZLHT"] == {
        "hash": envelope["hash"],
        "verify_by": pledge["verify_by"],
    }
    assert (
        json.loads(
            reader_store.conn.execute(
                "SELECT body FROM outbox WHERE case_id = ?", (case["id"],)
            ).fetchone()[0]
        )["materials"]["pledges"]["CL-ZLHT"]["hash"]
        == envelope["hash"]
    )
    # Printed: the receipt names the promise, the 告知承诺书 follows with the signature.
    pdf = max((window.ctx.data_dir / "prints").glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "告知承诺（承诺书另页）" in text and "告知承诺书" in text
    assert "本人承诺" in text and "核查期限" in text and "承诺人（签名）" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert "smask" in images.stdout  # the transparent signature picture


def test_no_signature_no_promise_and_never_for_the_id_card(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_residence_permit(window, qtbot)
    rows = window.editor.materials.rows
    # The ID card: neither 告知承诺 nor 容缺 can be ticked.
    assert not rows["CL-SFZ"].pledge.isEnabled() and not rows["CL-SFZ"].promise.isEnabled()
    assert rows["CL-ZLHT"].pledge.isEnabled()
    dialog = open_signing(window, qtbot)  # one screen only: a dialog over the window
    assert dialog.parent() is window
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: window.signing is None)
    assert not rows["CL-ZLHT"].pledge.isChecked()
    assert "房屋租赁合同或居住证明" in window.editor.materials.missing_names()
    assert not window.editor.materials.given().pledges


def test_in_an_agents_case_the_agent_signs_the_promise_for_the_applicant(
    window: MainWindow, qtbot: QtBot, reader_store: Store
) -> None:
    """The signature is the person who drew it: the 代办人 at the counter, read from their
    own card, named in the text as signing for the applicant (the 承诺人)."""
    from devices.cards.samples import SAMPLE_CITIZENS
    from terminal.identity import mask_id_number
    from terminal.pledges import promise_pages

    agent = next(c for c in SAMPLE_CITIZENS.values() if c.name == "林样本")
    start_residence_permit(window, qtbot)
    parties = window.editor.parties
    parties.choose("agent")
    # No agent read yet: nobody is asked to sign, and the clerk is told why.
    window.editor.materials.rows["CL-ZLHT"].pledge.setChecked(True)
    assert window.signing is None and not window.editor.materials.rows["CL-ZLHT"].pledge.isChecked()
    assert window.last_warning is not None and "代办人" in window.last_warning.text()
    window.last_warning.close()
    parties.take_agent(agent, None, "parent")
    dialog = open_signing(window, qtbot)
    shown = dialog.text.toPlainText()
    applicant = window.editor.applicant.applicant()
    assert applicant is not None
    assert f"承诺人：{applicant.name}" in shown
    assert f"代为签署：{agent.name}（证件号码 {mask_id_number(agent.id_number)}）" in shown
    sign(dialog)
    checklist = window.editor.materials
    qtbot.waitUntil(lambda: "CL-ZLHT" in checklist.pledges, timeout=5000)
    pledge = checklist.pledges["CL-ZLHT"]
    folder = files.attachments_folder(window.ctx.data_dir)
    envelope = signatures.from_bytes(files.read_file(folder, pledge.envelope))
    assert envelope["signer"]["id_masked"] == mask_id_number(agent.id_number)
    given = {"pledges": {"CL-ZLHT": pledge.to_json()}}
    (page,) = promise_pages(given, folder)
    assert page.signer_label == "代办人（签名）："
