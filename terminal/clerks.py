"""Clerk accounts: roles, scrypt passwords with a per-user salt, a growing delay after failures.

Every sign-in and failure is journaled: a clerk's user name, never the password, and
a name that matches no clerk only as a hash.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from terminal import journal
from terminal.clock import stamp
from terminal.i18n import TongbanError
from terminal.records import Record
from terminal.store import Store

# Three free tries, then 10 s, 20 s, 40 s ... up to 5 minutes between tries of one name.
FREE_TRIES = 3
FIRST_DELAY = timedelta(seconds=10)
MAX_DELAY = timedelta(minutes=5)
_THROTTLE_KEY = "sign_in_throttle"  # in meta: {name_key: [failures, not_before, last_try]}
_THROTTLE_MAX = 500
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


@dataclass(frozen=True, eq=False, repr=False)
class Clerk(Record):
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
    first: bool = False,
) -> Clerk:
    """Add an account; ``first``: the store's first, an admin who adds themselves."""
    if not _USERNAME.fullmatch(username):
        raise ClerkError("clerk.bad_username", username=username)
    if len(password) < MIN_PASSWORD:
        raise ClerkError("clerk.password_short", min=MIN_PASSWORD)
    import secrets  # at a password set, not at every start

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
            details={"role": role.value, **({"first": True} if first else {})},
        )
    return Clerk(username, display_name or username, role)


def authenticate(
    store: Store, username: str, password: str, *, terminal: str, at: datetime
) -> Clerk:
    """Sign a clerk in, or raise ``ClerkError`` saying why in words the clerk can act on.

    Unknown name, wrong password and disabled account get the same message, and every
    name (known or not) gets the same growing delay after repeated failures, so neither
    the message nor the delay tells which names exist. A delay, not a lock: staff are
    never shut out of a kiosk for long by someone trying names at it.
    """
    # Derive before the transaction so the write lock is held for microseconds, not 50 ms.
    row = store.conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()
    if row is None:
        _derive(password, b"\0" * 16, _KDF)  # same cost, so timing does not reveal names
        ok = False
    else:
        import hmac

        ok = hmac.compare_digest(
            _derive(password, row["salt"], json.loads(row["kdf"])), row["password_hash"]
        )
    # The failure must be committed (counted and journaled) before it is raised.
    with store.write():
        outcome = _record_attempt(store, username, ok, terminal, at)
    if isinstance(outcome, ClerkError):
        raise outcome
    return outcome


def check_password(conn: sqlite3.Connection, username: str, password: str) -> Clerk | None:
    """The active clerk with this password, read only (nothing counted or journaled): for
    signing in against a backup when the store itself cannot be opened."""
    row = conn.execute(
        "SELECT username, display_name, role, salt, password_hash, kdf, active FROM clerks"
        " WHERE username = ?",
        (username,),
    ).fetchone()
    if row is None:
        _derive(password, b"\0" * 16, _KDF)
        return None
    import hmac  # at the password check, not at every start

    good = hmac.compare_digest(_derive(password, row[3], json.loads(row[5])), row[4])
    return Clerk(row[0], row[1], Role(row[2])) if good and row[6] else None


def delay_after(failures: int) -> timedelta:
    """How long the next try of a name waits after ``failures`` failures in a row."""
    if failures < FREE_TRIES:
        return timedelta(0)
    grown: timedelta = FIRST_DELAY * 2 ** min(failures - FREE_TRIES, 16)
    return min(grown, MAX_DELAY)


def name_key(username: str) -> str:
    """What the journal and the throttle keep of a name that may be no clerk's (a password
    typed in the wrong box, say): a hash, never the text."""
    return "?" + hashlib.sha256(username.encode()).hexdigest()[:12]


def _throttle(conn: sqlite3.Connection) -> dict[str, list[Any]]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_THROTTLE_KEY,)).fetchone()
    return dict(json.loads(row[0])) if row else {}


