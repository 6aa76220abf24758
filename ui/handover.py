"""出件 at the window (issue 16): 办件 → 出件 (Ctrl+Shift+H).

The 出件 window seldom holds the case: it asks the portal what is ready by the receipt and the
applicant's last four (the status question, on the sync worker's thread). The collector's
card is on the reader (the applicant panel holds it); the clerk ticks each item as it is
handed over; the collector signs the 领取确认 on their screen (ui/widgets/signature_pad.py);
then the portal is asked to hand it over (exactly one window wins, sync/cases/results.py),
what it confirmed is recorded with its signed answer, and the 领取回执 prints with the
signature. One handover id and one time per dialog: a retry after a cut is the same request.
Offline: no handover (the portal decides who gets a licence), said in a sentence.

The collector is the applicant in person, or an agent: their own card on the reader, their
relation to the applicant, and the applicant's 委托书 captured here (its hash and size go to
the portal; the file is kept with the handover and uploaded: terminal/attachments/letters.py).
Instead of a handover the result may be mailed, on the same citizen's signed word:
the recipient, the address and a mobile number; the portal's courier gives the waybill, which
the 邮寄回执 prints.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from sync.errors import LookupThrottled
from terminal.clock import now
from terminal.identity import mask_id_number, mask_name
from ui import handover_retry
from ui.handover_print import capture_letter
from ui.qt_names import set_by_name

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.widgets.handover_dialog import HandoverDialog

KEY = "Ctrl+Shift+H"


def _sentence(window: MainWindow, error: Exception) -> str:
    """What went wrong, in the window's words (a refusal, the link, the disk)."""
    from terminal import failures

    return failures.report(error, window.ctx.data_dir / "tongban.db")


def _service(window: MainWindow, code: str) -> str:
    from ui.widgets.service_picker import intake_name

    return intake_name(window.ctx.catalogue, code) or code


def install(window: MainWindow) -> None:
    action = QAction(window)
    set_by_name(action, "shortcut", KEY)
    action.setText(QCoreApplication.translate("Handover", "出件（领取办理结果）"))
    action.triggered.connect(lambda _=False: open_dialog(window))
    window.addAction(action)
    window.case_menu.addAction(action)
    window.actions_by_name["handover"] = action


def open_dialog(window: MainWindow) -> None:
    from ui.widgets.handover_dialog import HandoverDialog

    bridge = window.links.bridge
    if bridge is None or bridge.sync is None:
        window.warn(
            QCoreApplication.translate(
                "Handover",
                "出件须连接平台（由平台确认由哪个窗口发放），当前连不上平台，请稍后再试。",
            )
        )
        return
    dialog = HandoverDialog(window)
    import uuid  # here: uuid brings platform's regexes, ~3 ms before the first paint

    state: dict[str, Any] = {"id": str(uuid.uuid4()), "at": now(), "case": None}
    dialog.asked.connect(lambda receipt, last4: _ask(window, dialog, state, receipt, last4))
    dialog.confirmed.connect(lambda: _sign(window, dialog, state))
    dialog.letter_wanted.connect(lambda: capture_letter(window, dialog, state))
    card = window.editor.applicant
    # The collector's card: the one on the case now, or the one read while the dialog is open
    # (ui/one_citizen.py gives it here, never to the case behind: take_card).
    dialog.card = card._document if card.from_card() else None
    dialog.card_of_the_case = dialog.card is not None
    _say_collector(dialog)
    dialog.open()
    unconfirmed = handover_retry.newest(window)
    if unconfirmed is not None:  # asked first: the same request again (ui/handover_retry.py)
        dialog.receipt.setText(unconfirmed["case"]["receipt_no"])
        dialog.last4.setText(unconfirmed["last4"])
        dialog.ask_button.click()
        return
    _offer_by_card(window, dialog)


