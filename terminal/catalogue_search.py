"""Finding a service the way a clerk types: part of the name, the code, the department,
or the pinyin initials (``jzz`` finds 居住证)."""

from __future__ import annotations

from dataclasses import dataclass

from terminal.catalogue import Catalogue
from terminal.records import Record


@dataclass(frozen=True, eq=False, repr=False)
class Hit(Record):
    code: str
    name: str
    department: str  # "" for a bundle
    is_bundle: bool
    score: int  # lower is better


def initials(text: str) -> str:
    """jzzbl for 居住证办理; letters and digits in the text are kept as they are."""
    from pypinyin import Style, lazy_pinyin  # ~140 ms of dictionaries: loaded on the first search

    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower()


_indexes: dict[int, list[tuple[Hit, str, str]]] = {}


def _index(catalogue: Catalogue) -> list[tuple[Hit, str, str]]:
    """Built once per catalogue (pinyin for every name costs ~30 ms)."""
    key = id(catalogue)
    if key not in _indexes:
        _indexes[key] = _build(catalogue)
    return _indexes[key]


def _build(catalogue: Catalogue) -> list[tuple[Hit, str, str]]:
    rows = []
    for s in catalogue.services.values():
        hit = Hit(s.code, s.name, s.department.name, False, 0)
        rows.append(
            (hit, f"{s.name} {s.code} {s.department.name} {s.name_en}".lower(), initials(s.name))
        )
    for b in catalogue.bundles.values():
        hit = Hit(b.code, b.name, "", True, 0)
        names = " ".join(s.name for s in b.services)
        rows.append((hit, f"{b.name} {b.code} {names} {b.name_en}".lower(), initials(b.name)))
    return rows


# What citizens and clerks say for what the catalogue writes out in full.
ALIASES = {
    "社保": "社会保障",
    "社保卡": "社会保障卡",
    "医保": "医疗保",
    "户口": "户籍",
    "营业执照": "个体工商户",
    "餐饮": "食品经营",
    "结婚": "婚姻",
    "房产": "不动产",
    "过户": "转移登记",
}


def warm(catalogue: Catalogue) -> None:
    """Build the pinyin index ahead of the first keystroke (the window calls this off the GUI thread)."""
    _index(catalogue)


def _score(word: str, hit: Hit, text: str, letters: str) -> int | None:
    for w in (word, ALIASES.get(word, word)):
        if hit.name.lower().startswith(w) or letters.startswith(w):
            return 0
        if w in letters:
            return 1
        if w in text:
            return 2
    return None


def search(catalogue: Catalogue, query: str, limit: int = 30) -> list[Hit]:
    """Every service and bundle matching all words of the query; name starts rank first."""
    words = query.lower().split()
    if not words:  # everything, in catalogue order: no pinyin needed yet
        services = [
            Hit(s.code, s.name, s.department.name, False, 0) for s in catalogue.services.values()
        ]
        bundles = [Hit(b.code, b.name, "", True, 0) for b in catalogue.bundles.values()]
        return (services + bundles)[:limit]
    found = []
    for hit, text, letters in _index(catalogue):
        scores = [_score(w, hit, text, letters) for w in words]
        if all(sc is not None for sc in scores):
            found.append(
                Hit(
                    hit.code, hit.name, hit.department, hit.is_bundle, sum(sc or 0 for sc in scores)
                )
            )
    return sorted(found, key=lambda h: (h.score, h.is_bundle, h.code))[:limit]
