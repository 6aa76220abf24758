"""领取回执 (issue 16): the A4 record that a case's result was handed over at the counter, for the
case file, with the collector's signature.

Made from what the handover knew, not from the case in this store: the 出件 window is often
not the window that recorded the case. The collector's number is masked; the portal's
operation id ties the paper to the handover the portal confirmed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer

from terminal.documents.model import HOTLINE, day, moment
from terminal.documents.receipt import facts
from terminal.documents.styles import Writer
from terminal.identity import mask_id_number

# How an agent stands to the applicant, as printed (terminal/handover.py RELATIONS).
RELATION_WORDS = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "relative": "其他亲属",
    "entrusted": "受托人",
    "employee": "单位工作人员",
}


@dataclass(frozen=True)
class HandoverDocument:
    hall: str
    window: str
    clerk: str
    handed_at: datetime
    receipt_no: str
    service: str
    items: list[str]
    collector_name: str
    collector_number: str  # printed masked
    role: str  # applicant | agent
    relation: str = ""
    applicant_name: str = ""  # named when an agent collects
    operation: str = ""  # the portal's handover id
    signature_png: bytes | None = None
    letter_sha256: str = ""  # the 委托书 captured
    waybill: str = ""  # mailed instead: the courier's number
    notes: list[str] = field(default_factory=list)


def handover_story(doc: HandoverDocument, w: Writer) -> list[Flowable]:
    mailed = bool(doc.waybill)
    story: list[Flowable] = [
        w.p(doc.hall, "center"),
        w.p("办理结果邮寄回执" if mailed else "办理结果领取回执", "title"),
        w.p(f"编号：{doc.receipt_no}", "center"),
        Spacer(1, 3 * mm),
    ]
    who = f"{doc.collector_name}（证件号码 {mask_id_number(doc.collector_number)}）"
    rows = [("办理事项", doc.service), ("领取物品", "；".join(doc.items))]
    if doc.role == "agent":
        relation = RELATION_WORDS.get(doc.relation, doc.relation)
        rows += [
            ("代领人", f"{who}，系申请人{doc.applicant_name}的{relation}"),
            # 留存: its scan is kept with the handover's record and uploaded to the portal,
            # which checks it against the hash the handover names (terminal/attachments/letters.py).
            ("委托书", f"已当场核验，扫描件随出件记录留存（摘要 {doc.letter_sha256[:12]}）"),
        ]
    else:
        rows.append(("领取人", f"申请人本人 {who}"))
    if mailed:
        rows.append(("快递单号", doc.waybill))
    rows += [
        ("交寄时间" if mailed else "领取时间", moment(doc.handed_at)),
        ("经办", f"{doc.window}　{doc.clerk}"),
        ("出件记录", doc.operation),
    ]
    story += facts(w, rows)
    story.append(Spacer(1, 4 * mm))
    story.append(
        w.p(
            (
                "本人申请将上述办理结果邮寄至所留地址，收件信息无误。"
                if mailed
                else "本人已当场核对并领取上述办理结果，证件、文书无误。"
            )
            + ("本人受申请人委托代为办理，委托书真实有效。" if doc.role == "agent" else "")
        )
    )
    story.append(Spacer(1, 3 * mm))
    if doc.signature_png:
        # The signature as drawn on the pad (its envelope's PNG), at a signature's size.
        story.append(w.p("领取人签名：", "body"))
        story.append(Image(io.BytesIO(doc.signature_png), width=60 * mm, height=20 * mm,
                           kind="proportional", hAlign="LEFT"))  # fmt: skip
    else:
        story.append(w.p("领取人签名：____________________"))
    story += [w.p(line, "small") for line in doc.notes]
    story += [
        Spacer(1, 4 * mm),
        w.p(f"咨询、投诉请拨打 {HOTLINE}，或到{doc.hall}咨询台。"),
        w.p(day(doc.handed_at), "sign"),
    ]
    return story
