"""Who applies (issue 14): the person themself, an agent (代办人) for a person, or a company
or other organisation (法人及其他组织) through its 经办人 at the counter.

The capture's ``applicant`` stays the person whose card the case is filed under: the
citizen themself, the person an agent acts for (委托人), or a company's 经办人. The rest
is a ``Parties``: the kind, the agent and the relation, or the company. Pure logic, no
store: ``terminal.cases.decide`` checks it, ``terminal.casebook`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from terminal import credit_code
from terminal.catalogue import Catalogue, FieldSpec, Intake, Requirement
from terminal.i18n import Named, TongbanError
from terminal.identity import DocumentKind, mask_id_number, mask_name, normalise_id_number
from terminal.records import Record

if TYPE_CHECKING:
    from terminal.cases import Applicant

SELF, AGENT, COMPANY = "self", "agent", "company"
# The relations a clerk chooses from (委托人 → 代办人), the commonest first.
RELATIONS = ("relative", "spouse", "parent", "child", "colleague", "other")
# The yes/no question a catalogue asks about 代办 ("是否委托他人代办？"): an agent case
# answers it yes, the others no, so the clerk never answers what the window knows.
AGENT_QUESTION = "is_proxy"
# What the 授权委托书 requirement says when the catalogue's service does not list it.
LETTER_WHY = "代办人凭授权委托书代为办理"
LETTER_WHY_EN = "An agent applies with the applicant's letter of authorisation"


class PartiesError(TongbanError):
    pass


@dataclass(frozen=True, eq=False, repr=False)
class Company(Record):
    name: str
    credit_code: str
    legal_rep: str  # 法定代表人 (or 负责人)
    # A code whose GB 32100 check character fails (older codes exist): accepted only with
    # a supervisor's approval, whose details (terminal.approval.Approval.as_details) go here.
    override: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "credit_code": credit_code.normalise(self.credit_code),
            "legal_rep": self.legal_rep,
            **({"override": dict(self.override)} if self.override else {}),
        }


@dataclass(frozen=True, eq=False, repr=False)
class Parties(Record):
    kind: str = SELF
    agent: Applicant | None = None  # the 代办人, for an agent case
    relation: str = ""  # one of RELATIONS, for an agent case
    company: Company | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.agent is not None:
            out["agent"] = {
                "kind": self.agent.kind.value,
                "name": self.agent.name,
                "id_number": normalise_id_number(self.agent.id_number),
            }
            out["relation"] = self.relation
        if self.company is not None:
            out["company"] = self.company.to_json()
        return out

    @staticmethod
    def from_json(raw: Mapping[str, Any] | None) -> Parties:
        from terminal.cases import Applicant

        if not raw:
            return Parties()
        a = raw.get("agent")
        c = raw.get("company")
        return Parties(
            kind=str(raw.get("kind", SELF)),
            agent=Applicant(DocumentKind(a["kind"]), a["name"], a["id_number"]) if a else None,
            relation=str(raw.get("relation", "")),
            company=Company(
                c["name"], c["credit_code"], c.get("legal_rep", ""), c.get("override") or {}
            )
            if c
            else None,
        )

    def journaled(self, applicant: Applicant) -> dict[str, Any]:
        """Everyone the case names, masked: never a full name or number in the journal."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "applicant": f"{mask_name(applicant.name)} {mask_id_number(applicant.id_number)}",
        }
        if self.agent is not None:
            out["agent"] = f"{mask_name(self.agent.name)} {mask_id_number(self.agent.id_number)}"
            out["relation"] = self.relation
        if self.company is not None:
            out["company"] = self.company.name
            out["credit_code"] = credit_code.normalise(self.company.credit_code)
            if self.company.override:
                out["override"] = dict(self.company.override)
        return out


def holder_of_card(kind: str, panel: str) -> str:
    """Whose card a panel's read is, as the catalogue's ``holder`` says: a company's 经办人
    stands at the counter for someone else, as an agent does."""
    if panel == "agent" or kind == COMPANY:
        return "agent"
    return "applicant"


