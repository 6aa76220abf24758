"""告知承诺 at the window (issue 16): the clerk ticks "告知承诺" on a material the catalogue
allows it for; the 告知承诺书 (the catalogue's text, the service, the applicant as read from
their card, the 核查 day) is shown and the citizen signs beside it, on the citizen-facing
screen where there is one (chosen as the rating chooses it, ui/citizen_rating.py), else in a
dialog over the window. The envelope is stored as an attachment of the case (off the GUI
thread) and the promise counts only once it is; the decision lists it with the case, its
hash goes into the case's journal entry, and the receipt's print carries the 告知承诺书 with
the signature (terminal/documents/promise.py). Not signed, or timed out: the tick is taken
back and the material is missing again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from terminal.clock import now, stamp

if TYPE_CHECKING:
    from terminal.store import Store
    from ui.main_window import MainWindow
    from ui.widgets.case_editor import CaseEditor


def install(window: MainWindow, editor: CaseEditor) -> None:
    checklist = editor.materials

    def untick(code: str) -> None:
        row = checklist.rows.get(code)
        if row is not None:
            row.pledge.blockSignals(True)
            row.pledge.setChecked(False)
            row.pledge.blockSignals(False)
        checklist.pledges.pop(code, None)
        editor.signed.pop(code, None)
        checklist.recompute()

    def toggled(code: str, on: bool) -> None:
        if not on:
            untick(code)
            editor.draft_changed.emit()
            return
        ask(window, editor, code, untick)

    checklist.pledge_toggled.connect(toggled)


def ask(window: MainWindow, editor: CaseEditor, code: str, untick: Any) -> None:
    from terminal import pledges
    from ui.citizen_rating import citizen_screen
    from ui.widgets.signature_pad import SignatureDialog, envelope_maker

    ctx, checklist = window.ctx, editor.materials
    row = checklist.rows.get(code)
    applicant = editor.applicant.applicant()
    if row is None or editor.intake is None or applicant is None:
        untick(code)
        window.warn(
            QCoreApplication.translate(
                "WindowSigning", "请先读取申请人证件（或录入申请人），再让申请人签署告知承诺书。"
            )
        )
        return
    # In an agent's case the agent at the counter signs, for the applicant, and the text says
    # so: a signature is the person who drew it (as for the confirmations, ui/before_record.py).
    signer = applicant
    if editor.parties.kind == "agent":
        agent_panel = editor.parties.agent_if_built
        agent = agent_panel.applicant() if agent_panel is not None else None
        if agent is None:
            untick(code)
            window.warn(
                QCoreApplication.translate(
                    "WindowSigning",
                    "代办：请先读取代办人证件（或录入代办人），再由代办人签署告知承诺书。",
                )
            )
            return
        signer = agent
    material = row.req.material
    check_day = pledges.verify_by(material, now().date(), ctx.calendar)
    text = pledges.document_text(
        material=material,
        service=editor.intake.name,
        name=applicant.name,
        id_number=applicant.id_number,
        case_id=editor.case_id,
        check_day=check_day,
        signed_by=(signer.name, signer.id_number) if signer is not applicant else None,
    )
    from sync.errors import SyncError
    from sync.link.keys import signing_tie_key
    from terminal.signatures import Signer  # with the first promise, not before the first paint

    try:
        tie_key = signing_tie_key(ctx.data_dir)
    except SyncError as e:  # enrolled, but the key cannot tie the signature: no promise
        untick(code)
        window.warn(e.text())
        return
    make = envelope_maker(
        title=pledges.TITLE,
        purpose="promise",
        signer=Signer.from_card(signer.id_number, tie_key),
        terminal_id=ctx.config.terminal_id,
        at=now,
    )
    dialog = SignatureDialog(text, pledges.TITLE, make, window)
    screen = citizen_screen(window.citizen_side.screens(), window.screen())
    if screen is not None:
        dialog.place_on(screen)  # the citizen's side: the clerk's screen stays the clerk's
    window.signing = dialog

    def finished(_result: int) -> None:
        window.signing = None
        envelope = dialog.envelope
        if envelope is None:
            untick(code)
            if dialog.timed_out:
                window.warn(
                    QCoreApplication.translate(
                        "WindowSigning",
                        "申请人未在规定时间内签名：告知承诺未作出，该材料仍为缺件。",
                    )
                )
            return
        store_envelope(window, editor, code, envelope, check_day, untick)

    dialog.finished.connect(finished)
    dialog.open()


def store_envelope(
    window: MainWindow,
    editor: CaseEditor,
    code: str,
    envelope: dict[str, Any],
    check_day: Any,
    untick: Any,
) -> None:
    """The envelope into the attachments folder on the store worker, then the promise counts."""
    from terminal.attachments import files
    from terminal.attachments.model import Attachment
    from terminal.pledges import Pledge
    from terminal.signatures import to_bytes

    ctx = window.ctx
    data = to_bytes(envelope)
    folder = files.attachments_folder(ctx.data_dir)
    clerk = ctx.clerk_name

    def put(_store: Store) -> str:
        return files.put_file(folder, data)

    def stored(sha256: str) -> None:
        row = editor.materials.rows.get(code)
        if row is None or not row.pledge.isChecked():
            return  # the service or the answers changed meanwhile: the file stays unlisted
        editor.signed[code] = Attachment(code, sha256, 1, len(data), clerk, stamp(now()))
        editor.materials.pledges[code] = Pledge(sha256, str(envelope["hash"]), check_day)
        editor.materials.recompute()
        editor.draft_changed.emit()

    def failed(error: Exception) -> None:
        untick(code)
        window.fail(error)

    ctx.store_jobs.submit(put, stored, failed)