def _say_collector(dialog: HandoverDialog) -> None:
    held = dialog.card
    dialog.collector.setText(
        QCoreApplication.translate("Handover", "领取人（读卡）：%1").replace(
            "%1", f"{mask_name(held.name)} {mask_id_number(held.id_number)}"
        )
        if held is not None
        else QCoreApplication.translate("Handover", "请领取人将本人身份证放在读卡器上。")
    )


def take_card(window: MainWindow, dialog: HandoverDialog, document: Any) -> None:
    """A card read while 出件 is open is the collector's: it changes who signs and what is
    offered, not the case on screen (that was another citizen's: the agent question popped
    over the dialog, and the signature was asked of whoever the case editor held)."""
    from ui.one_citizen import same_person

    if dialog.signed_for:
        # Signed and sent (or waiting to be sent again after a cut): that collector's handover
        # is what goes through, and the dialog keeps naming them (review 8, finding 3).
        dialog.say(
            QCoreApplication.translate(
                "Handover", "出件正在向平台确认：此证件未读入，确认完成后再放置。"
            )
        )
        return
    before = dialog.card
    # The collector lifting their own card and putting it back: still the case's card, which
    # leaves with them after the handover (a new case for the next citizen).
    dialog.card_of_the_case = (
        dialog.card_of_the_case
        and before is not None
        and same_person(before.id_number, document.id_number)
    )
    dialog.card = document
    _say_collector(dialog)
    _offer_by_card(window, dialog)


def _offer_by_card(window: MainWindow, dialog: HandoverDialog) -> None:
    """A card already on the reader: what is ready for it here, asked at once; one result is
    filled in and looked up (the applicant's own), several are said. An agent's card finds
    nothing of the applicant's: the receipt and the last four are typed as usual."""
    document = dialog.card
    if document is None or window.links.bridge is None:
        return
    number, clerk = document.id_number, window.ctx.clerk_name  # the portal records who asked

    def question(_store: Any, client: Any) -> list[dict[str, Any]]:
        from sync.cases.results import ready_for

        return [r for r in ready_for(client, number, clerk) if r.get("state") == "ready"]

    def answered(found: object) -> None:
        if isinstance(found, LookupThrottled):  # the portal's limit: the clerk types the receipt
            dialog.say(_sentence(window, found))
            return
        if not isinstance(found, list) or not found or dialog.receipt.text().strip():
            return  # offline, nothing ready, or the clerk typed already
        dialog.receipt.setText(str(found[0]["receipt_no"]))
        dialog.last4.setText(number[-4:])
        if len(found) > 1:
            dialog.found.setText(
                QCoreApplication.translate(
                    "Handover", "此市民有 %1 件待领取的办理结果，先办第一件。"
                ).replace("%1", str(len(found)))
            )
        dialog.ask_button.click()

    window.links.bridge.ask_portal(question, answered)


def _ask(
    window: MainWindow, dialog: HandoverDialog, state: dict[str, Any], receipt: str, last4: str
) -> None:
    from terminal.case_status import reference_from

    ref = reference_from(receipt)
    state["last4"] = last4

    def question(_store: Any, client: Any) -> dict[str, Any] | None:
        answer: dict[str, Any] | None = client.case_status(ref, last4)
        return answer

    def answered(answer: object) -> None:
        if isinstance(answer, Exception):
            dialog.say(_sentence(window, answer))
            return
        if not isinstance(answer, dict):
            dialog.say(
                QCoreApplication.translate(
                    "Handover", "找不到此办件，请核对回执编号和申请人证件号码后四位。"
                )
            )
            return
        sent = handover_retry.earlier(window, str(answer.get("case_id")))
        if sent is not None and state.get("envelope") is None:
            state.update(sent)  # signed and sent before a cut: sent again, not signed again
            dialog.signed_for = True
            dialog.say(
                QCoreApplication.translate(
                    "Handover",
                    "此办件上次出件已签名，未得到平台确认：正在向平台再次确认，不必重新签名。",
                )
            )
            _hand_over(window, dialog, state, state["collector"], state["envelope"])
            return
        result = answer.get("result")
        if not isinstance(result, dict) or result.get("state") != "ready":
            dialog.say(QCoreApplication.translate("Handover", "此办件没有待领取的办理结果。"))
            return
        state["case"] = {"case_id": str(answer["case_id"]), "receipt_no": str(answer["receipt_no"]),
                         "service": str(answer.get("intake_code") or ""),
                         "items": [str(i) for i in result.get("items") or []],
                         "codes": [str(c) for c in result.get("codes") or []]}  # fmt: skip
        name = _service(window, state["case"]["service"])
        dialog.show_items(
            QCoreApplication.translate("Handover", "%1（%2）：请逐项核对并勾选交付的物品。")
            .replace("%1", state["case"]["receipt_no"])
            .replace("%2", name),
            state["case"]["items"],
        )

    assert window.links.bridge is not None
    window.links.bridge.ask_portal(question, answered)


