"""办事指南 (80 mm): the personal materials list a citizen prints at the kiosk before queuing,
so the visit to the window is the only one (只跑一次)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from terminal.catalogue import Intake
from terminal.documents.fee_text import guide_lines
from terminal.documents.model import moment
from terminal.documents.receipt import material_text, rule
from terminal.documents.styles import Writer


def guide_story(
    intake: Intake,
    answers: Mapping[str, str],
    ecerts: set[str],
    hall: str,
    printed_at: datetime,
    w: Writer,
) -> list[Flowable]:
    story: list[Flowable] = [
        w.p(hall, "center"),
        w.p("办事材料清单", "title"),
        w.p(intake.name, "big"),
    ]
    for s in intake.services:
        story.append(w.p(f"· {s.name}（{s.department.name}）", "small"))
    story.append(rule(w))
    story.append(w.p("请带齐以下材料", "head"))
    for req in intake.required_materials(answers):
        m = req.material
        if m.code in ecerts and m.ecert:
            story.append(w.p(f"· {m.name}：已有电子证照，无需携带"))
            continue
        story.append(w.p(material_text(m.name, "handed", req.originals, req.copies, "")))
        if m.where:
            story.append(w.p(f"　取得方式：{m.where}", "small"))
    story.append(rule(w))
    limit = "即办" if intake.time_limit_days == 0 else f"{intake.time_limit_days} 个工作日"
    story.append(w.p(f"办理时限：{limit}"))
    story += [w.p(line) for line in guide_lines(intake, answers)]  # fee and 加急
    story += [
        Spacer(1, 2 * mm),
        w.p("带齐材料后到任一综合窗口，一次办成。", "center"),
        w.p(f"打印时间 {moment(printed_at)}", "small"),
    ]
    return story
