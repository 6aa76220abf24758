"""What each printed document says, gathered from the case, the catalogue and the terminal.

The layouts only place these values; everything a citizen reads on paper is
decided here, so it can be tested without reading a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from terminal.catalogue import Catalogue, CatalogueError, Intake
from terminal.config import Config
from terminal.documents import marks, party_lines
from terminal.documents.fee_text import expedited_days, fee_lines
from terminal.identity import mask_id_number

DOCUMENTS = (
    "receipt",
    "notice",
    "rejection",
    "ticket",
    "guide",
    "test_page",
    "withdrawal",  # 撤回申请记录 (terminal/documents/records.py)
    "void",  # 作废记录
)
DOCUMENT_FOR_DECISION = {
    "accepted": "receipt",
    "needs_correction": "notice",
    "rejected": "rejection",
}


@dataclass(frozen=True)
class MaterialLine:
    name: str
    originals: int
    copies: int
    how: str  # "handed", "ecert", "promised" (容缺), "pledged" (告知承诺), "missing"
    promise_deadline: str = ""
    why: str = ""
    where: str = ""
    scanned_pages: int = 0  # captured at the counter (issue 15): its pages went to the back office


@dataclass(frozen=True)
class PromisePage:
    """One signed 告知承诺书: the text the citizen read (its hash is in the envelope), the
    signature picture drawn from their strokes, when they signed."""

    text: str
    png: bytes
    signed_at: str
    signer_label: str = "承诺人（签名）："  # a confirmation's: 申请人（签名）


@dataclass(frozen=True)
class CaseDocument:
    """The facts shared by receipt, notice and rejection."""

    document: str
    hall: str
    window: str  # where the case was taken: "9号窗口", or the terminal's code when not here
    clerk: str
    printed_at: datetime
    decided_on: date  # the day the decision was made: what a notice is dated with
    receipt_no: str
    paper_receipt_no: str | None
    received_at: datetime
    services: list[tuple[str, str]]  # (name, department)
    bundle_name: str | None
    applicant_name: str
    masked_id: str
    tracking_ref: str
    tracking_url: str
    materials: list[MaterialLine] = field(default_factory=list)
    missing: list[MaterialLine] = field(default_factory=list)
    time_limit_days: int = 0  # the longest of the services'
    service_days: list[int | None] = field(default_factory=list)  # each service's, in order
    due_date: str | None = None
    notice_due: str | None = None
    reason: str = ""
    legal_basis: str = ""
    copy: bool = False  # a reprint, marked 副本 on the page
    # The counter could not ask for the citizen's rating (no screen facing them, no 评价器):
    # the receipt says where they rate instead (the hall's kiosk, once the matter is done).
    rate_later: bool = False
    # (复议机关, court) for each deciding department, once each: named on a rejection.
    remedies: list[tuple[str, str]] = field(default_factory=list)
    fee_lines: list[str] = field(default_factory=list)  # 收费 (terminal/documents/fee_text.py)
    expedited: bool = False  # 加急: the time limits above are the 加急 ones
    expedited_services: list[str] = field(default_factory=list)  # their names, in a bundle
    # After the decision (issue 14, terminal/documents/marks.py): lines under the title of a
    # re-issued document, a notice's last day to come back, a withdrawal's or void's event.
    marks: list[str] = field(default_factory=list)
    return_by: str | None = None
    # The calendar did not cover a year these dates cross: printed 遇法定节假日顺延.
    dates_may_move: bool = False
    event: dict[str, Any] | None = None
    # Who applied, when not the applicant alone (terminal/documents/party_lines.py).
    applicant_label: str = "申请人"
    party_rows: list[tuple[str, str]] = field(default_factory=list)
    # 告知承诺书 signed at the counter, printed after the receipt (terminal/documents/promise.py).
    promises: list[PromisePage] = field(default_factory=list)
    addressee: str = ""  # whom a notice speaks to; "": the applicant


@dataclass(frozen=True)
class TicketDocument:
    hall: str
    ticket_no: str
    service: str
    people_ahead: int
    issued_at: datetime
    check_url: str
    window_hint: str = ""


HOTLINE = "12345"  # the citizens' service hotline, for questions and complaints


def day(value: date | datetime | str) -> str:
    """The one way a page writes a date: 2026年11月20日."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month:02d}月{value.day:02d}日"


def moment(value: datetime) -> str:
    return f"{day(value)} {value:%H:%M}"


def window_of(detail: dict[str, Any], config: Config) -> str:
    """The window that took the case. This terminal knows only its own window number; a
    case recorded under another terminal (a paper case imported here) names that terminal
    rather than borrowing this window's number."""
    terminal = str(detail.get("terminal_id") or config.terminal_id)
    return f"{config.window}号窗口" if terminal == config.terminal_id else f"终端 {terminal}"


def decision_day(detail: dict[str, Any]) -> date:
    """A decision made on paper (the system was down) is dated with the paper; one made at
    the counter with the day it was recorded. Never the day it happens to be printed."""
    recorded = detail.get("created_at") or detail["received_at"]
    made = detail["received_at"] if detail.get("paper_fallback") else recorded
    return datetime.fromisoformat(made).date()


