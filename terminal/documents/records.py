"""撤回申请记录 and 作废记录 (issue 14): short A4 records of how a case ended at the counter,
for the citizen (a withdrawal) and the case file (a void)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from terminal.documents.model import HOTLINE, CaseDocument, day, moment
from terminal.documents.notices import SEAL, header
from terminal.documents.receipt import facts
from terminal.documents.styles import Writer

PROOF = {"card": "凭申请人本人身份证件", "receipt": "凭回执并核对申请人证件号码"}
AGENT_PROOF = "凭代办人本人身份证件"


def record_story(doc: CaseDocument, w: Writer) -> list[Flowable]:
    doc = replace(doc, marks=[])  # a record is not a re-issue of the receipt
    event = doc.event or {}
    at = datetime.fromisoformat(str(event.get("at")))
    withdrawal = doc.document == "withdrawal"
    story = header(doc, w, "撤回申请记录" if withdrawal else "作废记录")
    reason = str(event.get("reason") or "")
    if withdrawal:
        # Who presented it (an event before review 5 called it requested_by, applicant only).
        who = event.get("presented_by") or event.get("requested_by") or {}
        if who.get("role") == "agent":
            asked = f"代办人{who.get('name')}受申请人{doc.applicant_name}委托，于{moment(at)}{AGENT_PROOF}"
        else:
            asked = (
                f"申请人{doc.applicant_name}于{moment(at)}{PROOF.get(str(who.get('proof')), '')}"
            )
        story.append(
            w.p(
                f"{asked}申请撤回本办件，窗口已予办理。"
                "本办件不再办理；已收取的材料原件请当场取回，复印件及扫描件按规定留存。"
            )
        )
        rows = [("撤回原因", reason or "申请人未说明")]
    else:
        approval = event.get("approval") or {}
        story.append(
            w.p(
                f"本办件于{moment(at)}因受理有误作废，经主管批准。作废后本办件不再办理，"
                "原受理回执或通知书同时作废；如需办理，请重新申请。"
            )
        )
        rows = [("作废原因", reason), ("批准人", str(approval.get("approved_by") or ""))]
    # Who recorded it, where: the event's own terminal and clerk, not the case's.
    story += facts(w, [*rows, ("经办", f"终端 {event.get('terminal_id')}　{event.get('clerk')}")])
    story += [Spacer(1, 6 * mm)]
    if withdrawal:
        signer = "代办人" if who.get("role") == "agent" else "申请人"
        story.append(w.p(f"{signer}签名：____________________　日期：____________"))
    story += [
        w.p(f"咨询、投诉请拨打 {HOTLINE}，或到{doc.hall}咨询台。"),
        Spacer(1, SEAL),
        w.p(f"{doc.hall}（盖章）", "sign"),
        w.p(day(at), "sign"),
    ]
    return story