def _save_throttle(conn: sqlite3.Connection, table: dict[str, list[Any]], at: datetime) -> None:
    """Forget names not tried for a day, and keep the table small whatever is typed at a kiosk,
    without letting a flood of made-up names push out the ones that matter: a name whose
    wait is still running and a clerk's name are never evicted. Otherwise four wrong tries,
    500 junk names and the delay is gone (and a name that came back waiting would tell that
    it is a clerk's). Only unknown names that are not waiting make room, oldest try first.

    Bounded even so: clerks are few, and a running wait takes three failed tries (50 ms of
    scrypt each) within the last five minutes, so at most ~2,000 names wait at once.
    """
    day_ago, now_ = stamp(at - timedelta(days=1)), stamp(at)
    recent = {k: v for k, v in table.items() if v[2] >= day_ago}
    clerk_keys = {name_key(r[0]) for r in conn.execute("SELECT username FROM clerks")}
    kept = {k: v for k, v in recent.items() if k in clerk_keys or (v[1] and v[1] > now_)}
    others = sorted(
        ((k, v) for k, v in recent.items() if k not in kept), key=lambda kv: str(kv[1][2])
    )
    room = max(_THROTTLE_MAX - len(kept), 0)
    kept.update(others[-room:] if room else [])
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_THROTTLE_KEY, json.dumps(kept, separators=(",", ":"))),
    )


def _record_attempt(
    store: Store, username: str, ok: bool, terminal: str, at: datetime
) -> Clerk | ClerkError:
    conn = store.conn
    row = conn.execute("SELECT * FROM clerks WHERE username = ?", (username,)).fetchone()
    known = row is not None
    key = name_key(username)
    table = _throttle(conn)
    failures, not_before, _last = table.get(key, [0, "", ""])

    def note(action: str, **details: object) -> None:
        journal.append(
            conn,
            at=at,
            actor=username if known else "system",
            terminal=terminal,
            action=action,
            subject=username if known else key,
            details=dict(details),
        )

    if not_before and datetime.fromisoformat(not_before) > at:
        note("clerk.login_failed", reason="waiting")
        return ClerkError("clerk.wait", until=not_before[11:19])
    if ok and row is not None and row["active"]:
        table.pop(key, None)
        _save_throttle(conn, table, at)
        note("clerk.login")
        return Clerk(row["username"], row["display_name"], Role(row["role"]))
    failures += 1
    wait = delay_after(failures)
    until = stamp(at + wait) if wait else ""
    table[key] = [failures, until, stamp(at)]
    _save_throttle(conn, table, at)
    reason = "unknown" if not known else ("inactive" if not row["active"] else "password")
    note("clerk.login_failed", reason=reason, failures=failures)
    if wait:
        return ClerkError("clerk.wait", until=until[11:19])
    return ClerkError("clerk.login_failed")


def unlock(store: Store, username: str, *, actor: str, terminal: str, at: datetime) -> None:
    with store.write():
        cur = store.conn.execute(
            "UPDATE clerks SET failures = 0, locked_until = NULL WHERE username = ?", (username,)
        )
        if cur.rowcount == 0:
            raise ClerkError("clerk.unknown", username=username)
        table = _throttle(store.conn)
        table.pop(name_key(username), None)
        _save_throttle(store.conn, table, at)
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


def known_name(store: Store, username: str) -> str | None:
    """The account's name when this terminal has the account and it has a name of its own."""
    name = display_name(store, username)
    return name if name != username else None


def has_clerks(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM clerks LIMIT 1").fetchone() is not None


def set_role(
    store: Store, username: str, role: Role, *, actor: str, terminal: str, at: datetime
) -> Role:
    """Give a clerk another role; the last active admin keeps theirs. Returns the old role."""
    with store.write():
        row = store.conn.execute(
            "SELECT role FROM clerks WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            raise ClerkError("clerk.unknown", username=username)
        old = Role(row[0])
        if old is role:
            raise ClerkError("clerk.same_role", username=username, role=role.value)
        if old is Role.ADMIN:
            admins = store.conn.execute(
                "SELECT count(*) FROM clerks WHERE role = 'admin' AND active = 1"
            ).fetchone()[0]
            if admins <= 1:
                raise ClerkError("clerk.last_admin", username=username)
        store.conn.execute("UPDATE clerks SET role = ? WHERE username = ?", (role.value, username))
        journal.append(
            store.conn,
            at=at,
            actor=actor,
            terminal=terminal,
            action="clerk.role_changed",
            subject=username,
            details={"from": old.value, "to": role.value},
        )
    return old
