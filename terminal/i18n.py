"""User-facing text: every message has an id and one template per language.

Simplified Chinese is the first language, English the second. Templates live
in ``terminal/locale/<lang>.json`` so a translator edits data, not code, and a
test checks that every id exists in every language with the same parameters.

A count is written with its plural forms, in the notation of ICU's MessageFormat
(what translators' tools know): ``{count, plural, one {# material} other {#
materials}}``, ``#`` standing for the number. English has the two forms;
Chinese has one and writes the number plainly (``{count} 项``). The Qt windows
do the same with Qt's numerus forms (``tr("%n ...", "", n)``).
The Qt windows translate their own widgets with Qt's tools; messages that the
core produces (validation errors, states) come from here in both places.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_current = os.environ.get("TONGBAN_LANG", DEFAULT_LANGUAGE)


def normalise_language(value: str) -> str:
    """Map what people write (zh, zh-CN, en_US.UTF-8...) to a supported language."""
    v = value.strip().replace("-", "_").split(".")[0].lower()
    if v.startswith("zh"):
        return "zh_CN"
    if v.startswith("en"):
        return "en"
    raise ValueError(value)


def set_language(value: str) -> None:
    global _current
    _current = normalise_language(value)


def current_language() -> str:
    try:
        return normalise_language(_current)
    except ValueError:
        return DEFAULT_LANGUAGE


# Packages whose messages join the core's: devices/ and sync/ keep their own
# ``<package>/locale/<lang>.json`` and register it when imported, so the core
# never imports them and each package's texts stay beside its code.
_packages: list[str] = ["terminal"]


def register_messages(package: str) -> None:
    if package not in _packages:
        _packages.append(package)
        catalogue.cache_clear()


@cache
def catalogue(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for package in _packages:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent / "locale"
        # <lang>.json, then <lang>.<topic>.json: one file per topic keeps edits apart.
        for path in sorted(folder.glob(f"{language}.*json")):
            merged.update(json.loads(path.read_text("utf-8")))
    return merged


def tr(msg_id: str, language: str | None = None, **params: Any) -> str:
    """The message ``msg_id`` in ``language`` (default: the current one)."""
    lang = language or current_language()
    template = catalogue(lang).get(msg_id) or catalogue(DEFAULT_LANGUAGE).get(msg_id)
    if template is None:
        # A missing id is a programming error, but the person still gets the id.
        return msg_id
    named = {k: v.pick(lang) if isinstance(v, Named) else v for k, v in params.items()}
    return _plurals(template, named).format(**named)


# Only "one" and "other": the two forms our two languages need (CLDR: zh has "other" only).
# A form may hold other parameters ({names}) but no nested plural.
_FORM = r"((?:[^{}]|\{\w+\})*)"
_PLURAL = re.compile(r"\{(\w+), plural, one \{" + _FORM + r"\} other \{" + _FORM + r"\}\}")


def _plurals(template: str, params: dict[str, Any]) -> str:
    def form(m: re.Match[str]) -> str:
        n = params[m[1]]
        try:
            one = int(n) == 1
        except (TypeError, ValueError):
            one = False
        # The chosen form's own {parameters} stay fields for str.format; # is the number.
        return (m[2] if one else m[3]).replace("#", str(n))

    return _PLURAL.sub(form, template)


def parameters(template: str) -> set[str]:
    """The names a template takes, counts in plural forms included (for the catalogue tests)."""
    names = set()
    for m in _PLURAL.finditer(template):
        names.add(m[1])
        for form in (m[2], m[3]):
            names |= {f for _, f, _, _ in string.Formatter().parse(form) if f}
    plain = _PLURAL.sub("", template)
    return names | {f for _, f, _, _ in string.Formatter().parse(plain) if f}


class Named:
    """A catalogue name as a message parameter, read in the language the message is shown
    in (the catalogue gives both): a service's name inside an English sentence is English."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en

    def pick(self, language: str) -> str:
        return self.zh if language == "zh_CN" or not self.en else self.en

    def __format__(self, spec: str) -> str:
        return format(self.pick(current_language()), spec)

    def __str__(self) -> str:
        return format(self)


class TongbanError(Exception):
    """An error a person will read: a message id and its parameters.

    ``str(error)`` renders it in the current language; code that wants another
    language calls ``error.text(lang)``.
    """

    def __init__(self, msg_id: str, **params: Any) -> None:
        super().__init__(msg_id)
        self.msg_id = msg_id
        self.params = params

    def text(self, language: str | None = None) -> str:
        return tr(self.msg_id, language, **self.params)

    def __str__(self) -> str:
        return self.text()
