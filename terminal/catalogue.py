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
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from terminal.i18n import TongbanError
from terminal.records import Record

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


class CatalogueError(TongbanError):
    """The catalogue file is not usable; the message names the entry and the problem."""


@dataclass(frozen=True, eq=False, repr=False)
class Option(Record):
    value: str
    label: str
    label_en: str


@dataclass(frozen=True, eq=False, repr=False)
class Question(Record):
    id: str
    text: str
    text_en: str
    options: tuple[Option, ...]

    def values(self) -> set[str]:
        return {o.value for o in self.options}


@dataclass(frozen=True, eq=False, repr=False)
class FieldSpec(Record):
    id: str
    label: str
    label_en: str
    type: str
    required: bool
    rules: Mapping[str, Any]  # the type's extra keys (min_length, options, ...)

    def options(self) -> tuple[Option, ...]:
        return tuple(option_of(o) for o in self.rules.get("options", ()))


@dataclass(frozen=True, eq=False, repr=False)
class PromiseTerms(Record):
    """告知承诺: the material may be replaced by the citizen's signed promise (告知承诺书) that
    the fact it proves is true; the department checks (核查) it within ``verify_working_days``
    of acceptance. ``text``: what the citizen promises, printed and signed."""

    text: str
    text_en: str
    verify_working_days: int


@dataclass(frozen=True, eq=False, repr=False)
class Material(Record):
    code: str
    name: str
    name_en: str
    ecert: bool
    where: str
    where_en: str
    # The identity cards whose read presents this material (DocumentKind values, e.g.
    # "resident_id"), and whose it is: "applicant" (the person applying, or the one an agent
    # acts for), "agent" (the 代办人, or a company's 经办人) or "company" (its business
    # licence: an e-certificate is looked up by its credit code). See terminal/parties.py.
    cards: tuple[str, ...] = ()
    holder: str = "applicant"
    # Presented by the person themself (an identity card, a declaration made before the
    # registrar): never promised (告知承诺) nor handed in later (容缺).
    in_person: bool = False
    promise: PromiseTerms | None = None  # 告知承诺 allowed, with its text and 核查 rule
    # 容缺 (handed in later): None the hall's rule (the clerk picks the day), 0 never, N: by at
    # most N working days after acceptance (the checklist offers that day).
    defer_working_days: int | None = None

    @property
    def presented(self) -> bool:
        """Shown by its holder at the counter (an identity card, an in-person declaration)."""
        return self.in_person or bool(self.cards)

    @property
    def may_defer(self) -> bool:
        return not self.presented and self.defer_working_days != 0


@dataclass(frozen=True, eq=False, repr=False)
class Requirement(Record):
    material: Material
    originals: int
    copies: int
    when: Mapping[str, tuple[str, ...]]
    why: str
    why_en: str

    def applies(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(q) in allowed for q, allowed in self.when.items())


@dataclass(frozen=True, eq=False, repr=False)
class Rejection(Record):
    """A preset for 不予受理: the reason as the decision states it, and the rule it rests on.
    The clerk picks one (or types their own); a preset saves retyping law citations."""

    reason: str
    reason_en: str
    basis: str
    basis_en: str


@dataclass(frozen=True, eq=False, repr=False)
class Department(Record):
    code: str
    name: str
    name_en: str
    # Where a citizen turns against this department's decision: the 复议机关 and the court
    # (a rejection notice must name both). The catalogue's region-wide values unless the
    # department has its own (a municipal or vertically managed one).
    review_body: str = ""
    court: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class Expedite(Record):
    """加急: a shorter time limit (working days) the citizen may ask for (terminal/fees.py)."""

    time_limit_days: int
    note: str = ""
    note_en: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class FeeByAnswer(Record):
    """A fee that depends on one situation answer (登记费: 住宅 80 元, 非住宅 550 元), in 分."""

    question: str
    fen: Mapping[str, int]


@dataclass(frozen=True, eq=False, repr=False)
class Service(Record):
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
    rejections: tuple[Rejection, ...] = ()  # the service's own, then the catalogue's common ones
    # Fees and 加急 (terminal/catalogue_fees.py reads them, terminal/fees.py uses them).
    fee_basis: str = ""  # 收费依据
    fee_basis_en: str = ""
    fee_by_answer: FeeByAnswer | None = None
    expedite: Expedite | None = None

    @property
    def fee_fen(self) -> int:
        """The fee in 分 when no answer changes it (the parser keeps ``fee_yuan`` exact)."""
        return int(self.fee_yuan * 100)

    # Who may apply (terminal/parties.py): "self", "agent" (代办人), "company" (法人及其他组织).
    applicants: tuple[str, ...] = ("self", "agent")
    # Working days a 补正 notice gives to bring what is missing (printed on it, said by the
    # kiosk); the hall's rule where the catalogue is silent.
    return_working_days: int = 20  # terminal/catalogue_parse.py RETURN_WORKING_DAYS


@dataclass(frozen=True, eq=False, repr=False)
class Bundle(Record):
    code: str
    name: str
    name_en: str
    services: tuple[Service, ...]
    description: str
    description_en: str


@dataclass(frozen=True, eq=False, repr=False)
class Topic(Record):
    """A life event in a citizen's words (生孩子, 退休, 开店): the kiosk's guide starts here,
    not from bureau names a citizen does not know. ``intakes``: bundle and service codes,
    the bundle (one application for the whole event) first."""

    code: str
    name: str
    name_en: str
    examples: str  # a line under the name: what the event involves ("出生证明·户口·医保")
    examples_en: str
    intakes: tuple[str, ...]

    def label(self, language: str) -> tuple[str, str]:
        """(name, examples) in ``language``."""
        if language == "en":
            return self.name_en, self.examples_en
        return self.name, self.examples


@dataclass(frozen=True, eq=False, repr=False)
class Intake(Record):
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
    def rejections(self) -> tuple[Rejection, ...]:
        """Every service's presets, each once (a bundle's services share the common ones)."""
        return tuple(dict.fromkeys(r for s in self.services for r in s.rejections))

    @property
    def applicants(self) -> tuple[str, ...]:
        """The kinds every service of the intake accepts (one application, one applicant)."""
        kinds = ("self", "agent", "company")
        return tuple(k for k in kinds if all(k in s.applicants for s in self.services))

    @property
    def time_limit_days(self) -> int:
        return max(s.time_limit_days for s in self.services)

    @property
    def return_working_days(self) -> int:
        """One notice for the whole intake: the shortest of its services' deadlines."""
        return min(s.return_working_days for s in self.services)

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


@dataclass(frozen=True, eq=False, repr=False)
class Catalogue(Record):
    version: str
    region: str
    departments: Mapping[str, Department]
    materials: Mapping[str, Material]
    services: Mapping[str, Service]
    bundles: Mapping[str, Bundle]
    topics: tuple[Topic, ...] = ()  # life events for the kiosk's guide; none: by department
    # The 授权委托书 material an agent's case always needs (terminal/parties.py); "": none added.
    agent_letter: str = ""

    def intake(self, code: str) -> Intake:
        """The intake for a service code or a bundle code."""
        if code in self.services:
            s = self.services[code]
            return Intake(s.code, s.name, s.name_en, (s,), None)
        if code in self.bundles:
            b = self.bundles[code]
            return Intake(b.code, b.name, b.name_en, b.services, b)
        raise CatalogueError("catalogue.unknown_code", code=code)


def option_of(raw: Mapping[str, Any]) -> Option:
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
    # The checking parser lives in its own module; it imports the types above.
    from terminal.catalogue_parse import Parser

    return Parser(source).catalogue(raw)
