"""The reference portal's own SQLite: its schema and a small pool of connections.

The portal keeps what a real one must keep to make the terminal's promises
true: a real unique key on every idempotency key, the first answer to each,
and one sequence that orders everything a terminal pulls.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS terminals (
    key_id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    hall TEXT NOT NULL,
    secret BLOB NOT NULL,
    enrolled_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'counter'  -- counter, kiosk or display: IT's word (auth.KINDS)
);
-- A one-time code for one terminal of one hall, until it expires (sync/portal/auth.py).
-- A code from before the binding (terminal_id NULL) is refused: IT issues a new one.
CREATE TABLE IF NOT EXISTS enrol_codes (
    code_sha256 TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    used_by TEXT,
    used_at REAL,
    terminal_id TEXT,
    hall TEXT,
    expires_at REAL,
    enrol_key BLOB,  -- protocol.enrol_key(code, terminal, hall): what the request proves
    kind TEXT  -- what the terminal is, given to its key (NULL: before kinds, a counter)
);
-- Failures counted against guessing (sync/portal/throttle.py); rows older than an hour go.
-- subject: a keyed digest of what was tried, when only different tries count (never in clear).
CREATE TABLE IF NOT EXISTS throttle_events (bucket TEXT NOT NULL, at REAL NOT NULL, subject TEXT);
-- The portal's own secrets (throttle.keyed), made on first use; never sent anywhere.
CREATE TABLE IF NOT EXISTS portal_secrets (name TEXT PRIMARY KEY, secret BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS throttle_events_by_bucket ON throttle_events (bucket, at);
CREATE INDEX IF NOT EXISTS throttle_events_by_time ON throttle_events (at);
CREATE TABLE IF NOT EXISTS nonces (
    key_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    ts INTEGER NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_by_ts ON nonces (ts);
-- The first answer to every idempotency key, replayed to every repeat.
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at REAL NOT NULL,
    owner TEXT,  -- hall and terminal id of the first sender (intake.owner); NULL: before v2
    PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY,
    portal_case_no TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    receipt_no TEXT NOT NULL,
    id_number TEXT NOT NULL,
    intake_code TEXT NOT NULL,
    state TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at REAL NOT NULL,
    application_no TEXT UNIQUE
);
-- A kiosk asks by the receipt number (sync/portal/status.py).
CREATE INDEX IF NOT EXISTS cases_by_receipt ON cases (receipt_no);
CREATE TABLE IF NOT EXISTS online_applications (
    application_no TEXT PRIMARY KEY,
    id_number TEXT NOT NULL,
    intake_code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('submitted', 'withdrawn', 'merged')),
    case_id TEXT,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS online_applications_by_applicant
    ON online_applications (id_number, intake_code);
-- Everything a terminal pulls, in one order. AUTOINCREMENT: a number is never reused.
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_audience ON changes (audience, seq);
CREATE TABLE IF NOT EXISTS appointments (id TEXT PRIMARY KEY, hall TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets (ticket_no TEXT PRIMARY KEY, hall TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ecerts (
    cert_no TEXT PRIMARY KEY,
    id_number TEXT NOT NULL,
    material TEXT NOT NULL,
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    valid_until TEXT
);
CREATE INDEX IF NOT EXISTS ecerts_by_holder ON ecerts (id_number, material);
CREATE TABLE IF NOT EXISTS ratings (
    rating_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (case_id),
    level INTEGER NOT NULL,
    body TEXT NOT NULL,
    received_at REAL NOT NULL
);
-- A counter's events on a case (sync/portal/case_events.py): the case's body stays as it came.
CREATE TABLE IF NOT EXISTS case_events (
    event_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS case_events_by_case ON case_events (case_id, received_at);
-- 差评 follow-ups (sync/portal/followups.py): where each stands, and every step taken.
CREATE TABLE IF NOT EXISTS followups (
    followup_id TEXT PRIMARY KEY,
    rating_id TEXT NOT NULL UNIQUE REFERENCES ratings (rating_id),
    case_id TEXT NOT NULL,
    hall TEXT NOT NULL,
    state TEXT NOT NULL,
    due_date TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS followups_by_case ON followups (case_id);
CREATE TABLE IF NOT EXISTS followup_steps (
    step_id TEXT PRIMARY KEY,
    followup_id TEXT NOT NULL,
    step TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS catalogue_versions (
    version TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL,
    document TEXT  -- the catalogue itself, canonical JSON; sha256 is over these bytes
);
-- Working-day calendars (sync/portal/calendar.py): every version kept, never replaced.
CREATE TABLE IF NOT EXISTS calendar_versions (
    version TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    published_at TEXT NOT NULL,
    document TEXT NOT NULL  -- canonical JSON; sha256 is over these bytes
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
-- Attachments, one resumable upload per file (sync/portal/uploads.py); the bytes are files
-- beside this database. ``taken``: every chunk byte written, so a file sent twice shows.
CREATE TABLE IF NOT EXISTS uploads (
    sha256 TEXT PRIMARY KEY,
    length INTEGER NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    complete INTEGER NOT NULL DEFAULT 0,
    terminal_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    completed_at REAL,
    taken INTEGER NOT NULL DEFAULT 0,
    restarts INTEGER NOT NULL DEFAULT 0
);
-- Who may write into an upload: every terminal whose case lists the file (its hash and
-- size) and asked to create it; the hash check at completion guards the bytes, whoever sent
-- them. (uploads.terminal_id is the one that created it.)
CREATE TABLE IF NOT EXISTS upload_senders (
    sha256 TEXT NOT NULL REFERENCES uploads (sha256),
    terminal_id TEXT NOT NULL,
    PRIMARY KEY (sha256, terminal_id)
) WITHOUT ROWID;
-- The hall queue (sync/portal/queue.py): the portal calls every ticket it numbered or was given.
CREATE TABLE IF NOT EXISTS queue_tickets (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    ticket_no TEXT NOT NULL,
    group_code TEXT NOT NULL,
    priority TEXT NOT NULL,
    state TEXT NOT NULL,
    window_no INTEGER,
    target_window INTEGER,
    issued_by TEXT,
    origin TEXT NOT NULL,
    intake_code TEXT,
    appointment_id TEXT,
    issued_at TEXT NOT NULL,
    called_at TEXT,
    calls INTEGER NOT NULL DEFAULT 0,
    rank REAL NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (hall, day, ticket_no)
);
CREATE INDEX IF NOT EXISTS queue_tickets_waiting ON queue_tickets (hall, day, state, group_code);
CREATE INDEX IF NOT EXISTS queue_tickets_by_window ON queue_tickets (hall, window_no, state);
-- A window number belongs to one terminal a day: its offline range is that terminal's alone.
CREATE TABLE IF NOT EXISTS queue_windows (
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    window_no INTEGER NOT NULL,
    terminal_id TEXT NOT NULL,
    PRIMARY KEY (hall, day, window_no)
);
CREATE TABLE IF NOT EXISTS queue_calls (
    call_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    hall TEXT NOT NULL,
    window_no INTEGER NOT NULL,
    nth INTEGER NOT NULL,
    by_terminal TEXT NOT NULL,
    at REAL NOT NULL
);
-- Calls for help from kiosks (sync/portal/queue_help.py), fed to the hall as queue.help.
CREATE TABLE IF NOT EXISTS queue_help (
    id TEXT PRIMARY KEY,
    hall TEXT NOT NULL,
    day TEXT NOT NULL,
    place TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    state TEXT NOT NULL,
    window_no INTEGER,
    answered_at TEXT,
    seq INTEGER NOT NULL DEFAULT 0
);
-- Each terminal's journal head as last acknowledged (sync/portal/anchor.py).
CREATE TABLE IF NOT EXISTS journal_heads (
    owner TEXT PRIMARY KEY,  -- hall and terminal id (intake.owner)
    terminal_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    reported_at REAL NOT NULL
);
-- Each terminal's latest heartbeat (sync/portal/fleet.py): what it runs and has.
CREATE TABLE IF NOT EXISTS heartbeats (
    owner TEXT PRIMARY KEY,  -- hall and terminal id (intake.owner)
    terminal_id TEXT NOT NULL,
    hall TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signed_at INTEGER NOT NULL,  -- the request's Tongban-Timestamp: what "newer" means
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    received_at REAL NOT NULL  -- the portal's clock: "last seen"
);
"""


