"""Back-entry of cases accepted on paper while the terminal was down (docs/case-import.md).

All or nothing: every record is checked first, and every problem of every
record is reported at once; only a file with none is written, in one
transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from terminal import casebook, clerks, import_schema, json_limits
from terminal.cases import (
    Applicant,
    Capture,
    CaseInvalid,
    Decided,
    Decision,
    MaterialsGiven,
    decide,
)
from terminal.catalogue import Catalogue
from terminal.clock import now
from terminal.fees import FeeTaken
from terminal.i18n import TongbanError
from terminal.identity import DocumentKind, IdNumberInvalid, check_id_number
from terminal.parties import Parties
from terminal.store import Store
from terminal.workdays import Calendar

FORMAT = "tongban.case-import/1"
# No terminal accepted a case before this format and its first release existed.
EARLIEST = date(2024, 1, 1)
# About 1 KB a case: 16 MiB is some 16,000 paper cases, weeks of a hall's outage; a larger
# file is split, not read whole into memory on a counter PC.
MAX_BYTES = 16 * 2**20
# A case nests five levels (file, cases, record, materials, item): anything near this is
# no case-import file, and the parser would recurse once per level.
MAX_DEPTH = 32


class ImportRefused(TongbanError):
    """The file was not imported; ``problems`` lists (record number, paper receipt, problem)."""

    def __init__(self, problems: list[tuple[int, str, TongbanError]]) -> None:
        super().__init__("import.refused", count=len(problems))
        self.problems = problems

    def text(self, language: str | None = None) -> str:
        lines = [super().text(language)]
        for index, ref, problem in self.problems:
            lines.append(f"  #{index} {ref}: {problem.text(language)}".replace("\n", "\n    "))
        return "\n".join(lines)


@dataclass(frozen=True)
class Imported:
    receipt_nos: list[str]


def import_file(
    store: Store,
    path: Path,
    *,
    catalogue: Catalogue,
    calendar: Calendar,
    terminal_id: str,
    actor: str,
) -> Imported:
    raw = load(path)
    return import_records(
        store, raw, catalogue=catalogue, calendar=calendar, terminal_id=terminal_id, actor=actor
    )


def load(path: Path) -> Any:
    """The file's JSON, or ``ImportRefused`` with one sentence: unreadable, too large, nested
    past any case (checked before parsing: the parser would recurse itself to death)."""

    def refused(msg_id: str, **params: object) -> ImportRefused:
        return ImportRefused([(0, path.name, TongbanError(msg_id, **params))])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise refused("import.too_large", size=_mb(size), max=_mb(MAX_BYTES))
        data = path.read_bytes()
        depth = json_limits.nesting_depth(data, MAX_DEPTH)
        if depth > MAX_DEPTH:
            raise refused("import.too_deep", depth=depth, max=MAX_DEPTH)
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError) as e:
        raise refused("import.unreadable", error=str(e)) from None


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"


def import_records(
    store: Store,
    raw: Any,
    *,
    catalogue: Catalogue,
    calendar: Calendar,
    terminal_id: str,
    actor: str,
) -> Imported:
    """Check every record, then write all of them or none; ``actor`` (the supervisor who
    signed in) is the journal's actor, the paper clerk stays the case's clerk."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportRefused([(0, "", TongbanError("import.format", expected=FORMAT))])
    records = raw.get("cases")
    if not isinstance(records, list) or not records:
        raise ImportRefused([(0, "", TongbanError("import.no_cases"))])
    shape = import_schema.problems(raw)
    if [p for i, p in shape if i == 0]:
        raise ImportRefused([(0, "", p) for i, p in shape if i == 0])
    misshapen = {i for i, _ in shape}
    today = now().date()
    checked: list[tuple[Decided, str, str]] = []
    problems: list[tuple[int, str, TongbanError]] = []
    seen_refs: set[str] = set()
    for index, record in enumerate(records, start=1):
        ref = str(record.get("paper_receipt_no", "")) if isinstance(record, dict) else ""
        if index in misshapen:  # wrong types would only confuse the catalogue's checks
            problems += [(index, ref, p) for i, p in shape if i == index]
            continue
        try:
            decided, clerk = _check(record, catalogue, calendar, today)
        except CaseInvalid as e:
            problems += [(index, ref, p) for p in e.problems]
            continue
        except TongbanError as e:
            problems.append((index, ref, e))
            continue
        if ref in seen_refs:
            problems.append((index, ref, TongbanError("import.duplicate_in_file", ref=ref)))
        seen_refs.add(ref)
        checked.append((decided, clerk, ref))
    taken = _already_imported(store, seen_refs)
    for index, record in enumerate(records, start=1):
        ref = str(record.get("paper_receipt_no", "")) if isinstance(record, dict) else ""
        if ref in taken:
            problems.append((index, ref, TongbanError("import.already_imported", ref=ref)))
    if problems:
        raise ImportRefused(problems)
    at = now()
    names = {
        str(r["paper_receipt_no"]): str(r["clerk_name"]).strip()
        for r in records
        if isinstance(r, dict) and isinstance(r.get("clerk_name"), str)
    }
    receipts = []
    with store.write():
        for decided, clerk, ref in checked:
            # The paper's clerk by name: the file's, else this terminal's account of that login.
            name = names.get(ref) or clerks.known_name(store, clerk)
            receipts.append(
                casebook.record_decision(
                    store.conn,
                    decided,
                    terminal_id=terminal_id,
                    clerk=clerk,
                    at=at,
                    paper_fallback=True,
                    paper_receipt_no=ref,
                    entered_by=actor,
                    clerk_name=name,
                )
            )
    return Imported(receipts)


