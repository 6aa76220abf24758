"""Upload the attachments of sent cases, in the sync worker, behind the cases.

Order: a file goes only once its case's push was acknowledged (a case's data first, its
images after), and between any two chunks the cases recorded meanwhile are pushed first
(``between_chunks``), so 100 MB of images never holds a case back by more than a chunk.
For each case the portal says which of its files it lacks (as ODK Central does); a file it
holds already is confirmed on that signed word without a byte sent. A file it lacks is
resumed from the offset the portal holds, so a dropped link or a kill -9 costs at most the
chunk in flight, and completed explicitly: the portal hashes it whole. A file is 'confirmed'
only on the portal's signed answer (kept, like a sent case's), and never sent again.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sync.attachments import wire
from sync.attachments.retention import MAX_REFUSALS
from sync.cases.outbox import keep_answer
from sync.link import protocol
from sync.link.answers import AnswerProof
from sync.link.client import PortalClient
from terminal import journal
from terminal.attachments import files
from terminal.casebook import OUTBOX_CASE_PUSH
from terminal.clock import stamp
from terminal.config import Config
from terminal.store import Store

CHUNK_BYTES = 1024 * 1024
MIN_CHUNK_BYTES = 16 * 1024


@dataclass(frozen=True)
class UploadSettings:
    folder: Path  # terminal.attachments.files.attachments_folder
    cap_bytes_per_second: int = 0  # 0: no cap
    chunk_bytes: int = CHUNK_BYTES
    keep_days: int = 30

    @property
    def chunk(self) -> int:
        """A chunk never takes more than about a second of the cap, so the cap holds
        second by second and the portal's slow-request guard never sees a crawling body."""
        if self.cap_bytes_per_second <= 0:
            return self.chunk_bytes
        return max(MIN_CHUNK_BYTES, min(self.chunk_bytes, self.cap_bytes_per_second))


class _Configured(Protocol):
    @property
    def data_dir(self) -> Path: ...
    @property
    def config(self) -> Config: ...


def settings_for(ctx: _Configured) -> UploadSettings:
    """The terminal's upload settings, from its data folder and config."""
    return UploadSettings(
        files.attachments_folder(ctx.data_dir),
        cap_bytes_per_second=ctx.config.attachments_upload_kbps * 1000,
        keep_days=ctx.config.attachments_keep_days,
    )


@dataclass(frozen=True)
class UploadProgress:
    """What the status bar shows: files and bytes still to go, and the file in flight."""

    files_waiting: int
    bytes_waiting: int
    current: str | None = None  # sha256 of the file being sent
    current_offset: int = 0
    current_size: int = 0


@dataclass
class UploadResult:
    confirmed: int = 0
    refused: int = 0
    lost: int = 0


class Throttle:
    """A byte budget over time: after each chunk, wait until the bytes sent fit the cap."""

    def __init__(self, rate: int, stop: threading.Event) -> None:
        self.rate = rate
        self.stop = stop
        self.started = time.monotonic()
        self.sent = 0

    def spend(self, n: int) -> None:
        self.sent += n
        if self.rate > 0:
            ahead = self.sent / self.rate - (time.monotonic() - self.started)
            if ahead > 0:
                self.stop.wait(ahead)


def waiting(conn: sqlite3.Connection) -> UploadProgress:
    row = conn.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM attachment_uploads WHERE state = 'pending'"
    ).fetchone()
    return UploadProgress(int(row[0]), int(row[1]))


