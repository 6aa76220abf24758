"""统一社会信用代码 (unified social credit code), GB 32100-2015: its shape and check character.

A company or other organisation applying at the counter (issue 14) is named by this
18-character code on its business licence:

    1     registration authority (1 机构编制, 5 民政, 9 市场监管, Y 其他, ...)
    2     organisation category within that authority
    3–8   the registering authority's administrative division (GB/T 2260)
    9–17  the organisation code (GB 11714: 8 characters and its own check character)
    18    the check character over the first 17 (ISO 7064 MOD 31-3, as GB 32100 applies it)

The 31 characters used are the digits and the capitals without I, O, Z, S, V (which
read like 1, 0, 2, 5, U). A code of the wrong shape is refused outright: it is mistyped.
A code of the right shape whose check character does not match is only *reported*
(``check_ok`` false): codes issued in the early years exist that fail it, so the counter
warns and a supervisor may accept it (issue 14); the embedded organisation code's own
check is reported the same way, as a hint to where a typo is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from terminal.i18n import TongbanError
from terminal.records import Record

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the 31, in the order of their values 0–30
# 3^(i) mod 31 for positions 1–17: GB 32100-2015, table 2.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997: the organisation code's weights, over its 8 body characters.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class CreditCodeInvalid(TongbanError):
    """A code that is not a unified social credit code at all; ``msg_id`` says why."""


@dataclass(frozen=True, eq=False, repr=False)
class CreditCode(Record):
    code: str  # normalised: 18 capitals and digits
    check_ok: bool  # the 18th character matches the first 17 (GB 32100)
    org_code_ok: bool  # characters 9–17 are a well-formed organisation code (GB 11714)

    @property
    def authority(self) -> str:
        return self.code[0]

    @property
    def area_code(self) -> str:
        return self.code[2:8]

    @property
    def org_code(self) -> str:
        return self.code[8:17]


def normalise(raw: str) -> str:
    """Full-width characters from an input method, spaces, hyphens and lower case are common."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(c for c in text if not c.isspace() and c != "-").upper()


def check_character(first17: str) -> str:
    """The 18th character GB 32100 gives these 17 (each one of ``CHARS``)."""
    if len(first17) != 17 or any(c not in CHARS for c in first17):
        raise CreditCodeInvalid("uscc.characters")
    total = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARS[(31 - total % 31) % 31]


def org_check_character(body8: str) -> str | None:
    """GB 11714's check character for an organisation code's 8 body characters; None when
    the body cannot be one (a letter outside A–Z, or not 8 characters)."""
    if len(body8) != 8 or any(c not in _DIGITS + _UPPER for c in body8):
        return None
    values = [int(c) if c in _DIGITS else 10 + _UPPER.index(c) for c in body8]
    check = 11 - sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def inspect(raw: str) -> CreditCode:
    """The code's facts; raises ``CreditCodeInvalid`` only for a code of the wrong shape."""
    code = normalise(raw)
    if not code:
        raise CreditCodeInvalid("uscc.empty")
    if len(code) != 18:
        raise CreditCodeInvalid("uscc.length", length=len(code))
    if any(c not in CHARS for c in code):
        raise CreditCodeInvalid("uscc.characters")
    if not code[2:8].isdigit():
        raise CreditCodeInvalid("uscc.area")
    return CreditCode(
        code=code,
        check_ok=check_character(code[:17]) == code[17],
        org_code_ok=org_check_character(code[8:16]) == code[16],
    )


def check(raw: str) -> str:
    """The normalised code if it is well formed and its check character matches; else
    ``CreditCodeInvalid`` (``uscc.check_character`` for a mismatch a supervisor may override)."""
    facts = inspect(raw)
    if not facts.check_ok:
        raise CreditCodeInvalid("uscc.check_character")
    return facts.code
