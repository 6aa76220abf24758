"""Who applied besides the applicant, in a line the window shows beside them (issue 14): the
history's applicant column and the return after 补正. Names in full, as the applicant's;
ID numbers masked, as everywhere on screen. A company's credit code is no personal data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from terminal.identity import mask_id_number


def relation_word(code: str) -> str:
    words = {
        "relative": QCoreApplication.translate("WhoApplied", "亲属"),
        "spouse": QCoreApplication.translate("WhoApplied", "配偶"),
        "parent": QCoreApplication.translate("WhoApplied", "父母"),
        "child": QCoreApplication.translate("WhoApplied", "子女"),
        "colleague": QCoreApplication.translate("WhoApplied", "同事（单位委托）"),
        "other": QCoreApplication.translate("WhoApplied", "其他受托人"),
    }
    return words.get(code, "")


def line(parties: Mapping[str, Any] | None) -> str:
    """ "代办人：林样本 110105********002X（配偶）" or "单位：上海示例… 9131…"; "" for one's own."""
    if not parties:
        return ""
    agent, company = parties.get("agent"), parties.get("company")
    if parties.get("kind") == "agent" and agent:
        relation = relation_word(str(parties.get("relation", "")))
        text = (
            QCoreApplication.translate("WhoApplied", "代办人：%1 %2（%3）")
            if relation
            else QCoreApplication.translate("WhoApplied", "代办人：%1 %2")
        )
        return (
            text.replace("%1", str(agent.get("name", "")))
            .replace("%2", mask_id_number(str(agent.get("id_number", ""))))
            .replace("%3", relation)
        )
    if parties.get("kind") == "company" and company:
        return (
            QCoreApplication.translate("WhoApplied", "单位：%1 %2")
            .replace("%1", str(company.get("name", "")))
            .replace("%2", str(company.get("credit_code", "")))
        )
    return ""


def applicant_cell(name: str, masked_id: str, parties: Mapping[str, Any] | None) -> str:
    """The history's applicant column: the applicant, then who else applied. A company's
    case is filed under its 经办人: the company comes first, then them."""
    person = f"{name} {masked_id}"
    if parties and parties.get("kind") == "company" and parties.get("company"):
        handler = QCoreApplication.translate("WhoApplied", "经办人：%1").replace("%1", person)
        return f"{line(parties)}{bar()}{handler}"
    extra = line(parties)
    return f"{person}{bar()}{extra}" if extra else person


def bar() -> str:
    """Between the people of one case: a full-width bar in Chinese, a plain one in English."""
    from ui.widgets.situation_form import pick

    return pick(" ｜ ", " | ")