def _cases_ready(conn: sqlite3.Connection, limit: int, after: int) -> list[tuple[str, int]]:
    """Cases with a file still to send whose push the portal acknowledged, oldest first
    (by their outbox row, past ``after``): (case id, outbox id). A handover's 委托书 is ready
    with its handover (recorded only on the portal's answer), by that row: the 出件 window
    seldom holds the case, and the portal lists the letter to the window that handed it."""
    # From the files still pending (few), never from the outbox (a million sent rows); a
    # case push is keyed by its case id (terminal/casebook.py), an indexed look-up.
    rows = conn.execute(
        "SELECT case_id, min(turn) AS turn FROM ("
        " SELECT a.case_id, o.id AS turn FROM attachment_uploads u"
        " CROSS JOIN case_attachments a ON a.sha256 = u.sha256"  # CROSS: in this order
        " CROSS JOIN outbox o ON o.idempotency_key = a.case_id AND o.kind = ?"
        " AND o.state = 'sent' WHERE u.state = 'pending' AND u.attempts < ?"
        " UNION ALL SELECT l.case_id, o.id FROM attachment_uploads u"
        " CROSS JOIN handover_letters l ON l.sha256 = u.sha256"
        " CROSS JOIN outbox o ON o.idempotency_key = l.handover_id AND o.state = 'sent'"
        " WHERE u.state = 'pending' AND u.attempts < ?"
        ") GROUP BY case_id HAVING turn > ? ORDER BY turn LIMIT ?",
        (OUTBOX_CASE_PUSH, MAX_REFUSALS, MAX_REFUSALS, after, limit),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def _pending_files(conn: sqlite3.Connection, case_id: str) -> list[tuple[str, int]]:
    """The case's files still to send: its scans in their order, then a handover's 委托书."""
    rows = conn.execute(
        "SELECT u.sha256, u.size FROM (SELECT sha256, 0 AS source, rowid AS turn"
        " FROM case_attachments WHERE case_id = ? UNION ALL SELECT sha256, 1, rowid"
        " FROM handover_letters WHERE case_id = ?) a JOIN attachment_uploads u"
        " ON u.sha256 = a.sha256 WHERE u.state = 'pending' AND u.attempts < ?"
        " GROUP BY u.sha256 ORDER BY min(a.source), min(a.turn)",
        (case_id, case_id, MAX_REFUSALS),
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


class Uploader:
    def __init__(
        self,
        store: Store,
        client: PortalClient,
        settings: UploadSettings,
        *,
        terminal: str,
        now: Callable[[], datetime],
        stop: threading.Event | None = None,
        between_chunks: Callable[[], object] | None = None,
        progress: Callable[[UploadProgress], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.settings = settings
        self.terminal = terminal
        self.now = now
        self.stop = stop or threading.Event()
        self.between_chunks = between_chunks
        self.progress = progress
        self.throttle = Throttle(settings.cap_bytes_per_second, self.stop)
        self.result = UploadResult()

    def run(self) -> UploadResult:
        """One pass over every case ready; a LinkDown ends it (the file resumes next pass)."""
        after = 0  # each case once a pass: one whose file was refused waits for the next
        while not self.stop.is_set():
            cases = _cases_ready(self.store.conn, 50, after)
            if not cases:
                break
            for case_id, turn in cases:
                if self.stop.is_set():
                    break
                self._case(case_id)
                after = turn
        return self.result

    def _case(self, case_id: str) -> None:
        missing, held, proof = wire.missing_of(self.client, case_id)
        for sha256, size in _pending_files(self.store.conn, case_id):
            if self.stop.is_set():
                return
            if sha256 in held:
                self._confirm(sha256, case_id, proof, sent=False)
            elif sha256 in missing:
                self._file(sha256, size, case_id, missing[sha256])

    def _file(self, sha256: str, size: int, case_id: str, held: int | None) -> None:
        """Resume at the offset the portal said it holds (``held``; None: create the upload).
        Were that stale, the portal refuses the chunk with the offset it holds (409), and
        the loop goes on from there."""
        try:
            data = files.read_file(self.settings.folder, sha256)
        except FileNotFoundError:
            data = b""
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            self._lose(sha256, case_id)
            return
        try:
            try:
                final = self._send(sha256, size, case_id, data, held)
            except wire.UploadRefused as refused:
                if refused.problem != "upload-not-found" or held is None:
                    raise
                # No upload of it we may write (the portal forgot it, or another counter
                # began it): created for our case, it says where it stands, and goes on.
                final = self._send(sha256, size, case_id, data, None)
        except wire.UploadRefused as refused:
            self._refused(sha256, case_id, refused.problem)
            return
        if final.complete and final.proof is not None:
            self._confirm(sha256, case_id, final.proof, sent=True)

    def _send(
        self, sha256: str, size: int, case_id: str, data: bytes, held: int | None
    ) -> wire.UploadState:
        if held is None:
            state = wire.create(self.client, sha256, size, case_id)
        else:
            state = wire.UploadState(sha256, size, held, False, None)
        while not state.complete and state.offset < size:
            if self.stop.is_set():
                return state
            if self.between_chunks is not None:
                self.between_chunks()  # cases recorded meanwhile go first
            offset = state.offset
            chunk = data[offset : offset + self.settings.chunk]
            state = wire.send_chunk(
                self.client, sha256, size, offset, chunk, protocol.chunk_checksum(chunk)
            )
            self.throttle.spend(len(chunk))
            self._report(sha256, state.offset, size)
        return state if state.complete else wire.complete(self.client, sha256, size)

    def _report(self, sha256: str, offset: int, size: int) -> None:
        if self.progress is not None:
            left = waiting(self.store.conn)
            self.progress(
                UploadProgress(
                    left.files_waiting, left.bytes_waiting - offset, sha256, offset, size
                )
            )

    def _confirm(self, sha256: str, case_id: str, proof: AnswerProof, *, sent: bool) -> None:
        at = self.now()
        with self.store.write():
            db = self.store.conn
            answer_id = keep_answer(db, proof, at)
            changed = db.execute(
                "UPDATE attachment_uploads SET state = 'confirmed', confirmed_at = ?,"
                " answer_id = ?, last_error = NULL WHERE sha256 = ? AND state = 'pending'",
                (stamp(at), answer_id, sha256),
            ).rowcount
            if changed:
                self._note(
                    db, at, "attachment.confirmed", sha256, {"case_id": case_id, "sent": sent}
                )
        self.result.confirmed += changed

    def _note(
        self,
        db: sqlite3.Connection,
        at: datetime,
        action: str,
        sha256: str,
        details: dict[str, Any],
    ) -> None:
        """The journal entry of one file's upload: the sync worker's, by the file's hash."""
        journal.append(
            db,
            at=at,
            actor="sync",
            terminal=self.terminal,
            action=action,
            subject=sha256,
            details=details,
        )

    def _refused(self, sha256: str, case_id: str, problem: str) -> None:
        """Tried again next pass, up to MAX_REFUSALS; then said once in the journal, and left
        for a person (doctor warns) rather than sent again every pass for ever."""
        at = self.now()
        with self.store.write():
            db = self.store.conn
            db.execute(
                "UPDATE attachment_uploads SET attempts = attempts + 1, last_error = ?"
                " WHERE sha256 = ?",
                (problem, sha256),
            )
            row = db.execute(
                "SELECT attempts FROM attachment_uploads WHERE sha256 = ?", (sha256,)
            ).fetchone()
            if row is not None and row[0] == MAX_REFUSALS:
                self._note(
                    db,
                    at,
                    "attachment.refused",
                    sha256,
                    {"case_id": case_id, "problem": problem, "attempts": row[0]},
                )
        self.result.refused += 1

    def _lose(self, sha256: str, case_id: str) -> None:
        """The file is not here (or not whole): nothing to send. Said once, in the journal,
        and shown by doctor; the case itself is at the portal and lists the hash."""
        at = self.now()
        with self.store.write():
            db = self.store.conn
            db.execute(
                "UPDATE attachment_uploads SET state = 'lost', last_error = 'missing'"
                " WHERE sha256 = ? AND state = 'pending'",
                (sha256,),
            )
            self._note(db, at, "attachment.lost", sha256, {"case_id": case_id})
        self.result.lost += 1
