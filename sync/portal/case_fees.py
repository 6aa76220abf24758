"""A case's fee and 加急 at the portal: checked on arrival, shown to the back office.

The terminal sends them only where there are any (terminal/fees.py), in 分; a body
without them is a free case handled the usual way, as every case before them was."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sync.portal.problems import field_error

METHODS = ("cash", "bank_card", "qr_code", "transfer")  # terminal/fees.py PAYMENT_METHODS


def _fen(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def fee_errors(body: dict[str, Any]) -> list[dict[str, str]]:
    """What the schema cannot say: the items sum to the amount; paid xor exempt."""
    errors: list[dict[str, str]] = []
    fee = body.get("fee")
    if isinstance(fee, dict):
        items = fee.get("items")
        amounts: list[Any] = [i.get("amount_fen") for i in items or [] if isinstance(i, dict)]
        if not _fen(fee.get("amount_fen")) or not all(_fen(a) for a in amounts):
            errors.append(field_error("fee.amount_fen", "not_fen"))
        elif amounts and sum(int(a) for a in amounts) != fee["amount_fen"]:
            errors.append(field_error("fee.items", "not_the_amount"))
        if body.get("decision") != "accepted":
            errors.append(field_error("fee", "only_when_accepted"))
        if bool(fee.get("exempt_reason")) == bool(fee.get("method")):
            errors.append(field_error("fee", "paid_or_exempt"))
        elif fee.get("method") and fee["method"] not in METHODS:
            errors.append(field_error("fee.method", "not_allowed"))
    elif "fee" in body:
        errors.append(field_error("fee", "not_object"))
    expedited = body.get("expedited")
    if "expedited" in body and not (
        isinstance(expedited, dict) and isinstance(expedited.get("services"), list)
    ):
        errors.append(field_error("expedited", "not_object"))
    return errors


def summary(body: dict[str, Any]) -> dict[str, Any]:
    """The back office's line: what was charged and how it was settled, and 加急."""
    out: dict[str, Any] = {}
    fee = body.get("fee")
    if isinstance(fee, dict):
        out["fee"] = {k: fee.get(k) for k in ("amount_fen", "method", "reference", "exempt_reason")}
    if isinstance(body.get("expedited"), dict):
        out["expedited"] = True
    if body.get("due_date"):
        out["due_date"] = body["due_date"]
    return out


def case_summaries(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """case id → its fee line, for the cases that charged or were expedited."""
    rows = conn.execute(
        "SELECT case_id, body FROM cases WHERE json_extract(body, '$.fee') IS NOT NULL"
        " OR json_extract(body, '$.expedited') IS NOT NULL"
    ).fetchall()
    return {str(r["case_id"]): summary(json.loads(r["body"])) for r in rows}