def _sign(window: MainWindow, dialog: HandoverDialog, state: dict[str, Any]) -> None:
    from sync.errors import SyncError
    from sync.link.keys import signing_tie_key
    from terminal.signatures import Signer
    from ui.citizen_rating import citizen_screen
    from ui.widgets.signature_pad import SignatureDialog, envelope_maker

    case = state["case"]
    if state.get("envelope") is not None:
        # Signed already and the portal's answer did not come (a cut): the same request again,
        # the same signature, under the same id; the portal replays what it decided.
        _hand_over(window, dialog, state, state["collector"], state["envelope"])
        return
    document = dialog.card
    if case is None or not dialog.ticked():
        return
    if document is None:
        dialog.say(
            QCoreApplication.translate(
                "Handover", "请领取人将本人身份证放在读卡器上，读取后再出件。"
            )
        )
        return
    from terminal.handover import HandoverRefused, collector_of  # at the first 出件

    try:
        if dialog.agent():  # someone else's card, their relation and the 委托书
            collector = collector_of("", document.name, document.id_number, from_card=True,
                                     relation=str(dialog.relation.currentData() or ""),
                                     letter_sha256=dialog.letter_sha256,
                                     letter=state.get("letter"))  # fmt: skip
        else:  # the applicant in person; the portal checks the whole number against the case's
            collector = collector_of(document.id_number, document.name, document.id_number,
                                     from_card=True)  # fmt: skip
        mailing = _mailing(dialog) if dialog.mail.isChecked() else None
    except HandoverRefused as e:
        dialog.say(e.text())
        return
    what = "、".join(case["items"])
    if mailing is not None:
        text = QCoreApplication.translate(
            "Handover", "邮寄确认：请将办件 %1 的办理结果（%2）寄往 %3（收件人 %4）。"
        )
        text = text.replace("%3", mailing["address"]).replace("%4", mailing["recipient"])
    else:
        text = QCoreApplication.translate(
            "Handover", "领取确认：本人已当场领取办件 %1 的办理结果（%2），核对无误。"
        )
    text = text.replace("%1", case["receipt_no"]).replace("%2", what)
    state["mailing"] = mailing
    state["signed_text"] = text  # what the portal checks the signature against
    try:
        tie_key = signing_tie_key(window.ctx.data_dir)  # the portal checks the tie with it
    except SyncError as e:  # enrolled, but the key cannot tie the signature: not handed over
        dialog.say(e.text())  # where this dialog says every refusal, the dialog still open
        return
    make = envelope_maker(title=QCoreApplication.translate("Handover", "领取确认"), purpose="handover",
                          signer=Signer.from_card(document.id_number, tie_key),
                          terminal_id=window.ctx.config.terminal_id, at=now)  # fmt: skip
    signing = SignatureDialog(
        text, QCoreApplication.translate("Handover", "领取确认"), make, window
    )
    screen = citizen_screen(window.citizen_side.screens(), window.screen())
    if screen is not None:
        signing.place_on(screen)
    window.signing = signing

    def signed(_result: int) -> None:
        window.signing = None
        if signing.envelope is not None:
            state["envelope"], state["collector"] = signing.envelope, collector
            dialog.signed_for = True
            _hand_over(window, dialog, state, collector, signing.envelope)
        else:
            dialog.say(QCoreApplication.translate("Handover", "领取人未签名，未出件。"))

    signing.finished.connect(signed)
    signing.open()


