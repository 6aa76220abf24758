"""Who applied, as receipts and notices print it (issue 14): an agent's case names the
applicant and the 代办人, a company's names the company and its 经办人 at the counter.
ID numbers are masked as the documents mask the applicant's; names print in full."""

from __future__ import annotations

from typing import Any

from terminal.identity import mask_id_number

# The words for terminal.parties.RELATIONS on paper (委托人 → 代办人).
RELATION_WORDS = {
    "relative": "亲属",
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "colleague": "同事",
    "other": "其他受托人",
}


def applicant_label(parties: dict[str, Any] | None) -> str:
    """What the person the case is filed under is called (four characters at most: the
    receipt's label column): a company's is its 经办人; an agent's principal is the 申请人."""
    if parties and parties.get("kind") == "company":
        return "经办人"
    return "申请人"


def party_rows(parties: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The rows printed after the applicant's."""
    if not parties:
        return []
    kind = parties.get("kind")
    if kind == "agent" and parties.get("agent"):
        agent = parties["agent"]
        relation = RELATION_WORDS.get(str(parties.get("relation")), "")
        return [
            ("代办人", f"{agent['name']}（证件号码 {mask_id_number(agent['id_number'])}）"),
            *([("与申请人关系", relation)] if relation else []),
        ]
    if kind == "company" and parties.get("company"):
        company = parties["company"]
        code = company["credit_code"] + ("（经主管核准）" if company.get("override") else "")
        return [
            ("申请单位", company["name"]),
            ("统一社会信用代码", code),
            ("法定代表人", company.get("legal_rep", "")),
        ]
    return []


def addressee(parties: dict[str, Any] | None, applicant_name: str) -> str:
    """Whom a notice speaks to: the company, or the applicant (an agent carries it to them)."""
    if parties and parties.get("kind") == "company" and parties.get("company"):
        return str(parties["company"]["name"])
    return applicant_name
