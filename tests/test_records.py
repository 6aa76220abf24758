"""The records read before the window's first paint compare, hash and show themselves as
``@dataclass(frozen=True)`` would, without the per-class compiled methods (terminal/records.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.catalogue import Option
from terminal.identity import IdentityDocument, ResidentIdCard
from terminal.records import Record


@dataclass(frozen=True)
class Generated:
    name: str
    count: int = 0
    photo: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class Shared(Record):
    name: str
    count: int = 0
    photo: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, eq=False, repr=False)
class SharedMore(Shared):
    extra: str = ""


values = st.tuples(st.text(max_size=5), st.integers(-3, 3), st.none() | st.binary(max_size=3))


@given(values, values)
def test_equality_hash_and_repr_are_the_dataclass_s(a: tuple, b: tuple) -> None:  # type: ignore[type-arg]
    ga, gb, sa, sb = Generated(*a), Generated(*b), Shared(*a), Shared(*b)
    assert (sa == sb) == (ga == gb)
    assert (sa != sb) == (ga != gb)
    if sa == sb:
        assert hash(sa) == hash(sb)
    assert hash(sa) == hash(ga)  # the same tuple of compared fields
    assert repr(sa).replace("Shared", "Generated") == repr(ga)


def test_another_class_is_never_equal_even_with_the_same_fields() -> None:
    assert Shared("a") != Generated("a")
    assert Shared("a") != SharedMore("a")
    assert SharedMore("a", extra="x") != SharedMore("a", extra="y")
    assert len({Shared("a", 1), Shared("a", 1, b"\x00"), Shared("b")}) == 2  # photo not compared


def test_still_frozen_and_replaceable() -> None:
    record = Shared("a", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "b"  # type: ignore[misc]
    assert dataclasses.replace(record, count=2) == Shared("a", 2)


def test_the_catalogue_and_the_cards_use_it() -> None:
    assert Option("a", "甲", "A") == Option("a", "甲", "A") != Option("b", "甲", "A")
    assert repr(Option("a", "甲", "A")) == "Option(value='a', label='甲', label_en='A')"
    assert issubclass(ResidentIdCard, Record) and issubclass(IdentityDocument, Record)
