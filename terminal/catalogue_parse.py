"""Reading a catalogue file: every entry checked, and an inconsistent file refused with a
message that names the entry and the problem (``catalogue.invalid``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import InvalidOperation
from typing import Any

from terminal.catalogue import (
    FIELD_TYPES,
    FORMAT,
    Bundle,
    Catalogue,
    CatalogueError,
    Department,
    FieldSpec,
    Material,
    PromiseTerms,
    Question,
    Rejection,
    Requirement,
    Service,
    Topic,
    option_of,
)
from terminal.catalogue_fees import fee_terms
from terminal.identity import DocumentKind

APPLICANT_KINDS = ("self", "agent", "company")
# A 补正 notice's deadline where a service does not set one (the hall's rule), and the most
# one may set: a year of working days is beyond any hall's rule, so a typo.
RETURN_WORKING_DAYS = 20
MAX_RETURN_WORKING_DAYS = 250
HOLDERS = ("applicant", "agent", "company")
CARD_KINDS = {k.value for k in DocumentKind}
_FIELD_BASE_KEYS = {"id", "label", "label_en", "type", "required"}


class Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> CatalogueError:
        return CatalogueError("catalogue.invalid", source=self.source, where=where, problem=problem)

    def catalogue(self, raw: Mapping[str, Any]) -> Catalogue:
        if raw.get("format") != FORMAT:
            raise self.fail("format", f"expected {FORMAT!r}, found {raw.get('format')!r}")
        try:
            remedies = raw.get("remedies", {})
            departments = {
                code: Department(
                    code,
                    d["name"],
                    d.get("name_en", d["name"]),
                    str(d.get("review_body", remedies.get("review_body", ""))),
                    str(d.get("court", remedies.get("court", ""))),
                )
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
                    tuple(str(k) for k in m.get("cards", ())),
                    str(m.get("holder", "applicant")),
                    m.get("in_person", False) is True,
                    self.promise_terms(code, m.get("promise")),
                    self.defer_days(code, m.get("defer_working_days")),
                )
                for code, m in raw["materials"].items()
            }
        except (KeyError, TypeError, AttributeError) as e:
            raise self.fail("departments/materials", f"missing or malformed {e}") from None
        for code, material in materials.items():
            bad = set(material.cards) - CARD_KINDS
            if bad or material.holder not in HOLDERS:
                raise self.fail(
                    f"materials {code}", f"cards among {sorted(CARD_KINDS)}, holder in {HOLDERS}"
                )
            self.check_presented(code, material)
        common = self.rejections(raw.get("rejections", []), "rejections")
        services: dict[str, Service] = {}
        for i, s in enumerate(raw.get("services", [])):
            service = self.service(s, i, departments, materials, common)
            if service.code in services:
                raise self.fail(f"services[{i}]", f"duplicate code {service.code}")
            services[service.code] = service
        bundles = {}
        for i, b in enumerate(raw.get("bundles", [])):
            bundle = self.bundle(b, i, services)
            bundles[bundle.code] = bundle
        if set(bundles) & set(services):
            raise self.fail("bundles", "a bundle code equals a service code")
        known = set(services) | set(bundles)
        topics = tuple(self.topic(t, i, known) for i, t in enumerate(raw.get("topics", [])))
        letter = str(raw.get("agent_letter", ""))
        if letter and letter not in materials:
            raise self.fail("agent_letter", f"unknown material {letter!r}")
        return Catalogue(
            str(raw.get("version", "")),
            str(raw.get("region", "")),
            departments,
            materials,
            services,
            bundles,
            topics,
            letter,
        )

    def promise_terms(self, code: str, raw: Any) -> PromiseTerms | None:
        """A material's 告知承诺: its text (required) and the working days to 核查."""
        if raw is None:
            return None
        where = f"materials {code} promise"
        if not isinstance(raw, Mapping) or not str(raw.get("text", "")).strip():
            raise self.fail(where, "a promise needs the text the citizen signs (text)")
        try:
            days = int(raw.get("verify_working_days", 0))
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_RETURN_WORKING_DAYS:
            raise self.fail(where, f"verify_working_days: 1 to {MAX_RETURN_WORKING_DAYS}")
        text = str(raw["text"]).strip()
        return PromiseTerms(text, str(raw.get("text_en", text)).strip(), days)

    def defer_days(self, code: str, raw: Any) -> int | None:
        if raw is None:
            return None
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int)
            or not 0 <= raw <= MAX_RETURN_WORKING_DAYS
        ):
            raise self.fail(
                f"materials {code}", f"defer_working_days: 0 to {MAX_RETURN_WORKING_DAYS}"
            )
        return raw

    def check_presented(self, code: str, m: Material) -> None:
        """The ID card and what the law has the person present themself are never promised
        nor handed in later: refused in a sentence that says why and what to change."""
        if not m.presented:
            return
        what = (
            "is an identity card read at the counter"
            if m.cards
            else "must be presented in person (in_person)"
        )
        if m.promise is not None:
            raise self.fail(
                f"materials {code}",
                f"{m.name} {what}, so it can never be replaced by a signed promise (告知承诺):"
                " remove its promise",
            )
        if m.defer_working_days:
            raise self.fail(
                f"materials {code}",
                f"{m.name} {what}, so it can never be handed in later (容缺):"
                " remove its defer_working_days",
            )

    def topic(self, t: Mapping[str, Any], index: int, known: set[str]) -> Topic:
        where = f"topics[{index}] {t.get('code', '?') if isinstance(t, Mapping) else '?'}"
        try:
            intakes = tuple(str(c) for c in t["intakes"])
            name = str(t["name"])
            topic = Topic(
                str(t["code"]),
                name,
                str(t.get("name_en", name)),
                str(t.get("examples", "")),
                str(t.get("examples_en", t.get("examples", ""))),
                intakes,
            )
        except (KeyError, TypeError) as e:
            raise self.fail(where, f"missing or malformed {e}") from None
        unknown = [c for c in intakes if c not in known]
        if unknown or not intakes:
            raise self.fail(where, f"unknown service or bundle {unknown}" if unknown else "empty")
        return topic

    def service(
        self,
        s: Mapping[str, Any],
        index: int,
        departments: Mapping[str, Department],
        materials: Mapping[str, Material],
        common: tuple[Rejection, ...] = (),
    ) -> Service:
        where = f"services[{index}] {s.get('code', '?')}"
        try:
            questions = tuple(
                Question(
                    q["id"],
                    q["text"],
                    q.get("text_en", q["text"]),
                    tuple(map(option_of, q["options"])),
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
            terms = fee_terms(s, where, by_question, self.fail)
            fee = terms.fee_yuan
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
                rejections=self.rejections(s.get("rejections", []), where) + common,
                fee_basis=terms.basis,
                fee_basis_en=terms.basis_en,
                fee_by_answer=terms.by_answer,
                expedite=terms.expedite,
                applicants=tuple(str(k) for k in s.get("applicants", ("self", "agent"))),
                return_working_days=int(s.get("return_working_days", RETURN_WORKING_DAYS)),
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as e:
            raise self.fail(where, f"missing or malformed {e}") from None
        ids = [q.id for q in questions] + [f.id for f in fields]
        if len(ids) != len(set(ids)):
            raise self.fail(where, "question and field ids must be unique")
        if service.version < 1 or service.time_limit_days < 0 or fee < 0:
            raise self.fail(where, "version ≥ 1, time_limit_days ≥ 0 and fee ≥ 0 are required")
        if not 1 <= service.return_working_days <= MAX_RETURN_WORKING_DAYS:
            raise self.fail(where, f"return_working_days: 1 to {MAX_RETURN_WORKING_DAYS}")
        if not service.applicants or set(service.applicants) - set(APPLICANT_KINDS):
            raise self.fail(where, f"applicants: one or more of {list(APPLICANT_KINDS)}")
        for q in questions:
            if len(q.values()) < 2 or len(q.values()) != len(q.options):
                raise self.fail(where, f"question {q.id} needs two or more distinct options")
        return service

    def rejections(self, raw: Any, where: str) -> tuple[Rejection, ...]:
        """不予受理 presets: a reason and its legal basis, both required, English optional."""
        if not isinstance(raw, list):
            raise self.fail(where, "rejections must be a list")
        presets = []
        for i, r in enumerate(raw):
            if not isinstance(r, Mapping) or not r.get("reason") or not r.get("basis"):
                raise self.fail(where, f"rejections[{i}] needs a reason and a basis")
            reason, basis = str(r["reason"]), str(r["basis"])
            presets.append(
                Rejection(
                    reason,
                    str(r.get("reason_en", reason)),
                    basis,
                    str(r.get("basis_en", basis)),
                )
            )
        return tuple(presets)

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
        if not set.intersection(*(set(s.applicants) for s in members)):
            raise self.fail(where, "its services have no applicant kind in common")
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
