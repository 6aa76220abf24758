"""A document as the CLI prints it: a JSON object with stable keys, or labelled lines.

Numbers that identify a person (ID number, pass number, card number) are
masked unless the caller asks for them whole (``--reveal``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from devices.cards.text_layouts import ETHNICITIES, LONG_TERM
from terminal.i18n import tr
from terminal.identity import (
    DocumentKind,
    DocumentWarning,
    ForeignPermanentResidenceCard,
    HmtResidencePermit,
    IdentityDocument,
    ResidentIdCard,
    Sex,
    SocialSecurityCard,
    mask_id_number,
)

CARD_TYPES = {
    DocumentKind.RESIDENT_ID: "resident",
    DocumentKind.HMT_RESIDENCE_PERMIT: "hkmotw_residence",
    DocumentKind.FOREIGN_PERMANENT_2017: "foreign_pr_2017",
    DocumentKind.FOREIGN_PERMANENT_2023: "foreign_pr_2023",
    DocumentKind.SOCIAL_SECURITY: "social_security",
}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _mask_short(value: str, reveal: bool) -> str:
    if reveal or len(value) <= 3:
        return value
    return value[0] + "*" * (len(value) - 3) + value[-2:]


def document_json(
    doc: IdentityDocument, warnings: tuple[DocumentWarning, ...], *, reveal: bool = False
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "card_type": CARD_TYPES[doc.kind],
        "name": doc.name,
        "sex": doc.sex.value if doc.sex else None,
        "birth_date": _day(doc.birth_date),
        "id_number": doc.id_number if reveal else mask_id_number(doc.id_number),
        "valid_from": _day(doc.valid_from),
        "valid_to": _day(doc.valid_to) or LONG_TERM,
    }
    if isinstance(doc, ResidentIdCard):
        out |= {
            "ethnicity": ETHNICITIES.get(doc.ethnicity_code, doc.ethnicity_code),
            "ethnicity_code": doc.ethnicity_code,
            "address": doc.address,
            "authority": doc.issuer,
        }
    elif isinstance(doc, HmtResidencePermit):
        out |= {
            "address": doc.address,
            "authority": doc.issuer,
            "pass_number": _mask_short(doc.pass_number, reveal),
            "issue_count": doc.issue_count,
        }
    elif isinstance(doc, ForeignPermanentResidenceCard):
        out |= {"name_en": doc.name_en, "nationality": doc.nationality, "authority": doc.issuer}
    elif isinstance(doc, SocialSecurityCard):
        out |= {
            "card_number": _mask_short(doc.card_number, reveal),
            "region_code": doc.region_code,
            "issued_on": _day(doc.issued_on),
        }
    out["photo_bytes"] = len(doc.photo) if doc.photo else 0
    out["warnings"] = [w.value for w in warnings]
    return out


def document_lines(
    doc: IdentityDocument, warnings: tuple[DocumentWarning, ...], *, reveal: bool = False
) -> list[str]:
    data = document_json(doc, warnings, reveal=reveal)
    lines = [tr(f"card.type.{data['card_type']}")]
    for key in (
        "name",
        "name_en",
        "sex",
        "ethnicity",
        "nationality",
        "birth_date",
        "address",
        "id_number",
        "pass_number",
        "issue_count",
        "card_number",
        "region_code",
        "authority",
    ):
        if key in data and data[key] not in (None, ""):
            value = data[key]
            if key == "sex":
                value = tr("sex.male" if value == Sex.MALE.value else "sex.female")
            lines.append(f"  {tr('card.field.' + key)}: {value}")
    valid_to = tr("card.long_term") if doc.valid_to is None else data["valid_to"]
    lines.append(f"  {tr('card.field.validity')}: {data['valid_from'] or '?'} – {valid_to}")
    if doc.photo:
        lines.append(f"  {tr('card.field.photo')}: {tr('card.photo_kept', size=len(doc.photo))}")
    lines += [f"  ⚠ {tr('card.warning.' + w.value)}" for w in warnings]
    return lines
