"""补正材料通知书 (the one-time notice) and 不予受理通知书 (the rejection notice), A4."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from terminal.documents.model import HOTLINE, CaseDocument, day, moment
from terminal.documents.qr import QrCode
from terminal.documents.receipt import facts
from terminal.documents.styles import Writer

# 《中华人民共和国行政许可法》第三十二条第一款第（四）项
NOTICE_BASIS = "《中华人民共和国行政许可法》第三十二条第一款第（四）项"


def header(doc: CaseDocument, w: Writer, title: str) -> list[Flowable]:
    story: list[Flowable] = [w.p(doc.hall, "center"), w.p(title, "title")]
    if doc.copy:
        story.append(w.p("（补打副本 COPY）", "center"))
    story += [w.p(line, "small") for line in doc.marks]  # 更正版 (marks.py)
    story.append(w.p(f"编号：{doc.receipt_no}", "center"))
    story += facts(
        w,
        [
            (doc.applicant_label, f"{doc.applicant_name}（证件号码 {doc.masked_id}）"),
            *doc.party_rows,
            ("申请事项", "；".join(name for name, _ in doc.services)),
            ("收件时间", moment(doc.received_at)),
        ],
    )
    return [*story, Spacer(1, 3 * mm)]


def notice_story(doc: CaseDocument, w: Writer) -> list[Flowable]:
    story = header(doc, w, "补正材料通知书")
    story.append(
        w.p(
            f"{doc.addressee or doc.applicant_name}：经审查，您提交的申请材料不齐全或者不符合法定形式。"
            f"根据{NOTICE_BASIS}的规定，现一次性告知您需要补正的全部材料如下："
        )
    )
    rows = [
        [
            w.p("序号", "small"),
            w.p("需补正的材料", "small"),
            w.p("份数", "small"),
            w.p("为什么需要", "small"),
            w.p("在哪里取得", "small"),
        ]
    ]
    for i, m in enumerate(doc.missing, start=1):
        counts = "，".join(
            p
            for p in (
                f"原件{m.originals}" if m.originals else "",
                f"复印件{m.copies}" if m.copies else "",
            )
            if p
        )
        rows.append(
            [
                w.p(str(i), "small"),
                w.p(m.name, "small"),
                w.p(counts, "small"),
                w.p(m.why, "small"),
                w.p(m.where, "small"),
            ]
        )
    widths = [12 * mm, 38 * mm, 20 * mm, 50 * mm]
    table = Table(rows, colWidths=[*widths, w.width - sum(widths)], repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    story += [Spacer(1, 2 * mm), table, Spacer(1, 3 * mm)]
    kept = [m.name for m in doc.materials if m.scanned_pages]
    if kept:  # scanned today: the citizen need not bring these again
        story.append(w.p(f"以下材料本次已收取并扫描留存，补正时无需再次提交：{'、'.join(kept)}。"))
    moves = "上述日期遇法定节假日顺延。" if doc.dates_may_move and doc.return_by else ""
    story.append(
        w.p(
            # How to come back (issue 14): the same case continues, found by this notice's QR
            # or number, or by the applicant's ID card.
            f"请您{f'于{day(doc.return_by)}前' if doc.return_by else ''}备齐以上全部材料，"
            f"携本通知书或申请人身份证件到{doc.hall}任一综合受理窗口（本次为{doc.window}）办理，"
            "无需重新取号预约，办件编号不变。"
            "上述材料中可以用电子证照代替的，可在“随申办”申领后由窗口在线核验。"
            f"{moves}"
        )
    )
    due = (
        f"（本申请收件日期为{day(doc.received_at)}，告知期限至{day(doc.notice_due)}）"
        if doc.notice_due
        else ""
    )
    story.append(
        w.p(
            "依照法律规定，行政机关应当当场或者在收到申请材料之日起五个工作日内一次告知需要补正的全部内容；"
            f"逾期不告知的，自收到申请材料之日起即为受理。{due}"
        )
    )
    story += closing(doc, w)
    return story


def rejection_story(doc: CaseDocument, w: Writer) -> list[Flowable]:
    story = header(doc, w, "不予受理通知书")
    deciders = "、".join(dict.fromkeys(d for _, d in doc.services if d))
    if deciders:  # the hall receives on the departments' behalf; they decide
        story += facts(w, [("决定机关", deciders)])
    story.append(w.p(f"{doc.addressee or doc.applicant_name}：经审查，您的申请不予受理。"))
    story += [w.p("不予受理的理由", "head"), w.p(doc.reason)]
    story += [w.p("法律依据", "head"), w.p(doc.legal_basis)]
    story += [w.p("救济途径", "head"), w.p(remedy_text(doc))]
    story += closing(doc, w)
    return story


def remedy_text(doc: CaseDocument) -> str:
    """《行政复议法》《行政诉讼法》: the time limits, and where (the catalogue names both per
    department); a catalogue without them still gives the time limits."""
    if not doc.remedies:
        return (
            "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
            "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
        )
    review = "或".join(dict.fromkeys(r for r, _ in doc.remedies))
    court = "或".join(dict.fromkeys(c for _, c in doc.remedies))
    return (
        f"如对本决定不服，可以自收到本通知书之日起六十日内向{review}申请行政复议，"
        f"或者自收到本通知书之日起六个月内向{court}提起行政诉讼。"
    )


def closing(doc: CaseDocument, w: Writer) -> list[Flowable]:
    """The issuing hall and the decision day at the bottom right, with room for the seal
    above the date, as an official notice is signed; then who handled it and where to ask."""
    return [
        Spacer(1, 4 * mm),
        w.p(f"经办窗口：{doc.window}　经办人：{doc.clerk}"),
        w.p(f"咨询、投诉请拨打 {HOTLINE}，或到{doc.hall}咨询台。"),
        Spacer(1, SEAL),
        w.p(f"{doc.hall}（盖章）", "sign"),
        w.p(day(doc.decided_on), "sign"),
        Spacer(1, 4 * mm),
        QrCode(doc.tracking_url, 28 * mm),
        w.p(f"扫码或凭编号 {doc.tracking_ref} 查询办理进度", "small"),
    ]


SEAL = 30 * mm  # an official seal is 40–42 mm across and may overlap the lines around it