class PortalClosing(Exception):
    """The portal is shutting down: a request still running gets no connection."""


class PortalDB:
    """Connections shared by the request threads; each write is one BEGIN IMMEDIATE."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Notified after every commit: a long-polling pull of the changes feed wakes on it.
        self.committed = threading.Condition()
        self.commits = 0
        self.closed = False
        self._lent = 0  # connections in use by request threads; close() waits for them
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        if not path.exists():  # it holds every terminal's secret: its owner's alone, as made
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        first = self._connect()
        from sync.portal.hall_figures import SCHEMA as FIGURES  # its own module: db is full
        from sync.portal.result_tables import SCHEMA as RESULTS

        first.executescript(SCHEMA + FIGURES + RESULTS)
        columns = {row[1] for row in first.execute("PRAGMA table_info(catalogue_versions)")}
        if "document" not in columns:  # a portal file from before catalogue documents
            first.execute("ALTER TABLE catalogue_versions ADD COLUMN document TEXT")
        columns = {row[1] for row in first.execute("PRAGMA table_info(idempotency)")}
        if "owner" not in columns:  # a portal file from before keys were scoped per terminal
            first.execute("ALTER TABLE idempotency ADD COLUMN owner TEXT")
        columns = {row[1] for row in first.execute("PRAGMA table_info(enrol_codes)")}
        for column in ("terminal_id TEXT", "hall TEXT", "expires_at REAL", "enrol_key BLOB"):
            if column.split()[0] not in columns:  # a portal file from before bound codes
                first.execute(f"ALTER TABLE enrol_codes ADD COLUMN {column}")
        if "kind" not in columns:  # before kinds: codes and keys were all counters'
            first.execute("ALTER TABLE enrol_codes ADD COLUMN kind TEXT")
        columns = {row[1] for row in first.execute("PRAGMA table_info(throttle_events)")}
        if "subject" not in columns:  # before repeats of one number were counted once
            first.execute("ALTER TABLE throttle_events ADD COLUMN subject TEXT")
        columns = {row[1] for row in first.execute("PRAGMA table_info(terminals)")}
        if "kind" not in columns:
            first.execute("ALTER TABLE terminals ADD COLUMN kind TEXT NOT NULL DEFAULT 'counter'")
        self._pool.put(first)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=30.0, check_same_thread=False, isolation_level=None
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # A portal that answered 201 must still have the case after a power cut.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        with self.committed:
            if self.closed:
                # A request woken by close() must not open the file again: the folder may be
                # going away (the demo's, a test's), and a new connection would recreate files.
                raise PortalClosing()
            self._lent += 1
        conn: sqlite3.Connection | None = None
        try:
            try:
                conn = self._pool.get_nowait()
            except queue.Empty:
                conn = self._connect()
            yield conn
        finally:
            # Given back even when opening or the rollback failed: close() waits on _lent.
            try:
                if conn is not None and conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                with self.committed:
                    self._lent -= 1
                    if conn is not None:
                        if self.closed:
                            conn.close()
                        else:
                            self._pool.put(conn)
                    self.committed.notify_all()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        with self.committed:
            self.commits += 1
            self.committed.notify_all()

    def wait_for_commit(self, seen: int, timeout: float) -> None:
        """Return once a commit after the ``seen``-th happened, or after ``timeout`` seconds."""
        with self.committed:
            self.committed.wait_for(lambda: self.commits != seen or self.closed, timeout)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot: every row read inside sees the same committed state."""
        with self.connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    def close(self, timeout: float = 10.0) -> None:
        """Refuse new requests, wait for those using a connection, close every connection."""
        with self.committed:
            self.closed = True  # a long poll waiting on the next commit ends now
            self.committed.notify_all()
            self.committed.wait_for(lambda: self._lent == 0, timeout)
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


def next_number(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute(
        "INSERT INTO counters (name, last) VALUES (?, 1)"
        " ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last",
        (name,),
    ).fetchone()
    return int(row[0])
