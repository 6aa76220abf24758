"""What a case's later events (terminal/case_events.py) change on its printed documents.

A receipt printed after the return from 补正 says so (the clock runs from the day the
materials were complete); a corrected case's documents are re-issued marked 更正版 with their
version and date, and list what was corrected; a withdrawn or voided case prints its record
(撤回申请记录, 作废记录) instead of its decision's document. The events come with the case's
detail (``detail["events"]``, oldest first); a case without any prints as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from terminal.correction_fields import LABELS
from terminal.documents.party_lines import RELATION_WORDS as RELATION_TEXT

RECORDS = {"withdrawn": "withdrawal", "voided": "void"}
NAME_FIELD = "applicant.name"  # terminal/case_events.py's
MATERIALS = "materials."  # terminal/case_events.py's


def _day(value: str) -> str:
    return f"{value[:4]}年{value[5:7]}月{value[8:10]}日"


def document_kind(detail: dict[str, Any], decided: str) -> str:
    """The decision's document, or the record of the withdrawal or void that ended the case
    here (a case the portal withdrew has no record of this counter's: its notice prints)."""
    events = detail.get("events") or []
    last = events[-1] if events else None
    if last is not None and last.get("kind") in RECORDS and detail.get("state") == last["kind"]:
        return RECORDS[last["kind"]]
    return decided


def record_event(detail: dict[str, Any]) -> dict[str, Any] | None:
    events = detail.get("events") or []
    return events[-1] if events and events[-1].get("kind") in RECORDS else None


def _value(value: Any) -> str:
    """A corrected value as printed: a material's counts in words, else the value."""
    if isinstance(value, dict):
        return f"原件{value.get('originals', 0)}份、复印件{value.get('copies', 0)}份"
    return str(value or "")


def marks(
    detail: dict[str, Any],
    label: Callable[[str], str],
    material: Callable[[str], str] = str,
) -> list[str]:
    """Lines printed under a re-issued document's title; ``label``: a form field's name,
    ``material``: a material's."""
    events = detail.get("events") or []
    lines: list[str] = []
    returned = [e for e in events if e.get("kind") == "materials_complete"]
    if returned and detail.get("decision") == "accepted":
        on = str(returned[-1].get("accepted_on") or "")
        lines.append(
            f"补正后受理：所需材料已于{_day(on)}补齐，办理时限自当日起算；"
            "本回执与补正材料通知书同一编号"
        )
        late = returned[-1].get("late")
        if late:  # marked, not refused: the hall took it (terminal/late_return.py)
            lines.append(
                f"逾期补正：补正期限为{_day(str(late.get('return_by') or ''))}，"
                f"逾期{late.get('days_late')}天补齐，经窗口受理"
            )
    fixes = [e for e in events if e.get("kind") == "corrected"]
    if fixes:
        last = fixes[-1]
        lines.append(
            f"更正版 第{last.get('version')}版（更正日期 {_day(str(last.get('at') or ''))}），"
            "此前版本同时作废"
        )
        for fix in fixes:
            for change in fix.get("changes") or []:
                field = str(change.get("field", ""))
                if field == NAME_FIELD:
                    name = "申请人姓名"
                elif field in LABELS:  # the fee, the company, the agent (更正, finding 10)
                    name = LABELS[field]
                elif field.startswith(MATERIALS):
                    name = f"收取材料“{material(field.removeprefix(MATERIALS))}”"
                else:
                    name = label(field.removeprefix("form."))
                before, after = _value(change.get("before")), _value(change.get("after"))
                if field == "agent.relation":  # the relation's code, as the paper names it
                    before, after = (
                        RELATION_TEXT.get(before, before),
                        RELATION_TEXT.get(after, after),
                    )
                lines.append(f"更正：{name}由“{before}”更正为“{after}”")
    return lines
