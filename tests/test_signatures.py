"""The signature envelope (issue 16): strokes, a PNG drawn from them and the document's hash,
bound so that a changed document, changed strokes or a swapped picture fail verification."""

from __future__ import annotations

import base64
import hashlib
import struct
import zlib
from datetime import date, datetime, timedelta

import pytest

from terminal import signatures
from terminal.clock import CHINA
from terminal.i18n import TongbanError
from terminal.signatures import Signer, TieKey, make_envelope, problem, verify

DOCUMENT = "告知承诺书\n本人承诺……（示例文本）".encode()
# An invented citizen: the standard's own example number; an invented terminal key.
NUMBER = "11010519491231002X"
KEY = TieKey("k_test", b"terminal-secret-for-tests-only!!")
SIGNER = Signer.from_card(NUMBER, KEY)
AT = datetime(2026, 12, 5, 9, 30, tzinfo=CHINA)
STROKES = [
    [(10.0, 20.0, 0, 0.5), (60.0, 40.0, 16, 0.7), (120.0, 30.0, 33, 0.6)],
    [(200.0, 100.0, 400, None), (260.0, 180.0, 430, None)],
]


def envelope() -> dict:
    return make_envelope(
        STROKES,
        document=DOCUMENT,
        document_title="告知承诺书",
        purpose="promise",
        signer=SIGNER,
        terminal_id="T-01",
        at=AT,
    )


def _alpha(png: bytes) -> bytes:
    """The alpha channel of our own PNG (one IDAT, filter 0): which pixels carry ink."""
    length = struct.unpack(">I", png[33:37])[0]
    rows = zlib.decompress(png[41 : 41 + length])
    stride = signatures.WIDTH * 4 + 1
    return b"".join(rows[r * stride + 1 : (r + 1) * stride][3::4] for r in range(signatures.HEIGHT))


def test_an_envelope_verifies_against_the_document_it_was_made_over() -> None:
    env = envelope()
    assert verify(env, DOCUMENT)
    assert verify(env, DOCUMENT, journaled_hash=env["hash"])
    assert env["document"]["sha256"] == hashlib.sha256(DOCUMENT).hexdigest()
    # Time and pressure kept where given, pressure null where the device has none (a mouse).
    assert env["strokes"][0][1] == [60.0, 40.0, 16, 0.7]
    assert env["strokes"][1][0][3] is None


def test_a_changed_document_fails() -> None:
    env = envelope()
    assert not verify(env, DOCUMENT + b" ")
    assert problem(env, "告知承诺书\n本人不承诺".encode()) == "signature.other_document"


def test_changed_strokes_fail_even_with_the_hash_recomputed() -> None:
    env = envelope()
    env["strokes"][0][0][0] = 11.0
    assert problem(env, DOCUMENT) == "signature.altered"
    # Rewritten whole, its own hash recomputed: the picture no longer matches the strokes...
    env["hash"] = signatures.envelope_hash(env)
    assert problem(env, DOCUMENT) == "signature.picture_differs"
    # ...and with the picture redrawn too, the journaled hash still tells.
    original = envelope()
    png = signatures.render_png(env["strokes"])
    env["png"] = base64.b64encode(png).decode()
    env["png_sha256"] = hashlib.sha256(png).hexdigest()
    env["hash"] = signatures.envelope_hash(env)
    assert verify(env, DOCUMENT)
    assert problem(env, DOCUMENT, journaled_hash=original["hash"]) == "signature.not_journaled"


def test_a_swapped_picture_fails() -> None:
    env = envelope()
    other = signatures.render_png([[[0, 0, 0, None], [599, 239, 9, None]]])
    env["png"] = base64.b64encode(other).decode()
    env["png_sha256"] = hashlib.sha256(other).hexdigest()
    env["hash"] = signatures.envelope_hash(env)
    assert problem(env, DOCUMENT) == "signature.picture_differs"


def test_the_png_is_transparent_with_ink_along_the_strokes() -> None:
    png = signatures.png_of(envelope())
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (signatures.WIDTH, signatures.HEIGHT)
    alpha = _alpha(png)
    at = lambda x, y: alpha[y * signatures.WIDTH + x]  # noqa: E731
    assert at(10, 20) == 255 and at(35, 30) == 255  # on the first segment
    assert at(5, 200) == 0 and at(400, 10) == 0  # nothing drawn there: transparent
    # The same strokes draw the same bytes (the envelope's hash depends on it).
    assert signatures.render_png(envelope()["strokes"]) == png