def _hand_over(window: MainWindow, dialog: HandoverDialog, state: dict[str, Any],
               collector: Any, envelope: dict[str, Any]) -> None:  # fmt: skip
    ctx, case = window.ctx, state["case"]
    clerk, terminal_id = ctx.clerk_name, ctx.config.terminal_id
    codes = case["codes"]

    mailing = state.get("mailing")

    def question(store: Any, client: Any) -> Any:  # on the sync worker's thread
        from sync.cases.results import hand_over_here, mail_here
        from terminal.attachments import files
        from terminal.signatures import to_bytes

        files.put_file(files.attachments_folder(ctx.data_dir), to_bytes(envelope))
        signed = {"envelope": envelope, "text": state["signed_text"]}
        if mailing is not None:
            return mail_here(
                store, client, case["case_id"], case["receipt_no"], collector=collector,
                signature=signed, terminal_id=terminal_id, clerk=clerk, at=state["at"],
                mailing_id=state["id"], **mailing,
            )  # fmt: skip
        return hand_over_here(
            store, client, case["case_id"], case["receipt_no"], collector=collector, items=codes,
            signature=signed, terminal_id=terminal_id, clerk=clerk,
            at=state["at"], handover_id=state["id"],
        )  # fmt: skip

    def done(answer: object) -> None:
        handover_retry.settle(window, case["case_id"], state, answer)
        dialog.confirm_button.setEnabled(dialog.ready())
        if isinstance(answer, Exception):
            dialog.say(_sentence(window, answer))
            return
        waybill = getattr(answer, "waybill", None)
        from ui.handover_print import print_receipt

        print_receipt(
            window, case, collector, envelope, state, waybill, _service(window, case["service"])
        )
        dialog.accept()
        _next_citizen(window, dialog)
        said = (
            QCoreApplication.translate(
                "Handover", "已交邮寄：%1，快递单号 %2，邮寄回执打印中。"
            ).replace("%2", str(waybill))
            if waybill
            else QCoreApplication.translate("Handover", "出件完成：%1，领取回执打印中。")
        )
        window.statusBar().showMessage(said.replace("%1", case["receipt_no"]))

    assert window.links.bridge is not None
    dialog.confirm_button.setEnabled(False)  # one question at a time: no second signature
    window.links.bridge.ask_portal(question, done)


def _next_citizen(window: MainWindow, dialog: HandoverDialog) -> None:
    """The collector's card leaves with them: a case that held it starts afresh, never to
    collect for the next citizen; an unfinished case with a service is kept as a draft first
    (it was dropped). A card read into the dialog never touched the case: it stays."""
    editor = window.editor
    if not dialog.card_of_the_case:
        return
    if not editor.finished and editor.intake is not None:
        window.save_draft()
    window.new_case()


def _mailing(dialog: HandoverDialog) -> dict[str, str]:
    """The mailing's recipient, address and mobile, checked before anyone signs."""
    from terminal.handover import HandoverRefused

    recipient, address = dialog.recipient.text().strip(), dialog.address.text().strip()
    phone = dialog.phone.text().strip()
    if not recipient or len(address) < 8:
        raise HandoverRefused("handover.address")
    if not re.fullmatch(r"1[3-9][0-9]{9}", phone):
        raise HandoverRefused("handover.phone", phone=phone)
    return {"recipient": recipient, "address": address, "phone": phone}
