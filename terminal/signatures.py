"""A citizen's handwritten signature, bound to what it signs (issue 16). No Qt.

The envelope holds the strokes (points with time in ms and pressure where the device gives
one), a transparent PNG drawn from those strokes, the SHA-256 of the document shown beside
the pad, who signed (as read from their card: the masked number and a keyed tie, never the
number in clear), the terminal and the time. Its hash is taken over canonical JSON (sorted keys, no
spaces, UTF-8), so the same envelope hashes the same on the terminal and at the portal; that
hash is journaled, which is what makes a later edit of the strokes detectable even by someone
who recomputes the envelope's own hash.

The PNG is rendered here, from the strokes, by a small deterministic rasteriser: the stored
picture is a function of the strokes, so ``verify`` redraws it and a picture swapped for
another signer's fails. (The pad's on-screen ink is Qt's, antialiased; the record is this.)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.identity import mask_id_number, normalise_id_number

FORMAT = "tongban.signature/1"
# The pad's drawing area in its own units; the widget scales its pixels to this, so an
# envelope's coordinates mean the same whatever the screen.
WIDTH, HEIGHT = 600, 240
PEN_RADIUS = 2  # pixels of the recorded PNG: a ball-point's line at print size
MAX_POINTS = 20_000  # a signature is a few hundred; past this it is a stuck pen, not a name

Point = tuple[float, float, int, float | None]  # x, y, t (ms since pen first down), pressure


class SignatureError(TongbanError):
    """A signature that cannot be made or does not verify; the message says which part."""


# The person tie (review 6, finding 1). Written: an HMAC of the full ID number under a key
# only this terminal and the portal hold, with a random nonce per envelope. The old form,
# ``person_sha256`` = SHA-256 of name and number, is only ever read (envelopes already stored
# still verify: ``problem`` never looked at the signer): with the masked number in the same
# envelope, only the birth date is hidden (some 3,000 dates pass the check character), so
# anyone holding the envelope and guessing the name recovered the number in a moment. No slow
# hash cures a space that small; a secret key does.
TIE = "hmac-sha256/2"
_TIE_LABEL = b"tongban.signature.person-tie/2"  # the request-signing secret, put to another use


@dataclass(frozen=True)
class TieKey:
    """What the person tie is keyed with: the terminal's portal key (sync/link/keys.py), whose
    secret the portal holds too and looks up by ``key_id`` to check a collector's envelope."""

    key_id: str
    secret: bytes


