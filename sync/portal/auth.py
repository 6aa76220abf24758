"""Terminal enrolment (a one-time code buys one key) and signed-request checks."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync.link import protocol
from sync.portal import throttle
from sync.portal.db import PortalDB
from sync.portal.problems import Problem, field_error


@dataclass(frozen=True)
class Terminal:
    key_id: str
    terminal_id: str
    hall: str
    # What IT said the machine is when it admitted its code (KINDS). Only a counter, where a
    # clerk signs in, may change a case or a follow-up; a kiosk stands unattended in the
    # public hall, so its key must not be able to void, withdraw or close anything.
    kind: str = "counter"


KINDS = ("counter", "kiosk", "display")


def code_digest(code: str) -> str:
    # A code is found again by its digest (admitting it twice binds it anew).
    return hashlib.sha256(code.encode()).hexdigest()


# How long a code stays good unless IT says otherwise: a weekend between issue and install.
VALID_HOURS = 72.0


def admit_code(
    conn: sqlite3.Connection,
    code: str,
    terminal_id: str,
    hall: str,
    now: float,
    valid_hours: float = VALID_HOURS,
    kind: str = "counter",
) -> float:
    """Admit a one-time code for one terminal of one hall; returns when it expires.

    ``kind`` (KINDS) is IT's word on what the machine is, kept with the code and given to
    the key it buys: the terminal does not say it of itself, since whoever holds a code
    could then claim to be a counter.

    The portal keeps the key derived from the code (protocol.enrol_key), which the
    terminal proves it holds; the code itself never travels. Admitting an unspent code
    again binds it anew (a typo in the terminal id fixed)."""
    expires_at = now + valid_hours * 3600
    key = protocol.enrol_key(code, terminal_id, hall)
    conn.execute(
        "INSERT INTO enrol_codes (code_sha256, created_at, terminal_id, hall, expires_at, enrol_key,"
        " kind) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code_sha256) DO UPDATE SET"
        " terminal_id = excluded.terminal_id, hall = excluded.hall, kind = excluded.kind,"
        " expires_at = excluded.expires_at, enrol_key = excluded.enrol_key WHERE used_by IS NULL",
        (code_digest(code), now, terminal_id, hall, expires_at, key, kind),
    )
    return expires_at


def _matching_code(conn: sqlite3.Connection, body: dict[str, Any], key: str, now: float) -> Any:
    """The unspent, unexpired code for this terminal and hall whose key made ``proof``."""
    rows = conn.execute(
        "SELECT code_sha256, enrol_key, kind FROM enrol_codes WHERE terminal_id = ? AND hall = ?"
        " AND used_by IS NULL AND expires_at > ? AND enrol_key IS NOT NULL",
        (body["terminal_id"], body["hall"], now),
    ).fetchall()
    for row in rows:
        if protocol.signature_matches(
            bytes(row["enrol_key"]), b"tongban-enrol-proof\n" + key.encode(), body["proof"]
        ):
            return row
    return None


def enrol(
    db: PortalDB, body: Any, idempotency_key: str, source: str, now: float
) -> tuple[int, dict[str, Any], bytes]:
    """Spend a one-time code on a new key; a repeat with the same key gets the same answer.
    Returns (status, answer, the code's key, which signs the answer).

    The request proves it holds the code's key (``proof``); the answer carries a salt,
    from which both ends derive the terminal's secret, so neither the code nor the secret
    crosses the wire. A lost answer must not cost the code: the terminal retries with
    its Idempotency-Key and gets the same answer. A code is refused (403, one answer for
    every reason, so a guesser learns nothing) when unknown, spent, bound to another
    terminal or hall, or expired; refusals count against the ``source`` address and the
    whole portal (throttle.py), and past their limits every try is a 429.
    """
    errors = []
    if not isinstance(body, dict):
        raise Problem("invalid-request", {"errors": [field_error("", "not_object")]})
    for key in ("terminal_id", "hall", "proof"):
        if not isinstance(body.get(key), str) or not body[key].strip():
            errors.append(field_error(key, "missing"))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    buckets = [(throttle.ENROL_PER_SOURCE, source), (throttle.ENROL_OVERALL, "")]
    with db.write() as conn:
        seen = conn.execute(
            "SELECT request_sha256, status, response FROM idempotency WHERE scope = 'enrol' AND key = ?",
            (idempotency_key,),
        ).fetchone()
        if seen is not None:
            if seen["request_sha256"] != request_hash:
                raise Problem("idempotency-conflict", key=idempotency_key)
            answer = dict(json.loads(seen["response"]))
            spent = conn.execute(
                "SELECT enrol_key FROM enrol_codes WHERE used_by = ?", (answer.get("key_id"),)
            ).fetchone()
            return int(seen["status"]), answer, bytes(spent["enrol_key"])
        throttle.check(conn, buckets, now)
        row = _matching_code(conn, body, idempotency_key, now)
        if row is None:
            throttle.record(conn, buckets, now)  # committed: the refusal is raised below
        else:
            answer = _issue_key(conn, body, row, idempotency_key, request_hash, now)
    if row is None:
        raise Problem("enrol-code-refused")
    return 201, answer, bytes(row["enrol_key"])


def _issue_key(
    conn: sqlite3.Connection,
    body: dict[str, Any],
    code: sqlite3.Row,
    idempotency_key: str,
    request_hash: str,
    now: float,
) -> dict[str, Any]:
    key_id = "k_" + secrets.token_hex(8)
    salt = secrets.token_urlsafe(16)
    secret = protocol.terminal_secret(bytes(code["enrol_key"]), salt, key_id)
    # A terminal enrolled again (a replaced machine) keeps one live key: the old one stops.
    conn.execute("UPDATE terminals SET revoked = 1 WHERE terminal_id = ?", (body["terminal_id"],))
    conn.execute(
        "INSERT INTO terminals (key_id, terminal_id, hall, secret, enrolled_at, kind)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (key_id, body["terminal_id"], body["hall"], secret, now, code["kind"] or "counter"),
    )
    conn.execute(
        "UPDATE enrol_codes SET used_by = ?, used_at = ? WHERE code_sha256 = ?",
        (key_id, now, code["code_sha256"]),
    )
    answer = {
        "key_id": key_id,
        "salt": salt,
        "terminal_id": body["terminal_id"],
        "portal_time": now,
        "window_seconds": protocol.DEFAULT_WINDOW_SECONDS,
    }
    conn.execute(
        "INSERT INTO idempotency (scope, key, request_sha256, status, response, created_at)"
        " VALUES ('enrol', ?, ?, 201, ?, ?)",
        (idempotency_key, request_hash, json.dumps(answer), now),
    )
    return answer


class Verifier:
    """Checks a signed request: known key, right HMAC, then fresh timestamp and unused nonce.

    The HMAC is checked before anything is said about the key: an unknown key, a revoked
    one and a wrong signature all get the same unsigned 401, so a caller without the secret
    learns nothing. Once the HMAC fits, the caller holds the terminal's secret and
    ``authentic`` hears it, so every later answer (even "revoked", "stale") is signed.
    """

    def __init__(self, db: PortalDB, window_seconds: int) -> None:
        self.db = db
        self.window = window_seconds
        self._since_prune = 0

    def verify(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes,
        now: float,
        authentic: Callable[[bytes], None] | None = None,
    ) -> Terminal:
        key_id = headers.get(protocol.H_KEY_ID.lower(), "")
        stamp = headers.get(protocol.H_TIMESTAMP.lower(), "")
        nonce = headers.get(protocol.H_NONCE.lower(), "")
        offered = headers.get(protocol.H_SIGNATURE.lower(), "")
        if not (key_id and stamp and nonce and offered):
            raise Problem("unauthenticated")
        if not (stamp.isdigit() and len(stamp) <= 12 and 16 <= len(nonce) <= 64):
            raise Problem("unauthenticated")
        with self.db.connection() as conn:
            row = conn.execute(
                "SELECT terminal_id, hall, secret, revoked, kind FROM terminals WHERE key_id = ?",
                (key_id,),
            ).fetchone()
        timestamp = int(stamp)
        message = protocol.string_to_sign(
            method, path, timestamp, nonce, body, headers.get(protocol.H_IDEMPOTENCY.lower(), "")
        )
        if row is None or not protocol.signature_matches(bytes(row["secret"]), message, offered):
            raise Problem("unauthenticated")
        if authentic is not None:
            authentic(bytes(row["secret"]))
        if row["revoked"]:
            raise Problem("terminal-revoked")
        if abs(timestamp - now) > self.window:
            raise Problem(
                "stale-timestamp",
                {"portal_time": now, "window_seconds": self.window},
                window=self.window,
            )
        self._remember(key_id, nonce, timestamp, now)
        return Terminal(key_id, row["terminal_id"], row["hall"], row["kind"] or "counter")

    def _remember(self, key_id: str, nonce: str, timestamp: int, now: float) -> None:
        with self.db.write() as conn:
            try:
                conn.execute(
                    "INSERT INTO nonces (key_id, nonce, ts) VALUES (?, ?, ?)",
                    (key_id, nonce, timestamp),
                )
            except sqlite3.IntegrityError:
                raise Problem("nonce-reused") from None
            self._since_prune += 1
            if self._since_prune >= 1000:
                # A nonce older than two windows cannot come back: its timestamp is refused first.
                self._since_prune = 0
                conn.execute("DELETE FROM nonces WHERE ts < ?", (int(now) - 2 * self.window,))


def counter_only(terminal: Terminal, terminal_id: Any) -> None:
    """A change to a case or a follow-up: from a counter only, naming itself.

    A kiosk's or a display's key is refused (403 ``counter-only``), and a body naming
    another terminal than the one whose key signed it is refused (422): the portal can
    vouch for the signer, so the signer is who the record names. ``terminal_id`` None:
    the body does not name one (a follow-up step)."""
    if terminal.kind != "counter":
        raise Problem("counter-only", terminal=terminal.terminal_id, kind=terminal.kind)
    if terminal_id is not None and terminal_id != terminal.terminal_id:
        raise Problem("invalid-request", {"errors": [field_error("terminal_id", "not_the_signer")]})
