"""Who may ask for a withdrawal (撤回) at the counter, and how it is recorded (review 5,
finding 9): the applicant (their card read, or the receipt with their ID number keyed whole),
or the agent of record (代办人, as the case names them) with their own card read; anyone else
is refused. The event says who presented it, the journal names them masked.

The record itself is terminal/case_events.py's ``record_withdrawal``; the rule is here."""

from __future__ import annotations

import json
from typing import Any

from terminal.case_machine import CaseError
from terminal.identity import mask_id_number, normalise_id_number

APPLICANT = "applicant"
AGENT = "agent"


def agent_of_record(materials: Any) -> dict[str, Any] | None:
    """The case's 代办人 as recorded with it (the parties ride in its materials JSON)."""
    raw = materials if isinstance(materials, dict) else json.loads(materials or "{}")
    parties = raw.get("parties") or {}
    agent = parties.get("agent") if parties.get("kind") == AGENT else None
    return agent if isinstance(agent, dict) and agent.get("id_number") else None


def presented_by(case: Any, name: str, id_number: str, proof: str) -> dict[str, str]:
    """Who presents this withdrawal: {"role", "name", "proof"}; CaseError for anyone not
    entitled (an agent without their card read, or a stranger)."""
    said = normalise_id_number(id_number)
    if said == normalise_id_number(str(case["id_number"])):
        return {"role": APPLICANT, "name": name or str(case["applicant_name"]), "proof": proof}
    agent = agent_of_record(case["materials"])
    if agent is not None and said == normalise_id_number(str(agent["id_number"])):
        if proof != "card":
            raise CaseError("case.withdraw_agent_card")
        return {"role": AGENT, "name": name or str(agent.get("name") or ""), "proof": proof}
    raise CaseError("case.withdraw_not_applicant")


def journaled(who: dict[str, str], id_number: str) -> dict[str, str]:
    """The journal's words for who presented it: role and masked number, not the name."""
    return {"citizen": mask_id_number(id_number), "proof": who["proof"], "role": who["role"]}