def _tie_mac(secret: bytes, nonce: str, number: str) -> str:
    key = hmac.new(secret, _TIE_LABEL, hashlib.sha256).digest()
    return hmac.new(key, f"{nonce}\n{number}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Signer:
    """Who signs, as read from their card. The number is masked; the tie binds the envelope to
    the full number without carrying it, checkable only by a holder of the key. A terminal
    with no portal key (not enrolled) writes no tie: the masked number alone."""

    id_masked: str
    key_id: str = ""
    nonce: str = ""
    mac: str = ""

    @staticmethod
    def from_card(id_number: str, key: TieKey | None) -> Signer:
        number = normalise_id_number(id_number)
        if key is None:
            return Signer(mask_id_number(number))
        # A fresh nonce: two envelopes of one person are not linkable by their ties.
        nonce = secrets.token_hex(16)
        return Signer(
            mask_id_number(number), key.key_id, nonce, _tie_mac(key.secret, nonce, number)
        )

    def to_json(self) -> dict[str, Any]:
        if not self.mac:
            return {"id_masked": self.id_masked}
        tie = {"scheme": TIE, "key_id": self.key_id, "nonce": self.nonce, "hmac": self.mac}
        return {"id_masked": self.id_masked, "person": tie}


def tie_key_id(signer: Mapping[str, Any]) -> str | None:
    """The key an envelope's signer (its ``signer`` object) is tied with; None: no tie of this
    version (an old ``person_sha256`` envelope, or one made before enrolment)."""
    tie = signer.get("person")
    if not isinstance(tie, Mapping) or tie.get("scheme") != TIE:
        return None
    # A key id this terminal could not have written (not text, not ASCII) is no key at all:
    # "" is looked up, found nowhere, and the tie does not hold (never "no tie").
    key_id = tie.get("key_id")
    return key_id if isinstance(key_id, str) and key_id.isascii() else ""


def tied_to(signer: Mapping[str, Any], id_number: str, secret: bytes) -> bool:
    """Whether the signer's tie names this full number, under the key whose secret is given.

    Total (review 8, finding 3): the envelope comes from the wire, and any malformed field
    (a non-ASCII MAC, a nonce with a lone surrogate) is a tie that does not hold, not an
    exception a portal would answer with a 500."""
    tie = signer.get("person")
    if not isinstance(tie, Mapping) or tie.get("scheme") != TIE:
        return False
    nonce, offered = tie.get("nonce"), tie.get("hmac")
    if not isinstance(nonce, str) or not isinstance(offered, str) or not offered.isascii():
        return False  # compare_digest refuses non-ASCII text with a TypeError
    try:
        expected = _tie_mac(secret, nonce, normalise_id_number(id_number))
    except UnicodeEncodeError:  # a lone surrogate has no UTF-8: no nonce we ever wrote
        return False
    return hmac.compare_digest(expected.encode(), offered.encode())


def canonical(value: Any) -> bytes:
    """The one byte form an envelope is hashed in (and stored in)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _clean(strokes: Sequence[Sequence[Point]]) -> list[list[list[Any]]]:
    """Strokes as JSON lists, coordinates to 0.1 unit and clamped to the pad: floats from
    two devices must not make two hashes for the same line."""
    out: list[list[list[Any]]] = []
    count = 0
    for stroke in strokes:
        points: list[list[Any]] = []
        for x, y, t, p in stroke:
            cx = round(min(max(float(x), 0.0), WIDTH), 1)
            cy = round(min(max(float(y), 0.0), HEIGHT), 1)
            points.append([cx, cy, int(t), None if p is None else round(float(p), 3)])
        if points:
            out.append(points)
            count += len(points)
    if not out:
        raise SignatureError("signature.empty")
    if count > MAX_POINTS:
        raise SignatureError("signature.too_long", points=count)
    return out


def render_png(strokes: Sequence[Sequence[Sequence[Any]]]) -> bytes:
    """Black ink on a transparent WIDTH×HEIGHT PNG: each segment stamped with a disc every
    pixel of its length. Pure integers after rounding, so every machine draws the same bytes."""
    alpha = bytearray(WIDTH * HEIGHT)
    disc = [
        (dx, dy)
        for dx in range(-PEN_RADIUS, PEN_RADIUS + 1)
        for dy in range(-PEN_RADIUS, PEN_RADIUS + 1)
        if dx * dx + dy * dy <= PEN_RADIUS * PEN_RADIUS
    ]

    def dab(x: int, y: int) -> None:
        for dx, dy in disc:
            px, py = x + dx, y + dy
            if 0 <= px < WIDTH and 0 <= py < HEIGHT:
                alpha[py * WIDTH + px] = 255

    for stroke in strokes:
        prev: tuple[int, int] | None = None
        for point in stroke:
            x, y = round(float(point[0])), round(float(point[1]))
            if prev is None:
                dab(x, y)
            else:
                steps = max(abs(x - prev[0]), abs(y - prev[1]), 1)
                for i in range(1, steps + 1):
                    dab(prev[0] + (x - prev[0]) * i // steps, prev[1] + (y - prev[1]) * i // steps)
            prev = (x, y)
    rgba = bytearray(WIDTH * HEIGHT * 4)  # black, transparent where no ink
    rgba[3::4] = alpha
    stride = WIDTH * 4
    rows = b"".join(b"\x00" + rgba[r * stride : (r + 1) * stride] for r in range(HEIGHT))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def envelope_hash(envelope: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of everything but the hash itself."""
    return hashlib.sha256(canonical({k: v for k, v in envelope.items() if k != "hash"})).hexdigest()


def make_envelope(
    strokes: Sequence[Sequence[Point]],
    *,
    document: bytes,
    document_title: str,
    purpose: str,
    signer: Signer,
    terminal_id: str,
    at: datetime,
) -> dict[str, Any]:
    """The envelope for these strokes over ``document`` (the exact bytes shown beside the pad),
    with its ``hash``."""
    clean = _clean(strokes)
    png = render_png(clean)
    body: dict[str, Any] = {
        "format": FORMAT,
        "purpose": purpose,  # "promise" (告知承诺书); later: form, notice, handover
        # The text too, so the paper is printed from the envelope alone (and checked first).
        "document": {
            "sha256": hashlib.sha256(document).hexdigest(),
            "title": document_title,
            "text": document.decode("utf-8", errors="replace"),
        },
        "signer": signer.to_json(),
        "terminal_id": terminal_id,
        "signed_at": stamp(at),
        "pad": [WIDTH, HEIGHT],
        "strokes": clean,
        "png": base64.b64encode(png).decode("ascii"),
        "png_sha256": hashlib.sha256(png).hexdigest(),
    }
    body["hash"] = envelope_hash(body)
    return body


def png_of(envelope: Mapping[str, Any]) -> bytes:
    return base64.b64decode(str(envelope.get("png", "")))


def problem(
    envelope: Mapping[str, Any], document: bytes, journaled_hash: str | None = None
) -> str | None:
    """Why this envelope does not hold for ``document`` (a message id), or None when it does.
    ``journaled_hash``: the hash the journal recorded; an envelope rewritten whole, its own
    hash recomputed, still differs from it."""
    try:
        if envelope.get("format") != FORMAT:
            return "signature.bad_format"
        if envelope.get("hash") != envelope_hash(envelope):
            return "signature.altered"
        if journaled_hash is not None and envelope["hash"] != journaled_hash:
            return "signature.not_journaled"
        if envelope["document"]["sha256"] != hashlib.sha256(document).hexdigest():
            return "signature.other_document"
        png = png_of(envelope)
        if hashlib.sha256(png).hexdigest() != envelope["png_sha256"]:
            return "signature.altered"
        if png != render_png(envelope["strokes"]):
            return "signature.picture_differs"
    except (KeyError, TypeError, ValueError, IndexError):
        return "signature.bad_format"
    return None


def verify(envelope: Mapping[str, Any], document: bytes, journaled_hash: str | None = None) -> bool:
    """Whether the envelope binds these strokes to exactly this document."""
    return problem(envelope, document, journaled_hash) is None


def to_bytes(envelope: Mapping[str, Any]) -> bytes:
    """The stored form (an attachment, content-addressed): canonical JSON."""
    return canonical(dict(envelope))


def from_bytes(data: bytes) -> dict[str, Any]:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SignatureError("signature.unreadable") from None
    if not isinstance(raw, dict):
        raise SignatureError("signature.unreadable")
    return raw