def card_materials(
    intake: Intake, answers: Mapping[str, str], card: DocumentKind, holder: str
) -> list[str]:
    """The required materials a read of this card presents, for whose card it is: the
    citizen's 居民身份证 ticks 居民身份证, the agent's ticks 受托人居民身份证, never the other."""
    return [
        r.material.code
        for r in intake.required_materials(answers)
        if card.value in r.material.cards and r.material.holder == holder
    ]


def company_ecerts(intake: Intake) -> list[str]:
    """The materials a company holds as e-certificates (营业执照): looked up by its code."""
    return sorted(
        {
            r.material.code
            for s in intake.services
            for r in s.requirements
            if r.material.ecert and r.material.holder == "company"
        }
    )


def agent_answer(intake: Intake, kind: str) -> tuple[str, str] | None:
    """(question, answer) the applicant kind settles, when the intake asks it. A company's
    经办人 may be its legal representative or someone it authorised: the clerk answers."""
    if kind != COMPANY and any(q.id == AGENT_QUESTION for q in intake.questions):
        return AGENT_QUESTION, "yes" if kind == AGENT else "no"
    return None


def letter_material(catalogue: Catalogue) -> str | None:
    code = catalogue.agent_letter
    return code if code in catalogue.materials else None


def extra_requirements(
    catalogue: Catalogue, intake: Intake, parties: Parties, answers: Mapping[str, str]
) -> tuple[Requirement, ...]:
    """An agent case needs the 授权委托书: added when the service does not list it already."""
    code = letter_material(catalogue)
    if parties.kind != AGENT or code is None:
        return ()
    if any(r.material.code == code for r in intake.required_materials(answers)):
        return ()
    return (Requirement(catalogue.materials[code], 1, 0, {}, LETTER_WHY, LETTER_WHY_EN),)


def problems(
    intake: Intake, applicant: Applicant, parties: Parties, today: date
) -> list[TongbanError]:
    """Everything wrong with who applies, at once."""
    found: list[TongbanError] = []
    if parties.kind not in intake.applicants:
        found.append(
            PartiesError(
                f"parties.not_allowed.{parties.kind}", service=Named(intake.name, intake.name_en)
            )
        )
    if parties.kind == AGENT:
        agent = parties.agent
        if agent is None or not agent.name.strip():
            found.append(PartiesError("parties.no_agent"))
        else:
            problem = agent.problem(today)
            if problem is not None:
                found.append(problem)
            elif normalise_id_number(agent.id_number) == normalise_id_number(applicant.id_number):
                found.append(PartiesError("parties.agent_is_applicant"))
        if parties.relation not in RELATIONS:
            found.append(PartiesError("parties.no_relation"))
    if parties.kind == COMPANY:
        found += company_problems(parties.company)
    return found


def approved_codes(
    fields: tuple[FieldSpec, ...], form: Mapping[str, Any], parties: Parties
) -> dict[str, str]:
    """Form fields of type ``uscc`` holding the company's own code that a supervisor approved
    (its check character fails): the approval stands for them too, field id → the code."""
    company = parties.company
    if parties.kind != COMPANY or company is None or not company.override:
        return {}
    code = credit_code.normalise(company.credit_code)
    return {
        f.id: code
        for f in fields
        if f.type == "uscc" and credit_code.normalise(str(form.get(f.id) or "")) == code
    }


def company_problems(company: Company | None) -> list[TongbanError]:
    if company is None or not company.name.strip():
        return [PartiesError("parties.no_company")]
    found: list[TongbanError] = []
    if not company.legal_rep.strip():
        found.append(PartiesError("parties.no_legal_rep"))
    try:
        facts = credit_code.inspect(company.credit_code)
    except credit_code.CreditCodeInvalid as e:
        return [*found, e]
    # The approval is for the code the supervisor saw (the window records it with it).
    approved = company.override and company.override.get("credit_code", facts.code) == facts.code
    if not facts.check_ok and not approved:
        found.append(PartiesError("parties.credit_code_unapproved"))
    return found
