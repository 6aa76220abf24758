"""Limits on guessing: enrolment codes, a case's last four at a kiosk, ID numbers for results.

Counted on failures only (a code refused, a lookup that found nothing), in sliding
windows kept in the portal's SQLite so a restart does not forgive them. Once a
bucket is full, the portal answers 429 ``too-many-requests`` with ``Retry-After``
to everything in it, right answers included: otherwise the eleven-thousandth guess
of a last four would still be told it is right. The numbers live here and only
here; docs/sync.md and docs/portal-api.yaml quote them.

The caller checks and records in ONE write transaction (``db.write()``): a check in a
read and a record in a later write let parallel requests all pass a nearly full bucket.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sync.portal.problems import Problem


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int  # failures in the window; the next request waits
    window: float  # seconds


# Enrolment codes: per source address, and for the whole portal (a guesser with many
# addresses), counted on codes refused.
ENROL_PER_SOURCE = Rule("enrol-source", 10, 10 * 60)
ENROL_OVERALL = Rule("enrol-all", 100, 10 * 60)
# Case status at a kiosk (receipt number + last four), counted on misses: per receipt
# (whichever kiosk asks) and per asking terminal (whichever receipt).
STATUS_PER_RECEIPT = Rule("status-receipt", 5, 15 * 60)
STATUS_PER_TERMINAL = Rule("status-terminal", 30, 60 * 60)
# The public page's misses count apart from the halls': anyone on the internet can reach it
# and guess receipt numbers, and must not lock a citizen out at the kiosk or the counter.
STATUS_PER_RECEIPT_ON_WEB = Rule("status-receipt-web", 5, 15 * 60)
# Results ready for an ID card (出件, results.py ``lookup``), counted on DIFFERENT numbers
# that found nothing, per asking terminal (review 8): the kiosk asks for every card read
# without a booking, and one citizen tapping the same card again and again, or walk-ins
# who have nothing ready, guess nothing. A repeat of a number costs nothing; forty
# different numbers in ten minutes (one new person every 15 seconds) pause that terminal:
# a stolen kiosk key trying numbers is held to a few a minute, and the hits it does get
# are on record (``result_reads``).
RESULTS_PER_TERMINAL = Rule("results-terminal", 40, 10 * 60)
RULES = (
    ENROL_PER_SOURCE,
    ENROL_OVERALL,
    STATUS_PER_RECEIPT,
    STATUS_PER_TERMINAL,
    STATUS_PER_RECEIPT_ON_WEB,
    RESULTS_PER_TERMINAL,
)
_LONGEST = max(r.window for r in RULES)

Bucket = tuple[Rule, str]


def _bucket(rule: Rule, key: str) -> str:
    # Addresses and receipt numbers are kept as digests: the table is a count, not a log.
    return f"{rule.name}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def wait_seconds(conn: sqlite3.Connection, buckets: Sequence[Bucket], now: float) -> int:
    """Seconds until every bucket has room again; 0 when none is full."""
    wait = 0.0
    for rule, key in buckets:
        row = conn.execute(
            "SELECT at FROM throttle_events WHERE bucket = ? AND at > ?"
            " ORDER BY at DESC LIMIT 1 OFFSET ?",
            (_bucket(rule, key), now - rule.window, rule.limit - 1),
        ).fetchone()
        if row is not None:  # the limit-th latest failure is still in the window
            wait = max(wait, float(row[0]) + rule.window - now)
    return math.ceil(wait) if wait > 0 else 0


def check(conn: sqlite3.Connection, buckets: Sequence[Bucket], now: float) -> None:
    """Raise 429 (with Retry-After) when any bucket is full."""
    wait = wait_seconds(conn, buckets, now)
    if wait:
        raise throttled(wait)


def throttled(seconds: int) -> Problem:
    problem = Problem(
        "too-many-requests", {"retry_after": seconds}, minutes=max(1, math.ceil(seconds / 60))
    )
    problem.headers["Retry-After"] = str(seconds)
    return problem


def keyed(conn: sqlite3.Connection, value: str) -> str:
    """An HMAC of ``value`` under this portal's own secret, made on first use (inside the
    caller's write transaction): repeats of one ID number can be told apart from new ones
    without the number being kept, nor found again by hashing every possible number."""
    conn.execute(
        "INSERT OR IGNORE INTO portal_secrets (name, secret) VALUES ('throttle', ?)",
        (secrets.token_bytes(32),),
    )
    row = conn.execute("SELECT secret FROM portal_secrets WHERE name = 'throttle'").fetchone()
    return hmac.new(bytes(row[0]), value.encode(), hashlib.sha256).hexdigest()


def record(
    conn: sqlite3.Connection, buckets: Sequence[Bucket], now: float, subject: str | None = None
) -> None:
    """Count one failure in every bucket (inside the caller's write transaction).

    With a ``subject`` (a ``keyed`` digest of what was tried), a bucket counts DIFFERENT
    subjects: an earlier failure of the same subject is replaced by this one, so it is
    counted once and stays in the window from its latest try."""
    rows = [(_bucket(rule, key), now, subject) for rule, key in buckets]
    if subject is not None:
        conn.executemany(
            "DELETE FROM throttle_events WHERE bucket = ? AND subject = ?",
            [(bucket, subject) for bucket, _, _ in rows],
        )
    conn.executemany("INSERT INTO throttle_events (bucket, at, subject) VALUES (?, ?, ?)", rows)
    # Nothing older than the longest window is ever read again.
    conn.execute("DELETE FROM throttle_events WHERE at <= ?", (now - _LONGEST,))
