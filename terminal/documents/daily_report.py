"""日报 (issue 17): a supervisor's A4 for one day — the hall's figures per window against the
targets, the deadline cards, the open 差评 follow-ups and the day's hour-by-hour served.

Nothing about a citizen is printed: the cards show a receipt number and a service code at
most (never the masked name), the follow-ups their counts and due days. The page is made
from this terminal's store, the same sums the supervisor's view shows as its own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from terminal.config import Config
from terminal.deadline_cards import RED, Card, cards, counts, thresholds_of
from terminal.documents.model import moment
from terminal.documents.styles import Writer
from terminal.followups import Followup, listed
from terminal.supervision import figures
from terminal.workdays import Calendar

CARDS_LISTED = 12  # the worst cards by receipt number; the rest as a count (two pages at most)


@dataclass(frozen=True)
class DailyReport:
    hall: str
    day: date
    printed_at: datetime
    by: str  # the signed-in supervisor
    targets: tuple[int, int, int]  # minutes: average wait, longest wait, average handling
    day_figures: figures.Figures
    cards: list[Card]
    followups: list[Followup]


def gather(
    conn: sqlite3.Connection,
    day: date,
    config: Config,
    calendar: Calendar,
    *,
    by: str,
    at: datetime,
) -> DailyReport:
    """What the day's report prints, read from the store (a store job: never the GUI thread)."""
    targets = (
        config.target_wait_minutes,
        config.target_longest_wait_minutes,
        config.target_handle_minutes,
    )
    return DailyReport(
        hall=config.hall,
        day=day,
        printed_at=at,
        by=by,
        targets=targets,
        day_figures=figures.period(conn, day, day, ("window", "department", "hour")),
        cards=cards(conn, calendar, thresholds_of(config), day),
        followups=listed(conn),
    )


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:.1f}"


def _over(seconds: int, target_minutes: int) -> str:
    """A figure past its target carries a mark, so the page says it in black and white."""
    return f"{_minutes(seconds)}{' ▲' if seconds > target_minutes * 60 else ''}"


def _table(w: Writer, rows: list[list[str]], widths: list[float]) -> Table:
    cells = [[w.p(c, "small") for c in row] for row in rows]
    t = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, "#888888"),
                ("BACKGROUND", (0, 0), (-1, 0), "#e8e8e8"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def _window_rows(r: DailyReport) -> list[list[str]]:
    wait, longest, handle = r.targets
    head = ["窗口", "办结（号）", "平均等候（分）", "最长等候（分）", "平均办理（分）"]
    rows = [head]
    shown: list[tuple[str, dict[str, Any]]] = [
        (str(x["key"]) if x["key"] not in ("", 0, None) else "（未到窗口）", x)
        for x in r.day_figures.by.get("window", [])
    ]
    shown.append(("合计", r.day_figures.total))
    for key, x in shown:
        rows.append(
            [
                key,
                str(x["served"]),
                _over(x["avg_wait"], wait),
                _over(x["wait_max"], longest),
                _over(x["avg_handle"], handle),
            ]
        )
    return rows


def daily_report_story(r: DailyReport, w: Writer) -> list[Flowable]:
    wait, longest, handle = r.targets
    story: list[Flowable] = [
        w.p(r.hall, "center"),
        w.p("政务服务大厅日报", "title"),
        w.p(f"{r.day.isoformat()}　打印：{moment(r.printed_at)}　{r.by}", "center"),
        w.p("一、大厅统计（按窗口）", "head"),
        w.p(
            f"目标：平均等候不超过 {wait} 分钟，最长等候不超过 {longest} 分钟，"
            f"平均办理不超过 {handle} 分钟；超过目标的标 ▲。",
            "small",
        ),
    ]
    width = w.width
    story.append(_table(w, _window_rows(r), [width * 0.2] + [width * 0.2] * 4))
    departments = r.day_figures.by.get("department", [])
    if departments:  # the department is the service code's second segment (GA: 公安)
        rows = [["部门", "办结（号）", "收件", "办结（件）"]]
        for x in departments:
            key = x["key"] or "（未分部门）"
            rows.append([key, str(x["served"]), str(x["received"]), str(x["decided"])])
        story += [Spacer(1, 3 * mm), w.p("按部门", "small"), _table(w, rows, [width * 0.25] * 4)]
    yellow, red = counts(r.cards)
    story += [
        w.p("二、办件警示", "head"),
        w.p(f"红牌 {red} 张，黄牌 {yellow} 张。"),
    ]
    if r.cards:
        rows = [["牌", "受理编号", "事项", "期限", "超期/剩余"]]
        for c in r.cards[:CARDS_LISTED]:
            left = f"超期 {c.days_over} 天" if c.colour == RED else f"剩 {c.left} 个工作日"
            colour = "红牌" if c.colour == RED else "黄牌"
            rows.append([colour, c.receipt_no, c.intake_code, c.deadline.isoformat(), left])
        widths = [width * 0.1, width * 0.3, width * 0.25, width * 0.175, width * 0.175]
        story.append(_table(w, rows, widths))
        if len(r.cards) > CARDS_LISTED:
            story.append(w.p(f"另有 {len(r.cards) - CARDS_LISTED} 张，见主管视图。", "small"))
    overdue = [f for f in r.followups if f.due_date < r.day.isoformat()]
    story += [
        w.p("三、未办结的差评整改", "head"),
        w.p(f"共 {len(r.followups)} 件，其中已过整改期限 {len(overdue)} 件。"),
    ]
    if r.followups:
        dues = sorted({f.due_date for f in r.followups})
        story.append(w.p("整改期限：" + "、".join(dues[:10]), "small"))
    story.append(w.p("四、分时段办结", "head"))
    hours = r.day_figures.by.get("hour", [])
    for n in range(0, len(hours), 12):  # twelve hours a row: a long day wraps, not shrinks
        part = hours[n : n + 12]
        head = ["时段"] + [f"{int(x['key'])}时" for x in part]
        served = ["办结"] + [str(x["served"]) for x in part]
        story.append(_table(w, [head, served], [width / 13] * len(head)))
    if not hours:
        story.append(w.p("当日没有办结记录。"))
    story += [Spacer(1, 6 * mm), w.p("主管签字：____________________", "sign")]
    return story
