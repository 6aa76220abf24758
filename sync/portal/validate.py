"""Every request checked against docs/portal-api.yaml before a handler runs.

The contract is the one description of what a request may hold: path and query
parameters and the body are validated with jsonschema against the schemas of the
operation the request names, admin operations included. What breaks them gets the
spec's refusal: a path naming nothing is 404 ``not-found``; a query outside its
schema is 400 ``bad-request``; a body outside its schema is 422 (``invalid-case``
for a case, ``invalid-rating`` for a rating, ``invalid-request`` otherwise) with
``errors`` naming each field. Headers are left to their owners: the signature
headers to the verifier (an unsigned request is a 401, not a 400), the
Idempotency-Key to the handler. The portal's own domain checks (checks.py) still
run after this: the spec says what a body looks like, the portal what it may mean.

jsonschema over the spec's own schemas rather than openapi-core: the same checks at
a fifth of the import time (measured in docs/operations.md), and one library.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from sync.portal.problems import Problem, field_error

if TYPE_CHECKING:
    from sync.portal.app import Portal
    from sync.portal.wire import Request

# From a checkout and from the bundle alike (build.spec puts docs/ beside the packages).
SPEC_PATH = (
    Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2])) / "docs" / "portal-api.yaml"
)
MAX_ERRORS = 50  # an answer names this many at most: enough to fix a body, bounded to send
# The refusal of a body by operation; the outbox explains these two to a clerk by name.
BODY_PROBLEM = {
    "pushCase": "invalid-case",
    "pushRating": "invalid-rating",
    "pushFollowupStep": "invalid-followup",
}
_CODES = {
    "type": "wrong_type",
    "enum": "not_allowed",
    "const": "not_allowed",
    "pattern": "bad_format",
    "minLength": "bad_length",
    "maxLength": "bad_length",
    "minimum": "out_of_range",
    "maximum": "out_of_range",
    "minItems": "bad_count",
    "maxItems": "bad_count",
    "additionalProperties": "unexpected",
}


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    pattern: re.Pattern[str]
    path: dict[str, tuple[Validator, bool]]  # name -> (schema, whether an integer)
    query: dict[str, tuple[Validator, bool]]
    headers: dict[str, tuple[Validator, bool]]  # lower-case names; required or not
    body: Validator | None
    signed: bool  # the spec asks for the terminal's signature


class Contract:
    """The operations of the spec, each with its parameter and body validators."""

    def __init__(self, spec: dict[str, Any]) -> None:
        root = Draft202012Validator(spec, format_checker=FormatChecker())
        self.operations: list[Operation] = []
        for template, item in spec["paths"].items():
            pattern = re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)))
            for method, op in item.items():
                if method not in ("get", "post", "put", "delete", "patch"):
                    continue
                path: dict[str, tuple[Validator, bool]] = {}
                query: dict[str, tuple[Validator, bool]] = {}
                headers: dict[str, tuple[Validator, bool]] = {}
                for param in [*item.get("parameters", []), *op.get("parameters", [])]:
                    if "$ref" in param:
                        param = _resolve(spec, param["$ref"])
                    schema = param.get("schema", {})
                    integer = _resolve_schema(spec, schema).get("type") == "integer"
                    if param["in"] == "path":
                        path[param["name"]] = (root.evolve(schema=schema), integer)
                    elif param["in"] == "query":
                        query[param["name"]] = (root.evolve(schema=schema), integer)
                    elif param["in"] == "header" and not param["name"].startswith("Tongban-"):
                        # (the signature's own headers are the verifier's: 401, not 400)
                        required = bool(param.get("required"))
                        headers[param["name"].lower()] = (root.evolve(schema=schema), required)
                content = op.get("requestBody", {}).get("content", {}).get("application/json")
                body = root.evolve(schema=content["schema"]) if content else None
                security = op.get("security", spec.get("security", []))
                signed = bool(security) and {} not in security
                operation = Operation(
                    op["operationId"], method.upper(), pattern, path, query, headers, body, signed
                )
                self.operations.append(operation)
        # Literal paths before templates: /queue/merge is not /queue/tickets/{ticket_id}.
        self.operations.sort(key=lambda o: o.pattern.pattern.count("(?P<"))

    def find(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for op in self.operations:
            match = op.pattern.fullmatch(path)
            if match and op.method == method:
                return op, match.groupdict()
        return None

    def check(self, request: Request, found: tuple[Operation, dict[str, str]]) -> None:
        """Raise the spec's refusal for a request outside its operation's schemas."""
        op, params = found
        query = parse_qs(urlsplit(request.target).query)
        for name, (validator, integer) in op.path.items():
            value: Any = params.get(name, "")
            if integer and value.isdigit() and len(value) <= 18:
                value = int(value)
            if not validator.is_valid(value):
                raise Problem("not-found")
        errors: list[dict[str, str]] = []
        for name, (validator, required) in op.headers.items():
            if name in request.headers:
                errors.extend(_errors(validator, request.headers[name], name))
            elif required:
                errors.append(field_error(name, "missing"))
        for name, (validator, integer) in op.query.items():
            if name not in query:
                continue
            values = query[name]
            value = values[0]
            if len(values) > 1:
                errors.append(field_error(name, "repeated"))
            elif integer and re.fullmatch(r"-?[0-9]{1,18}", value):
                errors.extend(_errors(validator, int(value), name))
            else:
                errors.extend(_errors(validator, value, name))
        if errors:
            raise Problem("bad-request", {"errors": errors[:MAX_ERRORS]})
        if op.body is None:
            return
        body = request.json()
        errors = _errors(op.body, body, "")
        if not errors:
            return
        name = BODY_PROBLEM.get(op.operation_id, "invalid-request")
        params_: dict[str, Any] = {}
        if name == "invalid-case":
            receipt = body.get("receipt_no") if isinstance(body, dict) else None
            params_ = {
                "receipt_no": receipt if isinstance(receipt, str) else "",
                "count": len(errors),
            }
        elif name in ("invalid-rating", "invalid-followup"):
            params_ = {"count": len(errors)}
        raise Problem(name, {"errors": errors[:MAX_ERRORS]}, **params_)


def _errors(validator: Validator, instance: Any, prefix: str) -> list[dict[str, str]]:
    # (jsonschema reports each missing property once per required list: kept once here)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for error in validator.iter_errors(instance):
        for e in _describe(error, prefix):
            found.setdefault((e["field"], e["problem"]), e)
        if len(found) >= MAX_ERRORS:
            break
    return list(found.values())[:MAX_ERRORS]


def _describe(error: ValidationError, prefix: str) -> list[dict[str, str]]:
    parts = [prefix] if prefix else []
    parts += [f"[{p}]" if isinstance(p, int) else str(p) for p in error.absolute_path]
    where = ".".join(parts).replace(".[", "[")
    if error.validator == "required" and isinstance(error.instance, dict):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [p for p in required if p not in error.instance]
        return [field_error(f"{where}.{p}" if where else p, "missing") for p in missing]
    if error.validator == "format":
        return [field_error(where, f"not_{error.validator_value}")]
    return [field_error(where, _CODES.get(str(error.validator), "not_allowed"))]


def _resolve(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return dict(node)


def _resolve_schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    return _resolve(spec, schema["$ref"]) if "$ref" in schema else schema


def admit(portal: Portal, request: Request) -> None:
    """Before any handler: who asks (the admin rule, or the terminal's signature, as the
    spec's security says), then whether the request is one the spec describes. So an
    unsigned caller learns nothing from the shape of its request but a 401."""
    if request.path.startswith("/admin/"):
        portal.admin(request)
    found = contract().find(request.method, request.path)
    if found is None:
        return  # not an operation of the spec: the router answers 404 or 405
    if found[0].signed:
        portal.signed(request)
    contract().check(request, found)


_contract: Contract | None = None
_lock = threading.Lock()


def contract() -> Contract:
    """The spec, read once per process (about 0.1 s with the C YAML loader)."""
    global _contract
    with _lock:
        if _contract is None:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            _contract = Contract(yaml.load(SPEC_PATH.read_text("utf-8"), Loader=loader))
        return _contract
