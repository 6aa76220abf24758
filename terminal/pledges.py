"""告知承诺 in a case (issue 16): a material the catalogue allows replaced by the citizen's
signed promise (告知承诺书), and the day the department checks it (核查). No Qt, no store.

In a case's materials JSON the 容缺 deadlines keep their old key ``promises``; a signed
告知承诺 is under ``pledges``: material code → the envelope's attachment (by SHA-256), the
envelope's own hash (journaled) and the 核查 day. The envelope (terminal/signatures.py) is
stored as an attachment of the case, so it goes to the portal with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminal import signatures
from terminal.attachments import files
from terminal.case_machine import CaseError
from terminal.catalogue import Material
from terminal.documents.model import PromisePage
from terminal.i18n import TongbanError
from terminal.identity import mask_id_number
from terminal.workdays import Calendar

if TYPE_CHECKING:
    from terminal.cases import Capture

TITLE = "告知承诺书"


@dataclass(frozen=True)
class Pledge:
    envelope: str  # SHA-256 of the stored envelope file (an attachment of the case)
    envelope_hash: str  # the envelope's canonical hash (terminal/signatures.py), journaled
    verify_by: date  # 核查: the department checks the promise by this day

    def to_json(self) -> dict[str, str]:
        return {
            "envelope": self.envelope,
            "hash": self.envelope_hash,
            "verify_by": self.verify_by.isoformat(),
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> Pledge:
        return Pledge(str(raw["envelope"]), str(raw["hash"]), date.fromisoformat(raw["verify_by"]))


def verify_by(material: Material, accepted: date, calendar: Calendar) -> date:
    """The 核查 day: the catalogue's working days after the day the case is received."""
    if material.promise is None:
        raise ValueError(f"{material.code} allows no promise")
    return calendar.add_working_days(accepted, material.promise.verify_working_days)


# The line that names an agent who signs for the applicant (their own card's number, masked).
SIGNED_FOR = "代为签署："


def document_text(
    *,
    material: Material,
    service: str,
    name: str,
    id_number: str,
    case_id: str,
    check_day: date,
    signed_by: tuple[str, str] | None = None,
) -> str:
    """The 告知承诺书 exactly as shown beside the pad and printed: its UTF-8 bytes are what
    the signature's envelope binds (their SHA-256). Chinese: it is the legal text; the
    citizen's number masked, as on every paper the hall hands out. ``signed_by`` (name, ID
    number): in an agent's case the agent at the counter signs for the applicant, and says so."""
    if material.promise is None:
        raise ValueError(f"{material.code} allows no promise")
    return "\n".join(
        [
            TITLE,
            f"办理事项：{service}",
            f"承诺代替的材料：{material.name}",
            f"承诺人：{name}（证件号码 {mask_id_number(id_number)}）",
            *(
                [
                    f"{SIGNED_FOR}{signed_by[0]}（证件号码 {mask_id_number(signed_by[1])}），代办人，受承诺人委托"
                ]
                if signed_by
                else []
            ),
            material.promise.text,
            f"核查期限：{check_day.year}年{check_day.month}月{check_day.day}日前",
            f"业务编号：{case_id}",
        ]
    )


def promise_pages(materials: Mapping[str, Any], folder: Path) -> list[PromisePage]:
    """The case's signed 告知承诺书, for its paper: each envelope read from the attachments,
    verified against its own text and the hash the case recorded (and journaled). One that
    does not verify is refused in a sentence: a forged or damaged signature is never printed."""
    pages = []
    for code, raw in sorted((materials.get("pledges") or {}).items()):
        pledge = Pledge.from_json(raw)
        try:
            envelope = signatures.from_bytes(files.read_file(folder, pledge.envelope))
        except OSError:
            raise signatures.SignatureError("signature.file_missing", material=code) from None
        text = str(envelope.get("document", {}).get("text", ""))
        problem = signatures.problem(envelope, text.encode("utf-8"), pledge.envelope_hash)
        if problem is not None:
            raise signatures.SignatureError(problem)
        label = "代办人（签名）：" if f"\n{SIGNED_FOR}" in text else "承诺人（签名）："
        pages.append(
            PromisePage(text, signatures.png_of(envelope), str(envelope["signed_at"]), label)
        )
    return pages


def promise_problems(
    capture: Capture, every: Mapping[str, Material], received: date, calendar: Calendar | None
) -> list[TongbanError]:
    """容缺 and 告知承诺 only where the catalogue allows them (never the ID card or what must be
    presented in person), 容缺 within its rule, and each promise signed and kept."""
    problems: list[TongbanError] = []
    given = capture.given
    for code, deadline in sorted(given.promises.items()):
        m = every.get(code)
        if m is None:
            continue
        if not m.may_defer:
            problems.append(CaseError("case.defer_not_allowed", material=m.name))
        elif m.defer_working_days and calendar is not None:
            latest = calendar.add_working_days(received, m.defer_working_days)
            if deadline > latest:
                problems.append(
                    CaseError("case.defer_too_late", material=m.name, latest=latest.isoformat())
                )
    signed = {a.sha256 for a in capture.attachments}
    for code, pledge in sorted(given.pledges.items()):
        m = every.get(code)
        if m is None:
            continue
        if m.promise is None:
            problems.append(CaseError("case.promise_not_allowed", material=m.name))
        elif pledge.envelope not in signed:
            problems.append(CaseError("case.promise_unsigned", material=m.name))
        elif pledge.verify_by <= received:
            problems.append(CaseError("case.promise_verify_day", material=m.name))
    return problems
