"""The journal (留痕): an append-only, hash-chained record of every action.

Each entry carries the SHA-256 of the previous entry, and its own hash over a
canonical encoding of all its fields, so an edited, removed or reordered row
breaks the chain at that point. The head (last seq and hash) is kept in
``meta`` in the same transaction, so cutting entries off the end shows too.
Details hold what the action needs and no personal data: case ids and
receipt numbers, never names or ID numbers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from terminal.clock import stamp
from terminal.records import Record

GENESIS = "0" * 64
_HEAD_KEY = "journal_head"


def canonical(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(
    seq: int,
    at: str,
    actor: str,
    terminal: str,
    action: str,
    subject: str,
    details: str,
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "terminal": terminal,
        "action": action,
        "subject": subject,
        "details": details,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


@dataclass(frozen=True, eq=False, repr=False)
class Entry(Record):
    seq: int
    at: str
    actor: str
    terminal: str
    action: str
    subject: str
    details: dict[str, Any]
    hash: str


def append(
    conn: sqlite3.Connection,
    *,
    at: datetime,
    actor: str,
    terminal: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
) -> Entry:
    """Add one entry. Call inside the write transaction of the change it records."""
    if not conn.in_transaction:
        raise RuntimeError("journal.append must run inside the transaction it records")
    row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    when = stamp(at)
    text = canonical(details or {}).decode()
    digest = entry_hash(seq, when, actor, terminal, action, subject, text, prev)
    conn.execute(
        "INSERT INTO journal (seq, at, actor, terminal, action, subject, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, when, actor, terminal, action, subject, text, prev, digest),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_HEAD_KEY, f"{seq}:{digest}"),
    )
    return Entry(seq, when, actor, terminal, action, subject, details or {}, digest)


@dataclass(frozen=True, eq=False, repr=False)
class Verdict(Record):
    ok: bool
    count: int
    broken_seq: int | None = None  # the first entry that does not fit the chain
    problem: str = ""  # "edited", "removed_or_reordered", "truncated"


def verify(conn: sqlite3.Connection) -> Verdict:
    """Walk the chain in order; name the first entry that does not fit."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq, last_hash = 0, GENESIS
    for row in conn.execute(
        "SELECT seq, at, actor, terminal, action, subject, details, prev_hash, hash FROM journal ORDER BY seq"
    ):
        seq, at, actor, terminal, action, subject, details, prev_hash, digest = tuple(row)
        if seq != expected_seq or prev_hash != prev:
            return Verdict(False, count, seq, "removed_or_reordered")
        if entry_hash(seq, at, actor, terminal, action, subject, details, prev_hash) != digest:
            return Verdict(False, count, seq, "edited")
        prev, expected_seq, count = digest, seq + 1, count + 1
        last_seq, last_hash = seq, digest
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,)).fetchone()
    if head is not None and head[0] != f"{last_seq}:{last_hash}":
        return Verdict(False, count, last_seq + 1, "truncated")
    return Verdict(True, count)


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, hash) of the newest entry; (0, GENESIS) for an empty journal."""
    row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    """The hash of entry ``seq`` (GENESIS for 0), or None when this journal has no such entry."""
    if seq == 0:
        return GENESIS
    row = conn.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])


def recent(conn: sqlite3.Connection, limit: int = 50) -> list[Entry]:
    rows = conn.execute(
        "SELECT seq, at, actor, terminal, action, subject, details, hash FROM journal"
        " ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7]) for r in rows]
