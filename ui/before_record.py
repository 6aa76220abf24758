"""What the window settles between the decision and writing the case: a fee waiver's
approval (ui/fee_waiver.py), and a sentence when a promised date falls in a year the
working-day calendar does not cover (its holidays unknown: the date may move, and the paper
says 遇法定节假日顺延)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from terminal.calendar_versions import years_text
from terminal.cases import Decided

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def checked(window: MainWindow, decided: Decided) -> Decided | None:
    """``decided`` ready to write, or None when it must not be written (a waiver the
    supervisor did not approve)."""
    from ui import fee_waiver

    if decided.uncovered_years:
        # Told before the paper prints, so the clerk can say it to the citizen. Its own box,
        # not the window's warning: nothing went wrong, the case goes on being recorded.
        box = QMessageBox(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("BeforeRecord", "承诺日期可能顺延"),
            QCoreApplication.translate(
                "BeforeRecord",
                "本系统的工作日历尚未包含 %1 年的法定节假日：承诺日期按周一至周五计算，"
                "遇法定节假日顺延，回执上会注明。请告知申请人；日历更新后新办件自动按新日历计算。",
            ).replace("%1", years_text(decided.uncovered_years)),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.open()
        window.calendar_notice = box
    approved = fee_waiver.approved(window, decided)
    if approved is None or approved.decision.value not in window.ctx.config.sign_decisions:
        return approved
    return signed(window, approved)


def signed(window: MainWindow, decided: Decided) -> Decided | None:
    """The citizen confirms on the pad before the case is written (the hall's choice, config
    ``sign_decisions``): the envelope becomes an attachment of the case, its file written on
    the store worker before the case (the same worker, in order). Not signed: not written."""
    import hashlib
    from dataclasses import replace

    from sync.errors import SyncError
    from sync.link.keys import signing_tie_key
    from terminal import confirmations
    from terminal.attachments.model import Attachment
    from terminal.clock import now, stamp
    from terminal.signatures import Signer, to_bytes
    from ui.citizen_rating import citizen_screen
    from ui.widgets.service_picker import intake_name
    from ui.widgets.signature_pad import SignatureDialog, envelope_maker

    ctx, c = window.ctx, decided.capture
    service = intake_name(ctx.catalogue, decided.intake.code) or decided.intake.code
    # The person at the counter signs: in an agent's case the agent (their card read now, or
    # typed with no card of the applicant's read); not an agent restored from the record of a
    # case whose applicant brought it back herself, her own card read (review 8, finding 1).
    agent, applicant = window.editor.parties.agent_if_built, window.editor.applicant
    present = agent is not None and (agent.from_card() or not applicant.from_card())
    text = confirmations.text_for(decided, service, agent_present=present)
    title = text.split("\n", 1)[0]
    signer = confirmations.signer_of(c, agent_present=present)
    try:
        tie_key = signing_tie_key(ctx.data_dir)
    except SyncError as e:  # enrolled, but the key cannot tie the signature: no pad, not saved
        window.warn(e.text())
        return None
    make = envelope_maker(title=title, purpose="confirm",
                          signer=Signer.from_card(signer.id_number, tie_key),
                          terminal_id=ctx.config.terminal_id, at=now)  # fmt: skip
    dialog = SignatureDialog(text, title, make, window)
    screen = citizen_screen(window.citizen_side.screens(), window.screen())
    if screen is not None:
        dialog.place_on(screen)  # the citizen's side
    window.signing = dialog  # no other card is taken while the citizen signs (ui/one_citizen.py)
    try:
        agreed = window.run_dialog(dialog)
    finally:
        window.signing = None
    if not agreed or dialog.envelope is None:
        unsigned = (
            QCoreApplication.translate(
                "BeforeRecord", "申请人未签名确认，办件未保存。可请申请人签名后再按一次。"
            )
            if signer is c.applicant
            else QCoreApplication.translate(
                "BeforeRecord", "代办人未签名确认，办件未保存。可请代办人签名后再按一次。"
            )
        )
        window.warn(unsigned)
        return None
    data = to_bytes(dialog.envelope)
    sha = hashlib.sha256(data).hexdigest()

    def put(_store: object) -> str:
        from terminal.attachments import files

        return files.put_file(files.attachments_folder(ctx.data_dir), data)

    ctx.store_jobs.submit(put, lambda _sha: None, window.fail)  # before the case's own job
    kept = Attachment(confirmations.CODE, sha, 1, len(data), ctx.clerk_name, stamp(now()))
    return replace(decided, capture=replace(c, attachments=(*c.attachments, kept)))
