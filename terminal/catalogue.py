"""The service catalogue: coded, versioned services, standardised materials, life-event bundles.

The catalogue is a data file (see docs/catalogue.md); this module loads it,
refuses an inconsistent one with a message that names the entry, and answers
the questions an intake asks: which questions, which fields, which materials
for these answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from terminal.i18n import TongbanError

FORMAT = "tongban.catalogue/1"
DATA_DIR = Path(__file__).parent / "data"
FIELD_TYPES = {
    "text": {"min_length", "max_length"},
    "integer": {"min", "max"},
    "money": {"min", "max"},
    "date": {"not_future"},
    "phone": set(),
    "id_number": set(),
    "choice": {"options"},
    "bool": set(),
    "uscc": set(),
    "postcode": set(),
}
_FIELD_BASE_KEYS = {"id", "label", "label_en", "type", "required"}


class CatalogueError(TongbanError):
    """The catalogue file is not usable; the message names the entry and the problem."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    label_en: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    text_en: str
    options: tuple[Option, ...]

    def values(self) -> set[str]:
        return {o.value for o in self.options}


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    label_en: str
    type: str
    required: bool
    rules: Mapping[str, Any]  # the type's extra keys (min_length, options, ...)

    def options(self) -> tuple[Option, ...]:
        return tuple(_option(o) for o in self.rules.get("options", ()))


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    name_en: str
    ecert: bool
    where: str
    where_en: str


@dataclass(frozen=True)
class Requirement:
    material: Material
    originals: int
    copies: int
    when: Mapping[str, tuple[str, ...]]
    why: str
    why_en: str

    def applies(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(q) in allowed for q, allowed in self.when.items())


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    name_en: str


@dataclass(frozen=True)
class Service:
    code: str
    version: int
    name: str
    name_en: str
    department: Department
    time_limit_days: int
    fee_yuan: Decimal
    fee_note: str
    legal_basis: str
    questions: tuple[Question, ...]
    fields: tuple[FieldSpec, ...]
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Bundle:
    code: str
    name: str
    name_en: str
    services: tuple[Service, ...]
    description: str
    description_en: str


@dataclass(frozen=True)
class Intake:
    """What one application asks: a single service, or every service of a bundle, merged.

    Questions and fields with the same id are asked once; a standardised
    material needed by several services is listed once with the largest counts.
    """

    code: str
    name: str
    name_en: str
    services: tuple[Service, ...]
    bundle: Bundle | None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(_first_by_id(q for s in self.services for q in s.questions))

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """Each field once; required when any service of the intake requires it."""
        merged = _first_by_id(f for s in self.services for f in s.fields)
        needed = {f.id for s in self.services for f in s.fields if f.required}
        return tuple(replace(f, required=f.id in needed) for f in merged)

    @property
    def time_limit_days(self) -> int:
        return max(s.time_limit_days for s in self.services)

    @property
    def fee_yuan(self) -> Decimal:
        return sum((s.fee_yuan for s in self.services), Decimal(0))

    def required_materials(self, answers: Mapping[str, str]) -> list[Requirement]:
        """The materials these situation answers call for, one entry per standardised material."""
        merged: dict[str, Requirement] = {}
        for service in self.services:
            for req in service.requirements:
                if not req.applies(answers):
                    continue
                have = merged.get(req.material.code)
                if have is None:
                    merged[req.material.code] = req
                else:
                    merged[req.material.code] = Requirement(
                        have.material,
                        max(have.originals, req.originals),
                        max(have.copies, req.copies),
                        have.when,
                        have.why,
                        have.why_en,
                    )
        return list(merged.values())


_Item = TypeVar("_Item", Question, FieldSpec)


def _first_by_id(items: Iterable[_Item]) -> list[_Item]:
    seen: dict[str, _Item] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


