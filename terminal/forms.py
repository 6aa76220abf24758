"""Validation of form fields by their catalogue type, with a message a person can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from terminal import credit_code
from terminal.catalogue import FieldSpec
from terminal.credit_code import CreditCodeInvalid
from terminal.i18n import TongbanError
from terminal.identity import IdNumberInvalid, check_id_number, normalise_id_number

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")


class FieldInvalid(TongbanError):
    """One field's value is wrong; ``field_id`` says which, the message says why."""

    def __init__(self, field_id: str, msg_id: str, **params: Any) -> None:
        super().__init__(msg_id, **params)
        self.field_id = field_id


@dataclass(frozen=True)
class FormResult:
    values: dict[str, Any]  # normalised: trimmed text, int, "12.50", ISO date, bool
    errors: dict[str, FieldInvalid]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_form(
    fields: tuple[FieldSpec, ...],
    raw: Mapping[str, Any],
    *,
    require_complete: bool,
    today: date | None = None,
) -> FormResult:
    """Check every field; an empty required field is an error only when ``require_complete``."""
    values: dict[str, Any] = {}
    errors: dict[str, FieldInvalid] = {}
    known = {f.id for f in fields}
    for unknown in sorted(set(raw) - known):
        errors[unknown] = FieldInvalid(unknown, "field.unknown", field=unknown)
    for spec in fields:
        value = raw.get(spec.id)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required and require_complete:
                errors[spec.id] = FieldInvalid(spec.id, "field.required", field=spec.label)
            continue
        try:
            values[spec.id] = validate_value(spec, value, today or date.today())
        except FieldInvalid as e:
            errors[spec.id] = e
    return FormResult(values, errors)


def validate_value(spec: FieldSpec, value: Any, today: date) -> Any:
    check = _CHECKS[spec.type]
    return check(spec, value, today)


def _fail(spec: FieldSpec, msg_id: str, **params: Any) -> FieldInvalid:
    return FieldInvalid(spec.id, msg_id, field=spec.label, **params)


def _text(spec: FieldSpec, value: Any, today: date) -> str:
    text = str(value).strip()
    lo, hi = spec.rules.get("min_length"), spec.rules.get("max_length")
    if lo is not None and len(text) < lo:
        raise _fail(spec, "field.too_short", min=lo)
    if hi is not None and len(text) > hi:
        raise _fail(spec, "field.too_long", max=hi)
    return text


_Number = TypeVar("_Number", int, Decimal)


def _bounded(spec: FieldSpec, number: _Number) -> _Number:
    lo, hi = spec.rules.get("min"), spec.rules.get("max")
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise _fail(
            spec,
            "field.out_of_range",
            min=lo if lo is not None else "",
            max=hi if hi is not None else "",
        )
    return number


def _integer(spec: FieldSpec, value: Any, today: date) -> int:
    if isinstance(value, bool):
        raise _fail(spec, "field.not_integer")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _fail(spec, "field.not_integer") from None
    return _bounded(spec, number)


def _money(spec: FieldSpec, value: Any, today: date) -> str:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(spec, "field.not_money") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _fail(spec, "field.not_money")
    return str(_bounded(spec, amount).quantize(Decimal("0.01")))


def _date(spec: FieldSpec, value: Any, today: date) -> str:
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise _fail(spec, "field.not_date") from None
    if spec.rules.get("not_future") and day > today:
        raise _fail(spec, "field.date_future")
    return day.isoformat()


def _phone(spec: FieldSpec, value: Any, today: date) -> str:
    text = normalise_id_number(str(value)).replace("+86", "")
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return text
    raise _fail(spec, "field.not_phone")


def _id_number(spec: FieldSpec, value: Any, today: date) -> str:
    try:
        return check_id_number(str(value), today).number
    except IdNumberInvalid as e:
        raise _fail(spec, "field.id_number", reason=e.text()) from None


def _choice(spec: FieldSpec, value: Any, today: date) -> str:
    allowed = {o.value for o in spec.options()}
    if str(value) not in allowed:
        raise _fail(spec, "field.not_option", allowed="、".join(o.label for o in spec.options()))
    return str(value)


def _bool(spec: FieldSpec, value: Any, today: date) -> bool:
    if isinstance(value, bool):
        return value
    raise _fail(spec, "field.not_bool")


def _uscc(spec: FieldSpec, value: Any, today: date) -> str:
    try:
        facts = credit_code.inspect(str(value))
    except CreditCodeInvalid:
        raise _fail(spec, "field.not_uscc") from None
    if not facts.check_ok:
        raise _fail(spec, "field.uscc_check")
    return facts.code


def _postcode(spec: FieldSpec, value: Any, today: date) -> str:
    text = str(value).strip()
    if len(text) == 6 and text.isdigit():
        return text
    raise _fail(spec, "field.not_postcode")


_CHECKS = {
    "text": _text,
    "integer": _integer,
    "money": _money,
    "date": _date,
    "phone": _phone,
    "id_number": _id_number,
    "choice": _choice,
    "bool": _bool,
    "uscc": _uscc,
    "postcode": _postcode,
}
