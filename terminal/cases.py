"""Cases: what the clerk captured, the decision, the materials check. The states a case
moves through are terminal/case_machine.py's.

Pure logic: nothing here touches the store (``terminal.casebook`` does), so
every rule is tested without a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any

from terminal import fees, pledges
from terminal import parties as party_rules
from terminal.attachments.model import Attachment
from terminal.case_machine import CaseError
from terminal.catalogue import Catalogue, Intake, Requirement
from terminal.fees import FeeTaken
from terminal.forms import validate_form
from terminal.i18n import Named, TongbanError
from terminal.identity import (
    DocumentKind,
    IdNumberInvalid,
    check_foreigner_2023_number,
    check_id_number,
)
from terminal.parties import Parties
from terminal.pledges import Pledge
from terminal.workdays import Calendar

# 《行政许可法》第三十二条: the one-time notice within five working days of receipt.
NOTICE_WORKING_DAYS = 5


class Decision(Enum):
    ACCEPTED = "accepted"  # 受理
    NEEDS_CORRECTION = "needs_correction"  # 补正 (一次性告知)
    REJECTED = "rejected"  # 不予受理


class CaseInvalid(TongbanError):
    """Everything wrong with a capture at once, so the clerk fixes it in one pass."""

    def __init__(self, problems: list[TongbanError]) -> None:
        super().__init__("case.invalid", count=len(problems))
        self.problems = problems

    def text(self, language: str | None = None) -> str:
        head = super().text(language)
        return head + "\n" + "\n".join(f"  - {p.text(language)}" for p in self.problems)


@dataclass(frozen=True)
class Handed:
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True)
class MaterialsGiven:
    """What the citizen brought, what the portal holds as e-certificates, what is promised (容缺)."""

    handed: Mapping[str, Handed] = field(default_factory=dict)
    ecerts: frozenset[str] = frozenset()
    promises: Mapping[str, date] = field(default_factory=dict)  # 容缺: code → deadline
    # 告知承诺: code → the signed promise standing in for it (terminal/pledges.py).
    pledges: Mapping[str, Pledge] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "handed": {
                c: {"originals": h.originals, "copies": h.copies}
                for c, h in sorted(self.handed.items())
            },
            "ecerts": sorted(self.ecerts),
            "promises": {c: d.isoformat() for c, d in sorted(self.promises.items())},
            # Only with a promise signed: a case without one keeps the body it always had.
            **(
                {"pledges": {c: p.to_json() for c, p in sorted(self.pledges.items())}}
                if self.pledges
                else {}
            ),
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> MaterialsGiven:
        return MaterialsGiven(
            handed={
                c: Handed(int(h.get("originals", 0)), int(h.get("copies", 0)))
                for c, h in (raw.get("handed") or {}).items()
            },
            ecerts=frozenset(raw.get("ecerts") or ()),
            promises={c: date.fromisoformat(d) for c, d in (raw.get("promises") or {}).items()},
            pledges={c: Pledge.from_json(p) for c, p in (raw.get("pledges") or {}).items()},
        )


class MaterialStatus(Enum):
    HANDED = "handed"
    ECERT = "ecert"
    PROMISED = "promised"  # 容缺: handed in later
    PLEDGED = "pledged"  # 告知承诺: replaced by a signed promise
    MISSING = "missing"


@dataclass(frozen=True)
class MaterialLine:
    requirement: Requirement
    status: MaterialStatus
    short_originals: int = 0
    short_copies: int = 0

    def to_json(self) -> dict[str, Any]:
        r = self.requirement
        return {
            "material": r.material.code,
            "name": r.material.name,
            "status": self.status.value,
            "originals": r.originals,
            "copies": r.copies,
            "short_originals": self.short_originals,
            "short_copies": self.short_copies,
            "why": r.why,
            "where": r.material.where,
        }


def check_materials(
    intake: Intake,
    answers: Mapping[str, str],
    given: MaterialsGiven,
    extra: Sequence[Requirement] = (),
) -> list[MaterialLine]:
    """Each required material for these answers, and how it is covered.

    Missing = required, minus handed over in full, minus e-certificate hits
    (where the material allows one), minus 容缺 promises. ``extra``: what the applicant kind
    adds (an agent's 授权委托书, terminal/parties.py).
    """
    lines = []
    for req in [*intake.required_materials(answers), *extra]:
        code = req.material.code
        handed = given.handed.get(code, Handed())
        short_o = max(0, req.originals - handed.originals)
        short_c = max(0, req.copies - handed.copies)
        if short_o == 0 and short_c == 0:
            lines.append(MaterialLine(req, MaterialStatus.HANDED))
        elif code in given.ecerts and req.material.ecert:
            lines.append(MaterialLine(req, MaterialStatus.ECERT))
        elif code in given.pledges and req.material.promise is not None:
            lines.append(MaterialLine(req, MaterialStatus.PLEDGED))
        elif code in given.promises:
            lines.append(MaterialLine(req, MaterialStatus.PROMISED))
        else:
            lines.append(MaterialLine(req, MaterialStatus.MISSING, short_o, short_c))
    return lines


def missing_of(lines: list[MaterialLine]) -> list[MaterialLine]:
    return [line for line in lines if line.status is MaterialStatus.MISSING]


@dataclass(frozen=True)
class Applicant:
    kind: DocumentKind
    name: str
    id_number: str

    def problem(self, today: date) -> IdNumberInvalid | None:
        try:
            if self.kind is DocumentKind.FOREIGN_PERMANENT_2023:
                check_foreigner_2023_number(self.id_number, today)
            elif self.kind is DocumentKind.FOREIGN_PERMANENT_2017:
                n = self.id_number
                if not (len(n) == 15 and n[:3].isalpha() and n[3:].isdigit()):
                    raise IdNumberInvalid("id.foreign_2017_shape")
            else:
                check_id_number(self.id_number, today)
        except IdNumberInvalid as e:
            return e
        return None


@dataclass(frozen=True)
class Capture:
    """Everything the clerk entered for one application, before the decision."""

    case_id: str
    intake_code: str
    applicant: Applicant
    answers: Mapping[str, str]
    form: Mapping[str, Any]
    given: MaterialsGiven
    # Each captured material's PDF (terminal/attachments): stored with the case, by hash.
    attachments: tuple[Attachment, ...] = ()
    # A fee service's payment or exemption, and 加急 where allowed (terminal/fees.py).
    fee: FeeTaken | None = None
    expedited: bool = False
    # Who applies: themself (the default), an agent, a company (terminal/parties.py).
    parties: Parties = field(default_factory=Parties)


@dataclass(frozen=True)
class Decided:
    """A capture with its decision, checked and computed, ready to be stored."""

    capture: Capture
    intake: Intake
    catalogue_version: str
    decision: Decision
    form: dict[str, Any]  # normalised values
    lines: list[MaterialLine]
    missing: list[MaterialLine]
    reason: str
    legal_basis: str
    received_at: datetime
    due_date: date | None  # promised completion, for an accepted case
    notice_due: date | None  # the 5-working-day clock, for a notice
    # For a notice: the last day to bring what is missing (the service's return_working_days).
    return_by: date | None = None
    # Years its dates cross that the calendar does not cover (no holidays known): the dates
    # may move (遇法定节假日顺延), the window says so and the paper prints it.
    uncovered_years: tuple[int, ...] = ()

    def with_gaps(self, calendar: Calendar) -> Decided:
        dates = [d for d in (self.due_date, self.return_by, self.notice_due) if d is not None]
        start = self.received_at.date()
        missing = calendar.years_missing(start, max(dates)) if dates else ()
        return replace(self, uncovered_years=missing)


def decide(
    catalogue: Catalogue,
    capture: Capture,
    decision: Decision,
    *,
    received_at: datetime,
    calendar: Calendar,
    reason: str = "",
    legal_basis: str = "",
    today: date | None = None,
) -> Decided:
    """Check the capture against the decision; raise ``CaseInvalid`` listing every problem."""
    today = today or received_at.date()
    problems: list[TongbanError] = []
    try:
        intake = catalogue.intake(capture.intake_code)
    except TongbanError as e:
        raise CaseInvalid([e]) from None
    if not capture.applicant.name.strip():
        problems.append(CaseError("case.no_name"))
    id_problem = capture.applicant.problem(today)
    if id_problem is not None:
        problems.append(id_problem)
    problems += _answer_problems(
        intake, capture.answers, complete=decision is not Decision.REJECTED
    )
    form = validate_form(
        intake.fields, capture.form, require_complete=decision is Decision.ACCEPTED, today=today
    )
    # A company's old code a supervisor approved stands in the form's credit-code fields too.
    approved = party_rules.approved_codes(intake.fields, capture.form, capture.parties)
    form = replace(form, values={**form.values, **approved})
    problems += [e for k, e in form.errors.items() if k not in approved]
    problems += party_rules.problems(intake, capture.applicant, capture.parties, today)
    extra = party_rules.extra_requirements(catalogue, intake, capture.parties, capture.answers)
    lines = check_materials(intake, capture.answers, capture.given, extra)
    problems += _given_problems(intake, capture, received_at.date(), extra, calendar)
    missing = missing_of(lines)
    if decision is Decision.ACCEPTED and missing:
        problems.append(
            CaseError(
                "case.accept_with_missing",
                count=len(missing),
                names="、".join(m.requirement.material.name for m in missing),
            )
        )
    if decision is Decision.NEEDS_CORRECTION and not missing:
        problems.append(CaseError("case.notice_without_missing"))
    if decision is Decision.REJECTED and not (reason.strip() and legal_basis.strip()):
        problems.append(CaseError("case.reject_needs_reason"))
    problems += fees.problems(
        intake, capture.answers, capture.fee, capture.expedited, decision is Decision.ACCEPTED
    )
    if received_at.date() > today:
        problems.append(CaseError("case.received_future"))
    if problems:
        raise CaseInvalid(problems)
    day = received_at.date()
    decided = Decided(
        capture=capture,
        intake=intake,
        catalogue_version=catalogue.version,
        decision=decision,
        form=form.values,
        lines=lines,
        missing=missing,
        reason=reason.strip(),
        legal_basis=legal_basis.strip(),
        received_at=received_at,
        due_date=fees.due_date(intake, day, calendar, capture.expedited)
        if decision is Decision.ACCEPTED
        else None,
        notice_due=calendar.add_working_days(day, NOTICE_WORKING_DAYS)
        if decision is Decision.NEEDS_CORRECTION
        else None,
        return_by=calendar.add_working_days(day, intake.return_working_days)
        if decision is Decision.NEEDS_CORRECTION
        else None,
    )
    return decided.with_gaps(calendar)


def _answer_problems(
    intake: Intake, answers: Mapping[str, str], *, complete: bool
) -> list[TongbanError]:
    problems: list[TongbanError] = []
    questions = {q.id: q for q in intake.questions}
    for qid in sorted(set(answers) - set(questions)):
        problems.append(CaseError("case.unknown_question", question=qid))
    for q in questions.values():
        if q.id not in answers:
            if complete:
                problems.append(CaseError("case.unanswered", question=q.text))
        elif answers[q.id] not in q.values():
            problems.append(
                CaseError(
                    "case.bad_answer",
                    question=q.text,
                    answer=answers[q.id],
                    allowed="、".join(o.label for o in q.options),
                )
            )
    return problems


def _given_problems(
    intake: Intake,
    capture: Capture,
    received: date,
    extra: Sequence[Requirement] = (),
    calendar: Calendar | None = None,
) -> list[TongbanError]:
    problems: list[TongbanError] = []
    every = {r.material.code: r.material for s in intake.services for r in s.requirements}
    every.update((r.material.code, r.material) for r in extra)
    given = capture.given
    for code in sorted(set(given.handed) | given.ecerts | set(given.promises) | set(given.pledges)):
        if code not in every:
            problems.append(CaseError("case.material_not_in_service", material=code))
    problems += pledges.promise_problems(capture, every, received, calendar)
    for code in sorted(given.ecerts):
        if code in every and not every[code].ecert:
            named = Named(every[code].name, every[code].name_en)  # in the reader's language
            problems.append(CaseError("case.no_ecert_for", material=named))
    for code, deadline in sorted(given.promises.items()):
        if deadline <= received:
            problems.append(CaseError("case.promise_deadline", material=code))
    for code, handed in given.handed.items():
        if handed.originals < 0 or handed.copies < 0:
            problems.append(CaseError("case.negative_count", material=code))
    seen: set[str] = set()
    for a in capture.attachments:
        face = a.problem() or (None if a.material in every else "case.material_not_in_service")
        if a.sha256 in seen:
            face = "case.attachment_repeated"  # the case lists each file once
        seen.add(a.sha256)
        if face is not None:
            problems.append(CaseError(face, material=a.material))
    return problems