@dataclass(frozen=True)
class Catalogue:
    version: str
    region: str
    departments: Mapping[str, Department]
    materials: Mapping[str, Material]
    services: Mapping[str, Service]
    bundles: Mapping[str, Bundle]

    def intake(self, code: str) -> Intake:
        """The intake for a service code or a bundle code."""
        if code in self.services:
            s = self.services[code]
            return Intake(s.code, s.name, s.name_en, (s,), None)
        if code in self.bundles:
            b = self.bundles[code]
            return Intake(b.code, b.name, b.name_en, b.services, b)
        raise CatalogueError("catalogue.unknown_code", code=code)


def _option(raw: Mapping[str, Any]) -> Option:
    return Option(str(raw["value"]), str(raw["label"]), str(raw.get("label_en", raw["label"])))


@cache
def load_default() -> Catalogue:
    """The catalogue shipped with the program."""
    text = (DATA_DIR / "catalogue.json").read_text("utf-8")
    return parse(json.loads(text), "catalogue.json")


def load(path: Path) -> Catalogue:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise CatalogueError("catalogue.unreadable", path=str(path), error=str(e)) from None
    return parse(raw, str(path))


def parse(raw: Mapping[str, Any], source: str) -> Catalogue:
    return _Parser(source).catalogue(raw)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> CatalogueError:
        return CatalogueError("catalogue.invalid", source=self.source, where=where, problem=problem)

    def catalogue(self, raw: Mapping[str, Any]) -> Catalogue:
        if raw.get("format") != FORMAT:
            raise self.fail("format", f"expected {FORMAT!r}, found {raw.get('format')!r}")
        try:
            departments = {
                code: Department(code, d["name"], d.get("name_en", d["name"]))
                for code, d in raw["departments"].items()
            }
            materials = {
                code: Material(
                    code,
                    m["name"],
                    m.get("name_en", m["name"]),
                    bool(m.get("ecert", False)),
                    m.get("where", ""),
                    m.get("where_en", m.get("where", "")),
                )
                for code, m in raw["materials"].items()
            }
        except (KeyError, TypeError, AttributeError) as e:
            raise self.fail("departments/materials", f"missing or malformed {e}") from None
        services: dict[str, Service] = {}
        for i, s in enumerate(raw.get("services", [])):
            service = self.service(s, i, departments, materials)
            if service.code in services:
                raise self.fail(f"services[{i}]", f"duplicate code {service.code}")
            services[service.code] = service
        bundles = {}
        for i, b in enumerate(raw.get("bundles", [])):
            bundle = self.bundle(b, i, services)
            bundles[bundle.code] = bundle
        if set(bundles) & set(services):
            raise self.fail("bundles", "a bundle code equals a service code")
        return Catalogue(
            str(raw.get("version", "")),
            str(raw.get("region", "")),
            departments,
            materials,
            services,
            bundles,
        )

    def service(
        self,
        s: Mapping[str, Any],
        index: int,
        departments: Mapping[str, Department],
        materials: Mapping[str, Material],
    ) -> Service:
        where = f"services[{index}] {s.get('code', '?')}"
        try:
            questions = tuple(
                Question(
                    q["id"],
                    q["text"],
                    q.get("text_en", q["text"]),
                    tuple(map(_option, q["options"])),
                )
                for q in s.get("questions", [])
            )
            fields = tuple(self.field(f, where) for f in s.get("fields", []))
            by_question = {q.id: q for q in questions}
            requirements = tuple(
                self.requirement(r, where, materials, by_question) for r in s.get("materials", [])
            )
            if s["department"] not in departments:
                raise self.fail(where, f"unknown department {s['department']!r}")
            fee = Decimal(str(s.get("fee_yuan", "0")))
            service = Service(
                code=s["code"],
                version=int(s["version"]),
                name=s["name"],
                name_en=s.get("name_en", s["name"]),
                department=departments[s["department"]],
                time_limit_days=int(s["time_limit_days"]),
                fee_yuan=fee,
                fee_note=s.get("fee_note", ""),
                legal_basis=s.get("legal_basis", ""),
                questions=questions,
                fields=fields,
                requirements=requirements,
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as e:
            raise self.fail(where, f"missing or malformed {e}") from None
        ids = [q.id for q in questions] + [f.id for f in fields]
        if len(ids) != len(set(ids)):
            raise self.fail(where, "question and field ids must be unique")
        if service.version < 1 or service.time_limit_days < 0 or fee < 0:
            raise self.fail(where, "version ≥ 1, time_limit_days ≥ 0 and fee ≥ 0 are required")
        for q in questions:
            if len(q.values()) < 2 or len(q.values()) != len(q.options):
                raise self.fail(where, f"question {q.id} needs two or more distinct options")
        return service

    def field(self, f: Mapping[str, Any], where: str) -> FieldSpec:
        kind = f["type"]
        if kind not in FIELD_TYPES:
            raise self.fail(where, f"field {f['id']}: unknown type {kind!r}")
        extra = set(f) - _FIELD_BASE_KEYS
        if extra - FIELD_TYPES[kind]:
            raise self.fail(
                where,
                f"field {f['id']}: keys {sorted(extra - FIELD_TYPES[kind])} not allowed for {kind}",
            )
        if kind == "choice" and len({str(o["value"]) for o in f.get("options", [])}) < 2:
            raise self.fail(where, f"field {f['id']}: a choice needs two or more distinct options")
        rules = {k: f[k] for k in extra}
        return FieldSpec(
            f["id"],
            f["label"],
            f.get("label_en", f["label"]),
            kind,
            bool(f.get("required", False)),
            rules,
        )

    def requirement(
        self,
        r: Mapping[str, Any],
        where: str,
        materials: Mapping[str, Material],
        questions: Mapping[str, Question],
    ) -> Requirement:
        code = r["material"]
        if code not in materials:
            raise self.fail(where, f"unknown material {code!r}")
        when: dict[str, tuple[str, ...]] = {}
        for qid, allowed in (r.get("when") or {}).items():
            if qid not in questions:
                raise self.fail(where, f"material {code}: condition on unknown question {qid!r}")
            values = tuple(str(v) for v in allowed)
            if not set(values) <= questions[qid].values():
                raise self.fail(where, f"material {code}: {qid} has no option among {list(values)}")
            when[qid] = values
        originals, copies = int(r.get("originals", 0)), int(r.get("copies", 0))
        if originals < 0 or copies < 0 or originals + copies == 0:
            raise self.fail(where, f"material {code}: originals + copies must be at least 1")
        return Requirement(
            materials[code],
            originals,
            copies,
            when,
            r.get("why", ""),
            r.get("why_en", r.get("why", "")),
        )

    def bundle(self, b: Mapping[str, Any], index: int, services: Mapping[str, Service]) -> Bundle:
        where = f"bundles[{index}] {b.get('code', '?')}"
        try:
            members = tuple(services[c] for c in b["services"])
        except KeyError as e:
            raise self.fail(where, f"unknown service {e}") from None
        if len(members) < 2:
            raise self.fail(where, "a bundle combines two or more services")
        self.check_shared(where, members)
        return Bundle(
            b["code"],
            b["name"],
            b.get("name_en", b["name"]),
            members,
            b.get("description", ""),
            b.get("description_en", b.get("description", "")),
        )

    def check_shared(self, where: str, members: tuple[Service, ...]) -> None:
        """A question or field asked once for the bundle must mean the same in every service."""
        shapes: dict[str, tuple[str, frozenset[str]]] = {}
        for s in members:
            items: list[tuple[str, tuple[str, frozenset[str]]]] = [
                (q.id, ("question", frozenset(q.values()))) for q in s.questions
            ] + [(f.id, (f.type, frozenset(o.value for o in f.options()))) for f in s.fields]
            for item_id, shape in items:
                if shapes.setdefault(item_id, shape) != shape:
                    raise self.fail(where, f"{item_id!r} differs between the bundle's services")
