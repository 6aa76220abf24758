"""Service groups of the hall queue, as data: a prefix letter, a name, what each group takes.

The shipped ``terminal/data/queue_groups.json`` maps catalogue departments (and, where a
hall wants it, single service or bundle codes) to groups; a hall keeps its own layout in
``DATA_DIR/queue_groups.json`` (which windows call which groups), without a new release.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from terminal.hall.model import QueueError

FILENAME = "queue_groups.json"


@dataclass(frozen=True)
class Group:
    prefix: str
    name: str
    name_en: str
    departments: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    windows: tuple[int, ...] = ()  # the windows that call it; empty: every window
    # What citizens come for, in their words: "公安户政" alone does not say where 居住证 is.
    examples: str = ""
    examples_en: str = ""
    # Not a tile on the kiosk's ticket page: its tickets come only after a check (出件: a
    # result ready for the card placed), or anyone could jump to the shorter line.
    on_kiosk_menu: bool = True

    def label(self, language: str | None = None) -> str:
        return self.name_en if (language or "").startswith("en") else self.name

    def for_example(self, language: str | None = None) -> str:
        return self.examples_en if (language or "").startswith("en") else self.examples


@dataclass(frozen=True)
class Groups:
    groups: tuple[Group, ...]
    default: str

    def get(self, prefix: str) -> Group:
        for g in self.groups:
            if g.prefix == prefix:
                return g
        raise QueueError("queue.unknown_group", group=prefix)

    def for_code(self, code: str | None) -> Group:
        """A service or bundle code's group: codes listed by a group first, then its department.

        The department is the code's second segment (``310104-GA-JZZ-0001`` → GA), the
        catalogue's own convention, so the portal, which holds no catalogue, maps alike.
        """
        for g in self.groups:
            if code and code in g.services:
                return g
        parts = (code or "").split("-")
        department = parts[1] if len(parts) > 1 else ""
        for g in self.groups:
            if department and department in g.departments:
                return g
        return self.get(self.default)

    def resolve(self, service_or_group: str) -> Group:
        value = service_or_group.strip()
        return self.get(value.upper()) if len(value) == 1 else self.for_code(value)

    def for_window(self, window: int) -> tuple[str, ...]:
        """The prefixes a window calls."""
        return tuple(g.prefix for g in self.groups if not g.windows or window in g.windows)


def load_groups(data_dir: Path | None = None) -> Groups:
    """The hall's own ``DATA_DIR/queue_groups.json`` when there is one, else the shipped file."""
    own = data_dir / FILENAME if data_dir else None
    path = own if own and own.exists() else Path(__file__).parents[1] / "data" / FILENAME
    try:
        raw = json.loads(path.read_text("utf-8"))
        groups = tuple(
            Group(
                str(g["prefix"]),
                str(g["name"]),
                str(g["name_en"]),
                tuple(g.get("departments", ())),
                tuple(g.get("services", ())),
                tuple(int(w) for w in g.get("windows", ())),
                str(g.get("examples", "")),
                str(g.get("examples_en", "")),
                bool(g.get("on_kiosk_menu", True)),
            )
            for g in raw["groups"]
        )
        prefixes = [g.prefix for g in groups]
        if len(set(prefixes)) != len(prefixes) or not all(
            re.fullmatch("[A-Z]", p) for p in prefixes
        ):
            raise ValueError("prefixes must be distinct capital letters A-Z")
        loaded = Groups(groups, str(raw["default"]))
        loaded.get(loaded.default)
    except (OSError, ValueError, KeyError, TypeError, QueueError) as e:
        raise QueueError("queue.groups_invalid", source=str(path), problem=str(e)) from None
    return loaded


def groups_or_shipped(data_dir: Path | None) -> tuple[Groups, str]:
    """The hall's groups; when its own file is broken, the shipped ones and what is wrong
    (for the screen and IT), so a board or a window still shows the queue."""
    try:
        return load_groups(data_dir), ""
    except QueueError as e:
        return load_groups(None), e.text()
