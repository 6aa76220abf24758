"""Schema v10: reserved for another branch's migration (issue 20, merged separately).

This branch needs v11 (help calls) and must not take v10's number; until the two are
merged this step does nothing. When merging, the other branch's v10 replaces this file.
"""

from __future__ import annotations

from terminal.schema.script import Script


def v10_reserved(conn: Script) -> None:
    del conn  # nothing: the number is the other branch's
