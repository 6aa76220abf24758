"""What a correction (更正, terminal/case_events.py) may change beyond the applicant's name,
the form and the materials' counts (review finding 10): the fee's payment reference, the
company's name, credit code and legal representative, the agent's relation and phone.

Each change keeps its value before and after in the event (the portal and the re-issued
paper, marked 更正版, show both). The company and the agent ride in the case row's
materials JSON (``parties``); the payment reference is in the case's push body, which never
changes: the corrected one is the last correction's (``fees.recorded`` reads it).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from terminal import credit_code, fees
from terminal.case_machine import CaseError
from terminal.parties import RELATIONS

FEE_REFERENCE = "fee.reference"
COMPANY = ("company.name", "company.credit_code", "company.legal_rep")
AGENT = ("agent.relation", "agent.phone")
FIELDS = (FEE_REFERENCE, *COMPANY, *AGENT)
# What the paper calls each (the window's own words are ui/case_actions.py's).
LABELS = {
    FEE_REFERENCE: "缴费凭证号",
    "company.name": "单位名称",
    "company.credit_code": "统一社会信用代码",
    "company.legal_rep": "法定代表人",
    "agent.relation": "代办人与申请人关系",
    "agent.phone": "代办人联系电话",
}
_PHONE = re.compile(r"[0-9+\-]{5,20}")


def current(conn: sqlite3.Connection, case_id: str, materials: Mapping[str, Any]) -> dict[str, Any]:
    """The case's present values of the fields it has (a self case has no company or agent;
    a free or waived case no payment reference)."""
    out: dict[str, Any] = {}
    fee = fees.recorded(conn, case_id).get("fee")
    if fee and fee.get("method"):
        out[FEE_REFERENCE] = fee.get("reference") or ""
    parties = materials.get("parties") or {}
    company = parties.get("company")
    if company:
        for key in COMPANY:
            out[key] = company.get(key.removeprefix("company."), "")
    if parties.get("agent"):
        out["agent.relation"] = parties.get("relation", "")
        out["agent.phone"] = parties["agent"].get("phone", "")
    return out


def changes_of(now: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field whose wanted value differs."""
    return [
        (key, now[key], str(wanted[key]).strip())
        for key in FIELDS
        if key in now and key in wanted and str(wanted[key]).strip() != now[key]
    ]


def check(conn: sqlite3.Connection, case_id: str, field: str, after: Any) -> None:
    """Refuse, in words, a corrected value the case could not have been accepted with."""
    value = str(after).strip()
    if field == FEE_REFERENCE:
        if not value or len(value) > fees.MAX_REFERENCE:
            raise CaseError("case.correction_bad_value", field=LABELS[field])
        from terminal.fee_settlement import reference_used

        other = reference_used(conn, value, case_id)
        if other is not None:
            raise fees.FeeError("fee.reference_used", reference=value, receipt_no=other)
    elif not _valid(field, value):
        raise CaseError("case.correction_bad_value", field=LABELS[field])


def _valid(field: str, value: str) -> bool:
    if field == "company.credit_code":
        try:  # a failing check character needs the override a correction does not carry
            credit_code.check(value)
        except credit_code.CreditCodeInvalid:
            return False
        return True
    if field == "agent.relation":
        return value in RELATIONS
    if field == "agent.phone":
        return _PHONE.fullmatch(value) is not None
    return bool(value)  # a company's name or legal representative


def apply(materials: dict[str, Any], field: str, after: Any) -> None:
    """Write the corrected value where the case row keeps it (the payment reference stays in
    the event: ``fees.recorded``)."""
    value = str(after).strip()
    parties = materials.get("parties") or {}
    if field in COMPANY:
        key = field.removeprefix("company.")
        parties["company"][key] = credit_code.normalise(value) if key == "credit_code" else value
    elif field == "agent.relation":
        parties["relation"] = value
    elif field == "agent.phone":
        parties["agent"]["phone"] = value


def corrected_reference(conn: sqlite3.Connection, case_id: str) -> str | None:
    """The payment reference as last corrected, or None when never corrected."""
    rows = conn.execute(
        "SELECT body FROM outbox WHERE case_id = ? AND kind = 'case.event' ORDER BY id",
        (case_id,),
    ).fetchall()
    found = None
    for (raw,) in rows:
        body = json.loads(raw)
        if body.get("kind") == "corrected":
            for change in body.get("changes") or []:
                if change.get("field") == FEE_REFERENCE:
                    found = str(change.get("after"))
    return found
