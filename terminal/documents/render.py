"""Turn a document into PDF bytes: page size per format, fonts embedded, missing glyphs reported."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from terminal.catalogue import Intake
from terminal.documents.daily_report import DailyReport, daily_report_story
from terminal.documents.fonts import FontSet
from terminal.documents.guide import guide_story
from terminal.documents.handover_receipt import HandoverDocument, handover_story
from terminal.documents.model import CaseDocument, TicketDocument
from terminal.documents.notices import notice_story, rejection_story
from terminal.documents.promise import promise_story
from terminal.documents.receipt import receipt_story
from terminal.documents.records import record_story
from terminal.documents.styles import MARGIN, PAPER, Writer
from terminal.documents.ticket import test_page_story, ticket_story

FORMATS = ("roll", "a4")


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    missing_glyphs: list[str]  # characters no installed font could draw


def render_case(doc: CaseDocument, fmt: str, fonts: FontSet) -> Rendered:
    # Notices carry tables and legal text: A4 whatever the receipt format.
    # A signed 告知承诺书 is an A4 page after the receipt: the roll could not carry it.
    if doc.document != "receipt" or doc.promises:
        fmt = "a4"
    w = Writer(fonts, fmt)
    stories = {"receipt": receipt_story, "notice": notice_story, "rejection": rejection_story}
    stories |= {"withdrawal": record_story, "void": record_story}  # issue 14
    story = stories[doc.document](doc, w)
    if doc.document in ("receipt", "notice"):  # a notice's signed receipt (issue 16) too
        for page in doc.promises:
            story += promise_story(page, w)
    return _build(story, w, title=f"{doc.document} {doc.receipt_no}", copy=doc.copy)


def render_handover(doc: HandoverDocument, fonts: FontSet) -> Rendered:
    """领取回执 (issue 16): A4, kept in the case file with the collector's signature."""
    w = Writer(fonts, "a4")
    return _build(handover_story(doc, w), w, title=f"handover {doc.receipt_no}", copy=False)


def render_daily_report(report: DailyReport, fonts: FontSet) -> Rendered:
    """日报 (issue 17): A4, one or two pages, for the supervisor's file."""
    w = Writer(fonts, "a4")
    title = f"daily report {report.day.isoformat()}"
    return _build(daily_report_story(report, w), w, title=title, copy=False)


def render_ticket(ticket: TicketDocument, fonts: FontSet) -> Rendered:
    w = Writer(fonts, "roll")
    return _build(ticket_story(ticket, w), w, title=f"ticket {ticket.ticket_no}", copy=False)


def render_guide(
    intake: Intake,
    answers: Mapping[str, str],
    ecerts: set[str],
    hall: str,
    now: datetime,
    fonts: FontSet,
) -> Rendered:
    w = Writer(fonts, "roll")
    return _build(
        guide_story(intake, answers, ecerts, hall, now, w),
        w,
        title=f"guide {intake.code}",
        copy=False,
    )


def render_test_page(
    hall: str, printer: str, now: datetime, fonts: FontSet, fmt: str = "a4"
) -> Rendered:
    w = Writer(fonts, fmt)
    return _build(test_page_story(hall, printer, now, w), w, title="test page", copy=False)


def _build(story: list[Flowable], w: Writer, *, title: str, copy: bool) -> Rendered:
    out = io.BytesIO()
    margin = MARGIN[w.fmt]
    if w.fmt == "roll":
        # A roll has no pages: one page as long as the content (the sum of the
        # heights is an upper bound: the frame drops the first space before).
        height = sum(_height(f, w.width) for f in story) + 2 * margin + 2
        pagesize = (PAPER["roll"], height)
    else:
        pagesize = A4
    template = BaseDocTemplate(
        out, pagesize=pagesize, title=title, author="Tongban Terminal", creator="Tongban Terminal"
    )
    frame = Frame(
        margin,
        margin,
        pagesize[0] - 2 * margin,
        pagesize[1] - 2 * margin,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates(
        [PageTemplate("page", [frame], onPage=_decorator(w.fmt, copy, w.face))]
    )
    template.build(story)
    return Rendered(out.getvalue(), w.missing_glyphs())


def _height(flowable: Flowable, width: float) -> float:
    _, h = flowable.wrap(width, 10_000)
    return float(h + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _decorator(fmt: str, copy: bool, face: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    """The copy mark and page number, in the page's own face (a second font embedded for a
    few glyphs would cost a third of the render)."""

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if copy:  # a reprint must never pass for the original
            canvas.setFillColor(Color(0.6, 0.6, 0.6, alpha=0.35))
            canvas.setFont(face, 48 if fmt == "a4" else 28)
            canvas.translate(doc.pagesize[0] / 2, doc.pagesize[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "副本 COPY")
        elif fmt == "a4":
            canvas.setFont(face, 9)
            canvas.drawRightString(
                doc.pagesize[0] - MARGIN["a4"], MARGIN["a4"] / 2, f"第 {doc.page} 页"
            )
        canvas.restoreState()

    return decorate