def tracking_url(config: Config, ref: str) -> str:
    """What the receipt's QR carries: the public page a phone opens for this case."""
    if config.public_track_url:
        return config.public_track_url.replace("{ref}", quote(ref, safe=""))
    return f"{config.portal_url.rstrip('/')}/track/{quote(ref, safe='')}"


def queue_url(config: Config, ticket_id: str) -> str:
    """What a queue ticket's QR carries: the public page with the ticket's place in line."""
    if config.public_queue_url:
        return config.public_queue_url.replace("{ticket}", quote(ticket_id, safe=""))
    return f"{config.portal_url.rstrip('/')}/q/{quote(ticket_id, safe='')}"


def case_document(
    detail: dict[str, Any],
    catalogue: Catalogue,
    config: Config,
    *,
    clerk_name: str,
    printed_at: datetime,
    copy: bool = False,
    rate_later: bool = False,
) -> CaseDocument:
    """Build the document for a case's decision from its stored detail."""
    names: list[tuple[str, str]] = []
    remedies: list[tuple[str, str]] = []
    days: list[int | None] = []
    limit = 0
    fast = expedited_days(detail)  # 加急 replaces the service's own limit
    for entry in detail["services"]:
        try:
            service = catalogue.intake(entry["code"]).services[0]
            names.append((service.name, service.department.name))
            where = (service.department.review_body, service.department.court)
            if all(where) and where not in remedies:
                remedies.append(where)
            days.append(fast.get(service.code, service.time_limit_days))
            limit = max(limit, days[-1] or 0)
        except CatalogueError:  # a service withdrawn from a newer catalogue still prints by code
            names.append((entry["code"], ""))
            days.append(None)
    bundle_name = None
    if detail.get("bundle_code"):
        try:
            bundle_name = catalogue.intake(detail["bundle_code"]).name
        except CatalogueError:
            bundle_name = detail["bundle_code"]
    ref = detail.get("portal_case_no") or detail["receipt_no"]
    labels = {f.id: f.label for i in _intakes(catalogue, detail) for f in i.fields}
    return CaseDocument(
        document=marks.document_kind(detail, DOCUMENT_FOR_DECISION[detail["decision"]]),
        hall=config.hall,
        window=window_of(detail, config),
        clerk=clerk_name,
        printed_at=printed_at,
        decided_on=decision_day(detail),
        receipt_no=detail["receipt_no"],
        paper_receipt_no=detail.get("paper_receipt_no"),
        received_at=datetime.fromisoformat(detail["received_at"]),
        services=names,
        bundle_name=bundle_name,
        applicant_name=detail["applicant_name"],
        masked_id=mask_id_number(detail["id_number"]),
        tracking_ref=ref,
        tracking_url=tracking_url(config, detail["receipt_no"]),
        materials=_materials(detail, catalogue),
        missing=[
            MaterialLine(
                m["name"],
                m["short_originals"],
                m["short_copies"],
                "missing",
                why=m.get("why", ""),
                where=m.get("where", ""),
            )
            for m in detail["missing"]
        ],
        time_limit_days=limit,
        service_days=days,
        due_date=detail.get("due_date"),
        notice_due=detail.get("notice_due"),
        reason=detail.get("reason") or "",
        legal_basis=detail.get("legal_basis") or "",
        copy=copy,
        remedies=remedies,
        rate_later=rate_later,
        fee_lines=fee_lines(detail),
        expedited=bool(fast),
        expedited_services=[
            names[i][0] for i, e in enumerate(detail["services"]) if e["code"] in fast
        ],
        marks=marks.marks(
            detail,
            lambda key: labels.get(key, key),
            lambda code: m.name if (m := catalogue.materials.get(code)) else code,
        ),
        return_by=detail.get("return_by"),
        dates_may_move=bool(detail.get("calendar_uncovered")),
        event=marks.record_event(detail),
        applicant_label=party_lines.applicant_label(detail.get("parties")),
        party_rows=party_lines.party_rows(detail.get("parties")),
        addressee=party_lines.addressee(detail.get("parties"), detail["applicant_name"]),
    )


def _intakes(catalogue: Catalogue, detail: dict[str, Any]) -> list[Intake]:
    try:
        return [catalogue.intake(detail["intake_code"])]
    except CatalogueError:
        return []


def _materials(detail: dict[str, Any], catalogue: Catalogue) -> list[MaterialLine]:
    given = detail["materials"]
    scanned: dict[str, int] = detail.get("scanned") or {}
    lines: list[MaterialLine] = []

    def name(code: str) -> str:
        material = catalogue.materials.get(code)
        return material.name if material else code

    for code, counts in given.get("handed", {}).items():
        if counts.get("originals", 0) or counts.get("copies", 0):
            lines.append(
                MaterialLine(
                    name(code),
                    counts.get("originals", 0),
                    counts.get("copies", 0),
                    "handed",
                    scanned_pages=scanned.get(code, 0),
                )
            )
    for code in given.get("ecerts", []):
        lines.append(MaterialLine(name(code), 0, 0, "ecert", scanned_pages=scanned.get(code, 0)))
    for code, deadline in given.get("promises", {}).items():
        lines.append(MaterialLine(name(code), 0, 0, "promised", promise_deadline=deadline))
    for code, pledge in given.get("pledges", {}).items():  # 告知承诺: its 核查 day
        lines.append(
            MaterialLine(name(code), 0, 0, "pledged", promise_deadline=pledge["verify_by"])
        )
    return lines
