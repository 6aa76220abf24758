"""House rules a machine can check: the core never imports Qt, every message is translated."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.i18n import parameters

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ("terminal", "devices", "sync")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", QT_FREE)
def test_qt_free_packages_never_import_qt(package: str) -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / package).rglob("*.py")
        if imported_modules(p) & {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    # Catches an indirect import (a dependency that pulls Qt in) that the AST check cannot see.
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for pkg in QT_FREE
        for p in (ROOT / pkg).rglob("*.py")
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("package", ["devices", "sync", "terminal"])
def test_dependency_rule(package: str) -> None:
    """terminal imports none of the others; devices and sync know nothing of each other or of ui."""
    forbidden = {
        "terminal": {"devices", "sync", "ui"},
        "devices": {"sync", "ui"},
        "sync": {"devices", "ui"},
    }
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / package).rglob("*.py")
        if imported_modules(p) & forbidden[package]
    ]
    assert offenders == []


def locale(lang: str) -> dict[str, str]:
    """Every package's messages for one language, each id defined once."""
    merged: dict[str, str] = {}
    for pkg in QT_FREE:
        for path in sorted((ROOT / pkg / "locale").glob(f"{lang}.*json")):
            data: dict[str, str] = json.loads(path.read_text("utf-8"))
            assert not set(data) & set(merged), (
                f"{path} redefines {sorted(set(data) & set(merged))}"
            )
            merged.update(data)
    return merged


def test_every_message_exists_in_chinese_and_english_with_the_same_parameters() -> None:
    zh, en = locale("zh_CN"), locale("en")
    assert set(zh) == set(en)
    for key in zh:
        assert parameters(zh[key]) == parameters(en[key]), key
        prose = re.sub(r"\{[a-z_]+\}|`[^`]*`|[A-Za-z_]+\.[a-z]+", "", zh[key])
        assert re.search(r"[\u4e00-\u9fff]", prose) or not re.search(r"[a-z]{4}", prose), key


_ID = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def message_ids_in(path: Path) -> set[str]:
    """The literal message ids passed to tr() and to the error classes that carry one."""
    ids = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else func.attr
            if isinstance(func, ast.Attribute)
            else ""
        )
        if name in {"tr", "_fail"} or name.endswith(
            ("Error", "Invalid", "Refused", "NotFound", "TooNew")
        ):
            for arg in node.args[:2]:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and _ID.fullmatch(arg.value)
                ):
                    ids.add(arg.value)
    return ids


def test_every_message_id_used_in_code_is_in_the_locale_files() -> None:
    zh = locale("zh_CN")
    used = set().union(*(message_ids_in(p) for pkg in QT_FREE for p in (ROOT / pkg).rglob("*.py")))
    assert len(used) > 50
    assert sorted(used - set(zh)) == []
