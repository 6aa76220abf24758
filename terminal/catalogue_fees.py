"""Reading a service's fee and 加急 terms from the catalogue (docs/catalogue.md, "Fees and 加急").

Money is counted in 分 as an integer: ``fee_fen``. A float never stands for money
here (0.1 + 0.2 is not 0.3); ``fee_yuan`` ("80.00", a decimal string) is still read,
for catalogues written before ``fee_fen``, and must be exact to the 分.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from terminal.catalogue import CatalogueError, Expedite, FeeByAnswer, Question
from terminal.records import Record

Fail = Callable[[str, str], CatalogueError]


@dataclass(frozen=True, eq=False, repr=False)
class FeeTerms(Record):
    fee_yuan: Decimal
    basis: str
    basis_en: str
    by_answer: FeeByAnswer | None
    expedite: Expedite | None


def _fen(value: Any) -> int | None:
    """A whole, non-negative number of 分; None for anything else (floats and bools too)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def fee_terms(
    s: Mapping[str, Any], where: str, questions: Mapping[str, Question], fail: Fail
) -> FeeTerms:
    fen = None
    if "fee_fen" in s:
        fen = _fen(s["fee_fen"])
        if fen is None:
            raise fail(where, "fee_fen must be a whole number of 分 ≥ 0 (not a float)")
    if "fee_yuan" in s:
        raw = s["fee_yuan"]
        try:
            yuan = (
                Decimal(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
            )
        except InvalidOperation:
            yuan = None
        if yuan is None or not yuan.is_finite() or yuan < 0 or yuan * 100 != int(yuan * 100):
            raise fail(where, "fee_yuan must be a decimal string ≥ 0 with at most 2 decimals")
        if fen is not None and int(yuan * 100) != fen:
            raise fail(where, f"fee_yuan {raw} and fee_fen {fen} disagree")
        fen = int(yuan * 100)
    fen = fen or 0
    by_answer = _by_answer(s.get("fee_by_answer"), where, questions, fail)
    basis = str(s.get("fee_basis", ""))
    charged = fen > 0 or (by_answer is not None and any(by_answer.fen.values()))
    # A fee without its 收费依据 is what the rules on 乱收费 forbid; the legacy key is spared,
    # so an older catalogue published before this rule still loads.
    if charged and "fee_fen" in s and not basis.strip():
        raise fail(where, "a service with a fee needs its fee_basis (收费依据)")
    return FeeTerms(
        (Decimal(fen) / 100).quantize(Decimal("0.01")),
        basis,
        str(s.get("fee_basis_en", basis)),
        by_answer,
        _expedite(s.get("expedite"), where, int(s["time_limit_days"]), fail),
    )


def _by_answer(
    raw: Any, where: str, questions: Mapping[str, Question], fail: Fail
) -> FeeByAnswer | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("fen"), Mapping):
        raise fail(where, "fee_by_answer is {question, fen: {answer: 分}}")
    question = questions.get(str(raw.get("question")))
    if question is None:
        raise fail(where, f"fee_by_answer: unknown question {raw.get('question')!r}")
    amounts = {str(k): _fen(v) for k, v in raw["fen"].items()}
    if set(amounts) != question.values() or any(v is None for v in amounts.values()):
        raise fail(where, f"fee_by_answer: a whole 分 amount for each answer of {question.id}")
    return FeeByAnswer(question.id, {k: int(v or 0) for k, v in amounts.items()})


def _expedite(raw: Any, where: str, limit: int, fail: Fail) -> Expedite | None:
    if raw is None:
        return None
    days = _fen(raw.get("time_limit_days")) if isinstance(raw, Mapping) else None
    if days is None or not isinstance(raw, Mapping):
        raise fail(where, "expedite is {time_limit_days, note, note_en}")
    if days >= limit:
        raise fail(where, f"expedite: {days} working days is not shorter than {limit}")
    note = str(raw.get("note", ""))
    return Expedite(days, note, str(raw.get("note_en", note)))
