"""What the portal refuses for its content (422): every problem of a body at once."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from sync.link.protocol import CASE_FORMAT, RATING_FORMAT
from sync.portal.case_fees import fee_errors
from sync.portal.case_parties import parties_errors
from sync.portal.problems import field_error
from terminal.identity import last_four

DECISIONS = ("accepted", "needs_correction", "rejected")
_ID_NUMBER = re.compile(r"[0-9A-Z]{6,36}")


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _is_aware_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _text(body: dict[str, Any], key: str, errors: list[dict[str, str]], prefix: str = "") -> None:
    value = body.get(key)
    if value is None:
        errors.append(field_error(prefix + key, "missing"))
    elif not isinstance(value, str) or not value.strip():
        errors.append(field_error(prefix + key, "not_text"))


def case_errors(body: Any, terminal_id: str) -> list[dict[str, str]]:
    """Problems of a case body sent by ``terminal_id``; empty when the portal takes it."""
    if not isinstance(body, dict):
        return [field_error("", "not_object")]
    errors: list[dict[str, str]] = []
    if body.get("format") != CASE_FORMAT:
        errors.append(field_error("format", "unknown_format"))
    if not _is_uuid(body.get("case_id")):
        errors.append(field_error("case_id", "not_uuid"))
    for key in ("receipt_no", "intake_code", "catalogue_version", "clerk"):
        _text(body, key, errors)
    if body.get("terminal_id") != terminal_id:
        errors.append(field_error("terminal_id", "not_this_terminal"))
    if body.get("decision") not in DECISIONS:
        errors.append(field_error("decision", "not_allowed"))
    if body.get("decision") == "rejected" and not body.get("reason"):
        errors.append(field_error("reason", "missing"))
    if not _is_aware_time(body.get("received_at")):
        errors.append(field_error("received_at", "not_time_with_offset"))
    services = body.get("services")
    if not isinstance(services, list) or not services:
        errors.append(field_error("services", "empty"))
    elif not all(isinstance(s, dict) and isinstance(s.get("code"), str) for s in services):
        errors.append(field_error("services", "not_service_list"))
    applicant = body.get("applicant")
    if not isinstance(applicant, dict):
        errors.append(field_error("applicant", "missing"))
    else:
        _text(applicant, "name", errors, "applicant.")
        _text(applicant, "kind", errors, "applicant.")
        if not _ID_NUMBER.fullmatch(str(applicant.get("id_number", ""))):
            errors.append(field_error("applicant.id_number", "not_id_number"))
    for key in ("answers", "form", "materials"):
        if not isinstance(body.get(key), dict):
            errors.append(field_error(key, "not_object"))
    if not isinstance(body.get("missing"), list):
        errors.append(field_error("missing", "not_list"))
    # A fee and 加急, an agent or a company (issue 14).
    return errors + fee_errors(body) + parties_errors(body)


def rating_errors(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return [field_error("", "not_object")]
    errors: list[dict[str, str]] = []
    if body.get("format") != RATING_FORMAT:
        errors.append(field_error("format", "unknown_format"))
    for key in ("rating_id", "case_id"):
        if not _is_uuid(body.get(key)):
            errors.append(field_error(key, "not_uuid"))
    level = body.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
        errors.append(field_error("level", "not_1_to_5"))
    comment = body.get("comment", "")
    if not isinstance(comment, str) or len(comment) > 500:
        errors.append(field_error("comment", "too_long"))
    if not _is_aware_time(body.get("rated_at")):
        errors.append(field_error("rated_at", "not_time_with_offset"))
    # Optional: only a kiosk rating a case another terminal of its hall pushed sends it
    # (intake.receive_rating), as the citizen's proof of being the applicant.
    if "id_last4" in body and not (
        isinstance(body["id_last4"], str) and last_four(body["id_last4"]) is not None
    ):
        errors.append(field_error("id_last4", "not_4_characters"))
    return errors
