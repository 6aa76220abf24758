"""Terminal enrolment (a one-time code buys one key) and signed-request checks."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync import protocol
from sync.portal.db import PortalDB
from sync.portal.problems import Problem, field_error


@dataclass(frozen=True)
class Terminal:
    key_id: str
    terminal_id: str
    hall: str


def code_digest(code: str) -> str:
    # Codes are kept as digests: a copy of the portal's file does not hand out enrolments.
    return hashlib.sha256(code.encode()).hexdigest()


def admit_code(conn: sqlite3.Connection, code: str, at: float) -> None:
    conn.execute(
        "INSERT INTO enrol_codes (code_sha256, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (code_digest(code), at),
    )


def enrol(db: PortalDB, body: Any, idempotency_key: str, now: float) -> tuple[int, dict[str, Any]]:
    """Spend a one-time code on a new key; a repeat with the same key gets the same answer.

    The answer carries the secret, so a lost answer must not cost the code:
    the terminal retries with its Idempotency-Key and gets it again.
    """
    errors = []
    if not isinstance(body, dict):
        raise Problem("invalid-request", {"errors": [field_error("", "not_object")]})
    for key in ("code", "terminal_id", "hall"):
        if not isinstance(body.get(key), str) or not body[key].strip():
            errors.append(field_error(key, "missing"))
    if errors:
        raise Problem("invalid-request", {"errors": errors})
    request_hash = protocol.body_sha256(protocol.canonical_json(body))
    with db.write() as conn:
        seen = conn.execute(
            "SELECT request_sha256, status, response FROM idempotency WHERE scope = 'enrol' AND key = ?",
            (idempotency_key,),
        ).fetchone()
        if seen is not None:
            if seen["request_sha256"] != request_hash:
                raise Problem("idempotency-conflict", key=idempotency_key)
            return int(seen["status"]), dict(json.loads(seen["response"]))
        digest = code_digest(body["code"])
        row = conn.execute(
            "SELECT used_by FROM enrol_codes WHERE code_sha256 = ?", (digest,)
        ).fetchone()
        if row is None or row["used_by"] is not None:
            raise Problem("enrol-code-refused")
        key_id = "k_" + secrets.token_hex(8)
        secret = secrets.token_bytes(32)
        # A terminal enrolled again (a replaced machine) keeps one live key: the old one stops.
        conn.execute(
            "UPDATE terminals SET revoked = 1 WHERE terminal_id = ?", (body["terminal_id"],)
        )
        conn.execute(
            "INSERT INTO terminals (key_id, terminal_id, hall, secret, enrolled_at) VALUES (?, ?, ?, ?, ?)",
            (key_id, body["terminal_id"], body["hall"], secret, now),
        )
        conn.execute(
            "UPDATE enrol_codes SET used_by = ?, used_at = ? WHERE code_sha256 = ?",
            (key_id, now, digest),
        )
        answer = {
            "key_id": key_id,
            "secret": base64.urlsafe_b64encode(secret).decode(),
            "terminal_id": body["terminal_id"],
            "portal_time": now,
            "window_seconds": protocol.DEFAULT_WINDOW_SECONDS,
        }
        conn.execute(
            "INSERT INTO idempotency (scope, key, request_sha256, status, response, created_at)"
            " VALUES ('enrol', ?, ?, 201, ?, ?)",
            (idempotency_key, request_hash, json.dumps(answer), now),
        )
    return 201, answer


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
                "SELECT terminal_id, hall, secret, revoked FROM terminals WHERE key_id = ?",
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
        return Terminal(key_id, row["terminal_id"], row["hall"])

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
