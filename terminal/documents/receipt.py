"""受理回执: what was accepted, with what, until when, and how to follow it."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Spacer, Table, TableStyle

from terminal.documents.model import HOTLINE, CaseDocument, day, moment
from terminal.documents.qr import QrCode
from terminal.documents.styles import Writer


def receipt_story(doc: CaseDocument, w: Writer) -> list[Flowable]:
    title = f"{doc.bundle_name}受理回执" if doc.bundle_name else "受理回执"
    story: list[Flowable] = [w.p(doc.hall, "center"), w.p(title, "title")]
    if doc.copy:
        story.append(w.p("（补打副本 COPY）", "center"))
    story += [w.p(line, "small") for line in doc.marks]  # 补正后受理, 更正版 (marks.py)
    story += [w.p("回执编号", "center"), w.p(doc.receipt_no, "big"), rule(w)]
    story += facts(
        w,
        [
            (doc.applicant_label, doc.applicant_name),
            ("证件号码", doc.masked_id),
            *doc.party_rows,
            ("受理时间", moment(doc.received_at)),
            ("受理窗口", f"{doc.window}　{doc.clerk}"),
        ],
    )
    story.append(w.p("办理事项", "head"))
    bundle = len(doc.services) > 1
    for i, (name, department) in enumerate(doc.services):
        line = f"· {name}（{department}）" if department else f"· {name}"
        if bundle and i < len(doc.service_days) and doc.service_days[i] is not None:
            line += f"：{days_text(doc.service_days[i] or 0)}"  # each its own limit
            if name in doc.expedited_services:
                line += "（加急）"
        story.append(w.p(line))
    story.append(w.p("已收材料", "head"))
    story += [
        w.p(
            material_text(m.name, m.how, m.originals, m.copies, m.promise_deadline, m.scanned_pages)
        )
        for m in doc.materials
    ]
    if not doc.materials:
        story.append(w.p("（无）"))
    if doc.fee_lines:
        story.append(w.p("收费", "head"))
        story += [w.p(line) for line in doc.fee_lines]
    story.append(w.p("办理时限", "head"))
    limit = days_text(doc.time_limit_days)
    if bundle:
        limit = f"各事项时限见上；全部办结不超过 {limit}" if doc.time_limit_days else "即办"
    else:
        limit = limit if doc.time_limit_days == 0 else f"法定（承诺）时限 {limit}"
    story.append(w.p(f"加急办理：{limit}" if doc.expedited else limit))
    if doc.due_date:
        moves = "（遇法定节假日顺延）" if doc.dates_may_move else ""
        story.append(w.p(f"承诺办结日期：{day(doc.due_date)}前{moves}"))
    promises = [m for m in doc.materials if m.how == "promised"]
    if promises:
        story.append(
            w.p(
                "容缺受理：请在承诺期限内补交上述“容缺”材料，逾期未补交的，本申请按规定处理。",
                "small",
            )
        )
    if doc.paper_receipt_no:
        story.append(w.p(f"纸质回执号：{doc.paper_receipt_no}（系统恢复后补录）", "small"))
    story += [Spacer(1, 3 * mm), QrCode(doc.tracking_url, 32 * mm if w.fmt == "roll" else 38 * mm)]
    story.append(w.p(f"扫码或凭回执编号查询办理进度　{doc.tracking_ref}", "center"))
    if doc.rate_later:
        story.append(w.p(RATE_LATER.format(hall=doc.hall), "small"))
    story += [
        rule(w),
        w.p(
            f"办结后，请凭本回执和申请人身份证件到{doc.hall}领取办理结果。"
            f"咨询、投诉请拨打 {HOTLINE}。",
            "small",
        ),
        w.p(f"请妥善保管本回执。打印时间 {moment(doc.printed_at)}", "small"),
    ]
    return story


# The kiosk's 服务评价 rates a case once it is done (terminal.case_status.FINISHED); its
# receipt box takes this receipt's QR from its scanner, and it asks the last four digits.
RATE_LATER = (
    "服务评价（好差评）：本次未能在窗口评价。办结后，请到{hall}自助终端选择“服务评价”，"
    "扫描上方二维码或输入回执编号，再输入身份证号码后四位，即可评价。"
)


def days_text(days: int) -> str:
    return "即办" if days == 0 else f"{days} 个工作日"


def material_text(
    name: str, how: str, originals: int, copies: int, deadline: str, scanned_pages: int = 0
) -> str:
    # A scan at the counter is named: the citizen sees the page went to the back office.
    scanned = f"，已扫描{scanned_pages}页" if scanned_pages else ""
    if how == "ecert":
        return f"· {name}：电子证照核验{scanned}"
    if how == "promised":
        return f"· {name}：容缺，承诺{day(deadline)}前补交"
    if how == "pledged":
        return f"· {name}：告知承诺（承诺书另页），{day(deadline)}前核查"
    counts = "，".join(
        p
        for p in (f"原件{originals}份" if originals else "", f"复印件{copies}份" if copies else "")
        if p
    )
    return f"· {name}：{counts}{scanned}"


def facts(w: Writer, rows: list[tuple[str, str]]) -> list[Flowable]:
    label_width = 19 * mm if w.fmt == "roll" else 28 * mm  # four characters at body size
    table = Table(
        [[w.p(k), w.p(v)] for k, v in rows], colWidths=[label_width, w.width - label_width]
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [table]


def rule(w: Writer) -> HRFlowable:
    return HRFlowable(
        width="100%",
        thickness=0.6,
        color=black,
        spaceBefore=2 * mm,
        spaceAfter=2 * mm,
        dash=[2, 2] if w.fmt == "roll" else None,
    )
