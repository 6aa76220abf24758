"""How a migration step runs its statements: inside the transaction the runner opened.

The steps themselves are one module per schema version (terminal/schema/v1.py ...);
terminal/migrations.py runs them, each in one transaction.
"""

from __future__ import annotations

import sqlite3


class Script:
    """A connection stand-in whose executescript keeps the open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> None:
        for statement in split(script):
            self._conn.execute(statement)

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)


def split(script: str) -> list[str]:
    """Split at statement ends that sqlite3.complete_statement accepts (triggers hold ';')."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
