"""Frozen records whose equality, hash and repr come from their fields at call time.

``@dataclass(frozen=True)`` writes six methods as source for every class and compiles
them when the module is imported (about 0.6 ms a class here). The classes read before the
window's first paint (the catalogue, the identity documents, the configuration) are many,
so they are declared ``@dataclass(frozen=True, eq=False, repr=False)`` on this base: the
dataclass compiles only ``__init__`` and the two frozen guards, and the rest is shared.
Equality, hash and repr are those dataclass would have written (tests/test_records.py).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

_COMPARED: dict[type, tuple[str, ...]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def _compared(cls: type) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        names = _COMPARED[cls] = tuple(f.name for f in fields(cls) if f.compare)
    return names


def _shown(cls: type) -> tuple[str, ...]:
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
    return names


class Record:
    """Value semantics for a frozen dataclass: equal to a record of the very same class
    whose compared fields are equal; hashed on those fields; shown as ``Class(a=1, b='x')``."""

    __slots__ = ()

    def _compared_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _compared(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._compared_values() == other._compared_values()

    def __hash__(self) -> int:
        return hash(self._compared_values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(type(self)))
        return f"{type(self).__qualname__}({shown})"
