"""排队小票 (queue ticket, 80 mm) and the printer test page."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from terminal.documents.model import TicketDocument, moment
from terminal.documents.qr import QrCode
from terminal.documents.receipt import rule
from terminal.documents.styles import Writer


def ticket_story(t: TicketDocument, w: Writer) -> list[Flowable]:
    story: list[Flowable] = [
        w.p(t.hall, "center"),
        w.p("排队号", "center"),
        w.p(t.ticket_no, "huge"),
    ]
    story += [w.p(t.service, "big"), w.p(f"您前面还有 {t.people_ahead} 人", "center")]
    if t.window_hint:
        story.append(w.p(t.window_hint, "center"))
    story += [
        Spacer(1, 2 * mm),
        QrCode(t.check_url, 26 * mm),
        w.p("扫码查看叫号进度", "center"),
        rule(w),
    ]
    story.append(w.p(f"取号时间 {moment(t.issued_at)}　过号请重新取号或咨询导办台", "small"))
    return story


def test_page_story(hall: str, printer: str, now: datetime, w: Writer) -> list[Flowable]:
    return [
        w.p(hall, "center"),
        w.p("打印测试页", "title"),
        w.p(f"打印机：{printer}"),
        w.p(f"时间：{now:%Y-%m-%d %H:%M:%S}"),
        w.p("中文字样：一网通办　只跑一次　受理回执　补正材料通知书"),
        w.p("生僻字：䶮 𠮷 堃 喆 昇 赟 犇"),
        w.p("数字与字母：0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        Spacer(1, 3 * mm),
        QrCode("TONGBAN-TEST-PAGE", 30 * mm),
        w.p("若上述文字完整清晰、二维码可扫描，打印机工作正常。", "small"),
    ]