def test_the_signer_is_masked_and_the_envelope_canonical() -> None:
    env = envelope()
    stored = signatures.to_bytes(env)
    assert b"11010519491231002X" not in stored and "张示例".encode() not in stored
    assert env["signer"]["id_masked"] == "110105********002X"
    assert signatures.from_bytes(stored) == env
    assert signatures.canonical(env) == stored  # one byte form: sorted keys, no spaces
    # The tie names the whole number (however it was typed) under the key, nothing else.
    tie = env["signer"]
    assert signatures.tie_key_id(tie) == "k_test"
    assert signatures.tied_to(tie, " 11010519491231002x", KEY.secret)
    assert not signatures.tied_to(tie, "110105194912310037", KEY.secret)  # another person
    assert not signatures.tied_to(tie, NUMBER, b"another terminal's secret")
    # Two envelopes of one person are not linkable by their ties; unenrolled: no tie at all.
    assert Signer.from_card(NUMBER, KEY).mac != SIGNER.mac
    assert Signer.from_card(NUMBER, None).to_json() == {"id_masked": "110105********002X"}


def test_the_number_is_not_recovered_from_an_envelope_by_trying_birth_dates() -> None:
    """Review 6, finding 1: the masked number hides only the birth date. Whoever holds the
    envelope and knows the name tries every date of a year (the true one among them) with
    every unkeyed hash the envelope could hold: none of them is anywhere in it."""
    stored = signatures.to_bytes(envelope()).decode()
    masked = envelope()["signer"]["id_masked"]
    day, hits = date(1949, 1, 1), []
    while day.year == 1949:
        guess = masked[:6] + day.strftime("%Y%m%d") + masked[-4:]
        for text in (f"张示例\n{guess}", guess):
            if hashlib.sha256(text.encode()).hexdigest() in stored:
                hits.append(guess)
        day += timedelta(days=1)
    assert hits == []


def test_an_envelope_of_the_old_form_still_verifies() -> None:
    """Envelopes stored before the tie (``person_sha256``) are read as they are."""
    old = dict(envelope())
    old["signer"] = {"id_masked": "110105********002X", "person_sha256": "ab" * 32}
    old["hash"] = signatures.envelope_hash(old)
    assert verify(old, DOCUMENT, old["hash"])
    assert signatures.tie_key_id(old["signer"]) is None
    assert not signatures.tied_to(old["signer"], NUMBER, KEY.secret)


def test_an_empty_signature_or_a_stuck_pen_is_refused_in_a_sentence() -> None:
    with pytest.raises(TongbanError) as empty:
        make_envelope(
            [[]],
            document=DOCUMENT,
            document_title="t",
            purpose="promise",
            signer=SIGNER,
            terminal_id="T-01",
            at=AT,
        )
    assert "签名" in str(empty.value)
    stuck = [[(1.0, 1.0, i, None) for i in range(signatures.MAX_POINTS + 1)]]
    with pytest.raises(TongbanError, match="清除"):
        make_envelope(
            stuck,
            document=DOCUMENT,
            document_title="t",
            purpose="promise",
            signer=SIGNER,
            terminal_id="T-01",
            at=AT,
        )
    assert problem({"format": "x"}, DOCUMENT) == "signature.bad_format"
    with pytest.raises(TongbanError):
        signatures.from_bytes(b"\xff")


@pytest.mark.parametrize(
    "crafted",
    [
        {"hmac": "é"},  # compare_digest refused non-ASCII text with a TypeError
        {"nonce": "\ud800"},  # a lone surrogate has no UTF-8: UnicodeEncodeError in the MAC
        {"hmac": "\ud800" * 64},
        {"nonce": 7},
    ],
)
def test_a_malformed_tie_does_not_hold_and_raises_nothing(crafted: dict[str, object]) -> None:
    """Review 8, finding 3: an envelope comes from the wire; whatever its tie holds, the
    answer is "does not hold", never an exception (the portal's 500)."""
    signer = {"id_masked": SIGNER.id_masked, "person": {**SIGNER.to_json()["person"], **crafted}}
    assert not signatures.tied_to(signer, NUMBER, KEY.secret)
    assert signatures.tie_key_id(signer) == "k_test"  # a tie, to be checked: never "no tie"


def test_a_key_id_no_terminal_writes_names_no_key() -> None:
    """A lone surrogate cannot even be looked up in SQLite; "" is found nowhere, so the
    portal refuses the tie rather than taking it for an envelope without one."""
    for key_id in ("\ud800", ["k_test"], 7):
        person = {**SIGNER.to_json()["person"], "key_id": key_id}
        assert signatures.tie_key_id({"id_masked": SIGNER.id_masked, "person": person}) == ""
