"""Who applied, as the portal takes and shows it (issue 14): an agent (代办人) for a person,
or a company (法人及其他组织) through its 经办人. A case body without ``parties`` is the
applicant's own, as every body before issue 14 was."""

from __future__ import annotations

import json
import re
from typing import Any

from sync.portal.problems import field_error

KINDS = ("self", "agent", "company")
_ID_NUMBER = re.compile(r"[0-9A-Z]{6,36}")
_CREDIT_CODE = re.compile(r"[0-9A-Z]{18}")


def parties_errors(body: dict[str, Any]) -> list[dict[str, str]]:
    """Problems of a body's ``parties``; none when it has none."""
    if "parties" not in body:
        return []
    parties = body["parties"]
    if not isinstance(parties, dict) or parties.get("kind") not in KINDS:
        return [field_error("parties.kind", "not_allowed")]
    errors: list[dict[str, str]] = []
    if parties["kind"] == "agent":
        agent = parties.get("agent")
        if not isinstance(agent, dict) or not str(agent.get("name", "")).strip():
            errors.append(field_error("parties.agent", "missing"))
        elif not _ID_NUMBER.fullmatch(str(agent.get("id_number", ""))):
            errors.append(field_error("parties.agent.id_number", "not_id_number"))
        if not str(parties.get("relation", "")).strip():
            errors.append(field_error("parties.relation", "missing"))
    if parties["kind"] == "company":
        company = parties.get("company")
        if not isinstance(company, dict) or not str(company.get("name", "")).strip():
            errors.append(field_error("parties.company", "missing"))
        elif not _CREDIT_CODE.fullmatch(str(company.get("credit_code", ""))):
            errors.append(field_error("parties.company.credit_code", "not_credit_code"))
    return errors


def shown(body_json: str) -> dict[str, Any] | None:
    """What the back office's case list shows of who applied (None: the applicant's own)."""
    parties = json.loads(body_json).get("parties")
    return parties if isinstance(parties, dict) else None
