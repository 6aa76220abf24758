"""Clerk accounts: roles, scrypt passwords with a per-user salt, lockout after five failures.

Every sign-in, failure and lock is journaled (the username, never the password).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from terminal import journal
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.store import Store

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8
# scrypt cost: about 50 ms on a counter PC, the same order as a sign-in's patience.
_KDF: dict[str, int | str] = {"name": "scrypt", "n": 2**14, "r": 8, "p": 1, "dklen": 32}
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")


class Role(Enum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class ClerkError(TongbanError):
    pass


@dataclass(frozen=True)
class Clerk:
    username: str
    display_name: str
    role: Role


def _derive(password: str, salt: bytes, kdf: dict[str, int | str]) -> bytes:
    return hashlib.scrypt(
        password.encode(),
        salt=salt,
        n=int(kdf["n"]),
        r=int(kdf["r"]),
        p=int(kdf["p"]),
        dklen=int(kdf["dklen"]),
        maxmem=64 * 1024 * 1024,
    )


def add_clerk(
    store: Store,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    actor: str,
    terminal: str,
    at: datetime,
) -> Clerk:
    if not _USERNAME.fullmatch(username):
        raise ClerkError("clerk.bad_username", username=username)
    if len(password) < MIN_PASSWORD:
        raise ClerkError("clerk.password_short", min=MIN_PASSWORD)
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, _KDF)
    with store.write() as db:
        if db.execute("SELECT 1 FROM clerks WHERE username = ?", [username]).fetchone():
            raise ClerkError("clerk.exists", username=username)
        db.table("clerks").insert(
            {
                "username": username,
                "display_name": display_name or username,
                "role": role.value,
                "salt": salt,
                "password_hash": digest,
                "kdf": json.dumps(_KDF),
                "failures": 0,
                "locked_until": None,
                "active": 1,
                "created_at": stamp(at),
            }
        )
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="clerk.added",
            subject=username,
            details={"role": role.value},
        )
    return Clerk(username, display_name or username, role)


def authenticate(
    store: Store, username: str, password: str, *, terminal: str, at: datetime
) -> Clerk:
    """Sign a clerk in, or raise ``ClerkError`` saying why in words the clerk can act on."""
    # Derive before the transaction so the write lock is held for microseconds, not 50 ms.
    row = store.conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()
    if row is None:
        _derive(password, b"\0" * 16, _KDF)  # same cost, so timing does not reveal names
        ok = False
    else:
        ok = hmac.compare_digest(
            _derive(password, row["salt"], json.loads(row["kdf"])), row["password_hash"]
        )
    # The failure must be committed (counted and journaled) before it is raised.
    with store.write():
        outcome = _record_attempt(store, username, ok, terminal, at)
    if isinstance(outcome, ClerkError):
        raise outcome
    return outcome


def _record_attempt(
    store: Store, username: str, ok: bool, terminal: str, at: datetime
) -> Clerk | ClerkError:
    conn = store.conn
    row = conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()

    def note(action: str, **details: object) -> None:
        journal.append(
            conn,
            at=at,
            actor=username,
            terminal=terminal,
            action=action,
            subject=username,
            details=dict(details),
        )

    if row is None:
        note("clerk.login_failed", reason="unknown")
        return ClerkError("clerk.login_failed")
    if not row["active"]:
        note("clerk.login_failed", reason="inactive")
        return ClerkError("clerk.inactive")
    if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > at:
        note("clerk.login_failed", reason="locked")
        return ClerkError("clerk.locked", until=row["locked_until"][11:16])
    if ok:
        conn.execute(
            "UPDATE clerks SET failures = 0, locked_until = NULL WHERE username = ?", (username,)
        )
        note("clerk.login")
        return Clerk(row["username"], row["display_name"], Role(row["role"]))
    failures = row["failures"] + 1
    if failures >= MAX_FAILURES:
        until = stamp(at + LOCK_FOR)
        conn.execute(
            "UPDATE clerks SET failures = 0, locked_until = ? WHERE username = ?", (until, username)
        )
        note("clerk.locked", failures=failures)
        return ClerkError("clerk.locked", until=until[11:16])
    conn.execute("UPDATE clerks SET failures = ? WHERE username = ?", (failures, username))
    note("clerk.login_failed", reason="password")
    return ClerkError("clerk.wrong_password", left=MAX_FAILURES - failures)


def unlock(store: Store, username: str, *, actor: str, terminal: str, at: datetime) -> None:
    with store.write():
        cur = store.conn.execute(
            "UPDATE clerks SET failures = 0, locked_until = NULL WHERE username = ?", (username,)
        )
        if cur.rowcount == 0:
            raise ClerkError("clerk.unknown", username=username)
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="clerk.unlocked",
            subject=username,
        )


def list_clerks(store: Store) -> list[tuple[Clerk, bool, str | None]]:
    """Each clerk with whether the account is active and until when it is locked."""
    rows = store.conn.execute(
        "SELECT username, display_name, role, active, locked_until FROM clerks ORDER BY username"
    ).fetchall()
    return [(Clerk(r[0], r[1], Role(r[2])), bool(r[3]), r[4]) for r in rows]


def display_name(store: Store, username: str) -> str:
    """The name printed for a clerk; the user name when the account is not on this terminal."""
    row = store.conn.execute(
        "SELECT display_name FROM clerks WHERE username = ?", (username,)
    ).fetchone()
    return str(row[0]) if row else username
