"""The shape of a `tongban case import` file, checked against its JSON Schema
(terminal/data/case-import.schema.json, published as docs/case-import.schema.json).

The schema is the single source of truth for types, lengths and patterns; this module
only turns each violation into a sentence in the terminal's language that names the
record and the field. What the schema cannot say (the catalogue's rules, dates that
must be plausible) is checked afterwards, record by record, in terminal/importer.py.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from terminal.i18n import TongbanError, tr

SCHEMA_FILE = "case-import.schema.json"
# Validators whose failure has its own sentence; any other gets the generic one.
_KNOWN = {
    "type",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "maxProperties",
    "uniqueItems",
    "oneOf",
}


@cache
def schema() -> dict[str, Any]:
    text = resources.files("terminal").joinpath("data", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Any:
    import jsonschema  # ~60 ms: only when a file is imported

    cls = jsonschema.Draft202012Validator
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


def _field(path: list[Any]) -> str:
    """``applicant.name``, ``materials.handed.CL-SFZ.copies``: what a supervisor can find."""
    return ".".join(str(p) for p in path) or "—"


def _problem(error: Any, rel: list[Any]) -> TongbanError:
    kind = error.validator if error.validator in _KNOWN else "other"
    field = _field(rel)
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return TongbanError("import.schema.required", field=_field([*rel, missing]))
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return TongbanError("import.schema.additional", field=field, keys=", ".join(extra))
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return TongbanError("import.schema.enum", field=field, allowed=allowed)
    if kind in ("pattern", "format") and error.schema.get("examples"):
        kind = "pattern"  # one sentence for either, with what a right value looks like
        expected = error.schema["examples"][0]
    elif kind == "type":
        return _TypeProblem(field=field, value=_shown(error.instance), kind=error.validator_value)
    else:
        expected = error.validator_value if not isinstance(error.validator_value, dict) else ""
    return TongbanError(
        f"import.schema.{kind}", field=field, value=_shown(error.instance), expected=str(expected)
    )


def _shown(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "…"


class _TypeProblem(TongbanError):
    """The expected type named in the language the message is rendered in."""

    def __init__(self, *, field: str, value: str, kind: str) -> None:
        super().__init__("import.schema.type", field=field, value=value)
        self.kind = kind

    def text(self, language: str | None = None) -> str:
        expected = tr("import.kind." + self.kind, language)
        return tr(self.msg_id, language, **self.params, expected=expected)


def problems(raw: Any) -> list[tuple[int, TongbanError]]:
    """Every violation of the schema as (record number from 1, or 0 for the file, problem)."""
    found: list[tuple[int, TongbanError]] = []
    seen: set[tuple[str, ...]] = set()
    for error in sorted(_validator().iter_errors(raw), key=lambda e: list(map(str, e.path))):
        path = list(error.absolute_path)
        if tuple(map(str, path)) in seen:
            continue  # one sentence per field (a bad time breaks its pattern and its format)
        seen.add(tuple(map(str, path)))
        if len(path) >= 2 and path[0] == "cases" and isinstance(path[1], int):
            found.append((path[1] + 1, _problem(error, path[2:])))
        else:
            found.append((0, _problem(error, path)))
    return found
