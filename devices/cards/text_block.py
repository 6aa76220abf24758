"""The 256-byte text block into a typed document, and back.

Decoding is strict: a block that is not exactly one of the four layouts raises
``DecodeError`` naming the field and its byte range, never anything else, so a
garbled read from a reader becomes a named failure instead of a wrong document.
The encoder is the inverse, for the simulated reader and for test vectors.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from devices.cards.errors import DecodeError
from devices.cards.text_layouts import (
    BLOCK_SIZE,
    LAYOUTS,
    LONG_TERM,
    TYPE_MARK_OFFSET,
    Field,
    field_map,
)
from terminal.identity import (
    DocumentKind,
    ForeignPermanentResidenceCard,
    HmtResidencePermit,
    IdentityDocument,
    ResidentIdCard,
    Sex,
)

_SEX_CODES = {"1": Sex.MALE, "2": Sex.FEMALE}
_SEX_CHARS = {Sex.MALE: "1", Sex.FEMALE: "2"}


def card_kind(block: bytes) -> DocumentKind:
    """The layout the block's type mark names; ``DecodeError`` for any other mark."""
    if len(block) != BLOCK_SIZE:
        raise DecodeError("card.decode.block_size", size=len(block), expected=BLOCK_SIZE)
    code = int.from_bytes(block[TYPE_MARK_OFFSET : TYPE_MARK_OFFSET + 2], "little")
    mark = chr(code)
    if mark not in LAYOUTS:
        raise DecodeError("card.decode.unknown_type", mark=f"U+{code:04X}", offset=TYPE_MARK_OFFSET)
    return LAYOUTS[mark][0]


def decode_text_block(block: bytes, photo: bytes | None = None) -> IdentityDocument:
    kind = card_kind(block)
    reader = _Fields(block, kind)
    if kind is DocumentKind.RESIDENT_ID:
        return ResidentIdCard(
            **reader.common(kind, photo),
            ethnicity_code=reader.text("ethnicity"),
            address=reader.text("address"),
            issuer=reader.text("authority"),
        )
    if kind is DocumentKind.HMT_RESIDENCE_PERMIT:
        return HmtResidencePermit(
            **reader.common(kind, photo),
            address=reader.text("address"),
            issuer=reader.text("authority"),
            pass_number=reader.text("pass_number"),
            issue_count=reader.count("issue_count"),
        )
    if kind is DocumentKind.FOREIGN_PERMANENT_2017:
        name_en = reader.text("name_en")
    else:
        # A long English name runs on into its second field: join them before trimming.
        name_en = (reader.text("name_en", strip=False) + reader.text("name_en_more")).strip()
    return ForeignPermanentResidenceCard(
        **reader.common(kind, photo),
        name_en=name_en,
        nationality=reader.text("nationality"),
        issuer=reader.text("authority"),
    )


class _Common(TypedDict):
    kind: DocumentKind
    name: str
    id_number: str
    sex: Sex | None
    birth_date: date | None
    valid_from: date | None
    valid_to: date | None
    photo: bytes | None


class _Fields:
    def __init__(self, block: bytes, kind: DocumentKind) -> None:
        self.block = block
        self.fields = field_map(next(t for k, t in LAYOUTS.values() if k is kind))

    def common(self, kind: DocumentKind, photo: bytes | None) -> _Common:
        name = self.text("name")
        if not name:
            raise self.error("card.decode.empty_field", "name")
        number = self.text("id_number")
        if not number:
            raise self.error("card.decode.empty_field", "id_number")
        return {
            "kind": kind,
            "name": name,
            "id_number": number,
            "sex": self.sex(),
            "birth_date": self.date("birth_date"),
            "valid_from": self.date("valid_from"),
            "valid_to": self.date("valid_to", long_term_allowed=True),
            "photo": photo,
        }

    def error(self, msg_id: str, name: str) -> DecodeError:
        f = self.fields[name]
        return DecodeError(msg_id, field=name, start=f.offset, end=f.end - 1)

    def text(self, name: str, *, strip: bool = True) -> str:
        f = self.fields[name]
        try:
            value = self.block[f.offset : f.end].decode("utf-16-le")
        except UnicodeDecodeError:
            raise self.error("card.decode.not_ucs2", name) from None
        # Readers pad with spaces; a few pad with NULs. Anything else below a space is noise.
        value = value.rstrip("\x00")
        if any(c < " " or "\x7f" <= c < "\xa0" or c in "\ufffe\uffff" for c in value):
            raise self.error("card.decode.control_char", name)
        return value.strip(" ") if strip else value

    def date(self, name: str, *, long_term_allowed: bool = False) -> date | None:
        value = self.text(name)
        if long_term_allowed and value == LONG_TERM:
            return None
        if len(value) != 8 or not value.isascii() or not value.isdigit():
            raise self.error("card.decode.bad_date", name)
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            raise self.error("card.decode.bad_date", name) from None

    def sex(self) -> Sex:
        sex = _SEX_CODES.get(self.text("sex"))
        if sex is None:
            raise self.error("card.decode.bad_sex", "sex")
        return sex

    def count(self, name: str) -> int:
        value = self.text(name)
        if not value.isascii() or not value.isdigit():
            raise self.error("card.decode.bad_number", name)
        return int(value)


def encode_text_block(doc: IdentityDocument) -> bytes:
    """The block a card holding ``doc`` gives; ``ValueError`` if a value does not fit its field."""
    mark = next(m for m, (k, _) in LAYOUTS.items() if k is doc.kind)
    values: dict[str, str] = {
        "name": doc.name,
        "sex": _SEX_CHARS[doc.sex] if doc.sex else "",
        "birth_date": _date_text(doc.birth_date),
        "id_number": doc.id_number,
        "valid_from": _date_text(doc.valid_from),
        "valid_to": _date_text(doc.valid_to) if doc.valid_to else LONG_TERM,
        "type_mark": mark,
    }
    if isinstance(doc, ResidentIdCard):
        values |= {"ethnicity": doc.ethnicity_code, "address": doc.address, "authority": doc.issuer}
    elif isinstance(doc, HmtResidencePermit):
        values |= {
            "address": doc.address,
            "authority": doc.issuer,
            "pass_number": doc.pass_number,
            "issue_count": f"{doc.issue_count:02d}",
        }
    elif isinstance(doc, ForeignPermanentResidenceCard):
        values |= {"nationality": doc.nationality, "authority": doc.issuer}
        if doc.kind is DocumentKind.FOREIGN_PERMANENT_2017:
            values["name_en"] = doc.name_en
        else:
            values["name_en"], values["name_en_more"] = doc.name_en[:35], doc.name_en[35:]
    layout = next(t for k, t in LAYOUTS.values() if k is doc.kind)
    return b"".join(_field_bytes(f, values.get(f.name, "")) for f in layout)


def _date_text(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _field_bytes(field: Field, value: str) -> bytes:
    raw = value.encode("utf-16-le")
    if len(raw) > field.length:
        raise ValueError(f"{field.name}: {len(raw)} bytes do not fit in {field.length}")
    return raw + " ".encode("utf-16-le") * ((field.length - len(raw)) // 2)