def _already_imported(store: Store, refs: set[str]) -> set[str]:
    if not refs:
        return set()
    marks = ",".join("?" * len(refs))
    rows = store.conn.execute(
        f"SELECT paper_receipt_no FROM cases WHERE paper_receipt_no IN ({marks})", tuple(refs)
    ).fetchall()
    return {r[0] for r in rows}


def _check(
    record: Any, catalogue: Catalogue, calendar: Calendar, today: Any
) -> tuple[Decided, str]:
    if not isinstance(record, Mapping):
        raise TongbanError("import.not_object")
    missing = [
        k
        for k in ("paper_receipt_no", "intake", "applicant", "decision", "received_at", "clerk")
        if not record.get(k)
    ]
    if missing:
        raise TongbanError("import.missing_keys", keys=", ".join(missing))
    try:
        decision = Decision(record["decision"])
    except ValueError:
        raise TongbanError("import.bad_decision", value=str(record["decision"])) from None
    try:
        received_at = datetime.fromisoformat(str(record["received_at"]))
    except ValueError:
        raise TongbanError("import.bad_time", value=str(record["received_at"])) from None
    if received_at.tzinfo is None:
        raise TongbanError("import.naive_time", value=str(record["received_at"]))
    _plausible(record, received_at)
    a = record["applicant"]
    try:
        applicant = Applicant(
            DocumentKind(a.get("kind", "resident_id")),
            str(a.get("name", "")),
            str(a.get("id_number", "")),
        )
        given = MaterialsGiven.from_json(record.get("materials") or {})
        parties = Parties.from_json(record.get("parties"))  # an agent's or a company's case
    except (ValueError, TypeError, AttributeError) as e:
        raise TongbanError("import.malformed", error=str(e)) from None
    capture = Capture(
        str(uuid.uuid4()),
        str(record["intake"]),
        applicant,
        {str(k): str(v) for k, v in (record.get("answers") or {}).items()},
        dict(record.get("form") or {}),
        given,
        # What the paper receipt recorded of the fee and 加急 (terminal/fees.py).
        fee=FeeTaken.from_json(record.get("fee")),
        expedited=bool(record.get("expedited", False)),
        parties=parties,
    )
    decided = decide(
        catalogue,
        capture,
        decision,
        received_at=received_at,
        calendar=calendar,
        reason=str(record.get("reason", "")),
        legal_basis=str(record.get("legal_basis", "")),
        today=today,
    )
    return decided, str(record["clerk"])


def _plausible(record: Mapping[str, Any], received_at: datetime) -> None:
    """Dates a typo makes impossible: before the terminal existed, before the applicant was
    born, a promise due years later. (In the future is refused by ``decide``.)"""
    value = str(record["received_at"])
    if received_at.date() < EARLIEST:
        raise TongbanError(
            "import.too_early", field="received_at", value=value, earliest=EARLIEST.isoformat()
        )
    applicant = record["applicant"]
    if applicant.get("kind", "resident_id") == "resident_id":
        try:
            born = check_id_number(str(applicant["id_number"])).birth_date
        except IdNumberInvalid:
            born = None  # the applicant's own check says what is wrong with the number
        if born is not None and received_at.date() < born:
            raise TongbanError("import.before_birth", value=value)
    promises = (record.get("materials") or {}).get("promises") or {}
    for code, due in promises.items():
        if date.fromisoformat(due) > received_at.date() + timedelta(days=366):
            raise TongbanError(
                "import.promise_too_late", field=f"materials.promises.{code}", value=due
            )
