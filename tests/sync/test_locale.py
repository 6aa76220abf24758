"""Every message sync/ uses exists in Chinese and English with the same parameters.

tests/test_architecture.py reads terminal/locale only; this does the same for
sync/locale, including the ids built from the portal's problem names.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from sync.portal.problems import STATUS
from terminal.i18n import parameters

ROOT = Path(__file__).resolve().parents[2]
_ID = re.compile(r"(sync|portal|enrol)\.[a-z_]+(\.[a-z_]+)*")


def _locale(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((ROOT / "sync" / "locale" / f"{lang}.json").read_text())
    return data


def ids_used() -> set[str]:
    """Literal message ids in sync/, leaving out journal action names (``action=...``)."""
    used = set()
    for path in (ROOT / "sync").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        actions = {
            id(k.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for k in node.keywords
            if k.arg == "action"
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _ID.fullmatch(node.value)
                and id(node) not in actions
            ):
                used.add(node.value)
    for name in STATUS:
        base = "portal.problem." + name.replace("-", "_")
        used |= {base, base + "_detail"}
    return used


def test_both_languages_have_the_same_ids_and_parameters() -> None:
    zh, en = _locale("zh_CN"), _locale("en")
    assert set(zh) == set(en)
    for key in zh:
        assert parameters(zh[key]) == parameters(en[key]), key
        assert re.search(r"[\u4e00-\u9fff]", zh[key]), key


def test_every_id_used_is_translated_and_none_is_left_over() -> None:
    zh = _locale("zh_CN")
    used = ids_used()
    assert sorted(used - set(zh)) == []
    assert sorted(set(zh) - used) == []


def test_ids_never_clash_with_the_core_or_devices() -> None:
    zh = _locale("zh_CN")
    for other in ("terminal", "devices"):
        path = ROOT / other / "locale" / "zh_CN.json"
        theirs = json.loads(path.read_text()) if path.exists() else {}
        assert not set(zh) & set(theirs)
    assert all(_ID.fullmatch(k) for k in zh)
