"""The reference portal's resumable uploads of attachments, close to tus 1.0 (tus.io).

One upload per file, named by its SHA-256: created for a hash one of the terminal's own
cases lists (same size), and sent by any terminal that created it so (two counters may
hold the same PDF; the hash check at completion guards the bytes), asked for its offset
(``Upload-Offset``), written a chunk at a time at exactly that offset, and completed
explicitly: the portal hashes the whole file and keeps it only if the hash is its name.
A chunk's bytes are covered by the request's signature (its body digest) and its offset
by its Idempotency-Key (``<sha256>@<offset>``, signed too); ``Upload-Checksum`` (tus's
checksum extension) is checked as well. Every answer is signed like any other, its
offset in the body as well as the header.

The bytes live beside the portal's database: ``<db>.attachments/partial/<sha256>`` while
arriving, ``<db>.attachments/<sha256[:2]>/<sha256>`` once complete.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal.problems import Problem
from sync.portal.results import letters_listed
from sync.portal.wire import Answer, Handler, Request

if TYPE_CHECKING:
    from sync.portal.app import Portal

_log = logging.getLogger("tongban.portal")
_SHA = "(?P<sha256>[0-9a-f]{64})"
_COLUMNS = "sha256, length, received, complete"


def folder(portal: Portal) -> Path:
    path = portal.db.path
    return path.with_name(path.name + ".attachments")


def _partial(portal: Portal, sha256: str) -> Path:
    return folder(portal) / "partial" / sha256


def stored_path(portal: Portal, sha256: str) -> Path:
    return folder(portal) / sha256[:2] / sha256


def _state(row: Any) -> dict[str, Any]:
    return {"sha256": row[0], "length": row[1], "offset": row[2], "complete": bool(row[3])}


def _answer(status: int, row: Any) -> Answer:
    state = _state(row)
    headers = {
        protocol.H_UPLOAD_OFFSET: str(state["offset"]),
        protocol.H_UPLOAD_LENGTH: str(state["length"]),
        protocol.H_TUS_RESUMABLE: protocol.TUS_VERSION,
        "Cache-Control": "no-store",
    }
    return Answer(status, state, headers)


def _row(conn: sqlite3.Connection, sha256: str) -> Any:
    return conn.execute(f"SELECT {_COLUMNS} FROM uploads WHERE sha256 = ?", (sha256,)).fetchone()


def _own(conn: sqlite3.Connection, sha256: str, terminal_id: str) -> Any:
    """The upload, for a terminal that may send it: one whose case lists the file and that
    asked to create it (``_create``), the first or any later one. Two counters can hold the
    same PDF, and one that stops partway must not leave the file unsendable by the other;
    the hash check at completion guards the bytes whoever sent them. To any other terminal
    the upload does not exist: it learns nothing of where it stands."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM uploads u WHERE sha256 = ? AND (terminal_id = ? OR EXISTS"
        " (SELECT 1 FROM upload_senders s WHERE s.sha256 = u.sha256 AND s.terminal_id = ?))",
        (sha256, terminal_id, terminal_id),
    ).fetchone()
    if row is None:
        raise Problem("upload-not-found")
    return row


def _may_send(conn: sqlite3.Connection, sha256: str, terminal_id: str) -> bool:
    try:
        _own(conn, sha256, terminal_id)
    except Problem:
        return False
    return True


def listed(conn: sqlite3.Connection, terminal_id: str, case_id: str | None = None) -> list[Any]:
    """The attachments the terminal's cases list: (case_id, sha256, size, material)."""
    sql = (
        "SELECT c.case_id, json_extract(a.value, '$.sha256'), json_extract(a.value, '$.size'),"
        " json_extract(a.value, '$.material') FROM cases c, json_each(c.body, '$.attachments') a"
        " WHERE c.terminal_id = ?"
    )
    args: tuple[str, ...] = (terminal_id,)
    if case_id is not None:
        sql, args = sql + " AND c.case_id = ?", (terminal_id, case_id)
    found = conn.execute(sql + " ORDER BY c.rowid, a.key", args).fetchall()
    # And the files scanned when a citizen came back after 补正 (sync/portal/case_events.py),
    # listed by the event of the terminal that scanned them.
    sql = (
        "SELECT e.case_id, json_extract(a.value, '$.sha256'), json_extract(a.value, '$.size'),"
        " json_extract(a.value, '$.material') FROM case_events e,"
        " json_each(e.body, '$.attachments') a WHERE json_extract(e.body, '$.terminal_id') = ?"
    )
    if case_id is not None:
        sql += " AND e.case_id = ?"
    found += conn.execute(sql + " ORDER BY e.rowid, a.key", args).fetchall()
    # And the 委托书 of a result this terminal handed over, named by its handover.
    return found + letters_listed(conn, terminal_id, case_id)


def _case_attachments(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    """The case's attachments, each with whether the portal holds it whole, and the hashes
    it lacks (as ODK Central answers a submission's attachments)."""
    terminal = portal.signed(request)
    case_id = match["case_id"]
    with portal.db.read() as conn:
        if (
            conn.execute(
                "SELECT 1 FROM cases WHERE case_id = ? AND terminal_id = ? UNION ALL"
                " SELECT 1 FROM case_events WHERE case_id = ?"
                " AND json_extract(body, '$.terminal_id') = ? UNION ALL"
                " SELECT 1 FROM results WHERE case_id = ? AND handed_by = ?",
                (case_id, terminal.terminal_id) * 3,
            ).fetchone()
            is None
        ):
            raise Problem("not-found")
        items = []
        for _, sha256, size, material in listed(conn, terminal.terminal_id, case_id):
            row = _row(conn, sha256)
            present = row is not None and bool(row[3])
            item = {"sha256": sha256, "size": size, "material": material, "exists": present}
            # Where each upload stands (tus's offset, for every file in one answer); null:
            # no upload of it yet, or none this terminal may send yet (another counter
            # began it: creating it, for a case that lists it, says where it stands).
            mine = row is not None and _may_send(conn, sha256, terminal.terminal_id)
            items.append({**item, "offset": row[2] if mine else None})
    missing = sorted({i["sha256"] for i in items if not i["exists"]})
    return Answer(200, {"case_id": case_id, "attachments": items, "missing": missing})


def _create(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    body = request.json()
    sha256, length, case_id = body["sha256"], body["length"], body["case_id"]
    with portal.db.write() as conn:
        # The listing first: a terminal whose case does not list the file learns nothing of
        # it, not even whether another counter sent it. One case's body read, not all.
        if not any(
            s == sha256 and size == length
            for _, s, size, _ in listed(conn, terminal.terminal_id, case_id)
        ):
            raise Problem("upload-not-listed")
        row = _row(conn, sha256)
        if row is None:
            conn.execute(
                "INSERT INTO uploads (sha256, length, terminal_id, created_at) VALUES (?, ?, ?, ?)",
                (sha256, length, terminal.terminal_id, portal.clock()),
            )
        elif row[1] != length and not row[3]:
            # Begun at another length by a case that listed the hash wrongly (a bug or a
            # modified build): those bytes can never hash right, so they must not keep
            # this counter's file out. Begun again at the length this case lists.
            _partial(portal, sha256).unlink(missing_ok=True)
            conn.execute(
                "UPDATE uploads SET length = ?, received = 0, restarts = restarts + 1"
                " WHERE sha256 = ?",
                (length, sha256),
            )
        conn.execute(
            "INSERT OR IGNORE INTO upload_senders (sha256, terminal_id) VALUES (?, ?)",
            (sha256, terminal.terminal_id),
        )
        # Created before (a repeat, another case's, another counter's): as it stands.
        return _answer(201 if row is None else 200, _row(conn, sha256))


def _offset(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    with portal.db.read() as conn:
        return _answer(200, _own(conn, match["sha256"], terminal.terminal_id))


def _chunk(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    """Write one chunk at the offset the portal holds; any other offset is refused with the
    one it holds (409), so a chunk repeated after a lost answer is never written twice."""
    terminal = portal.signed(request)  # it covers the body's digest: a changed byte is a 401
    sha256 = match["sha256"]
    if request.headers.get("content-type", "") != protocol.OFFSET_OCTET_STREAM:
        raise Problem("unsupported-media-type")
    try:
        offset = int(request.headers.get(protocol.H_UPLOAD_OFFSET.lower(), ""))
    except ValueError:
        raise Problem("bad-request") from None
    if request.headers.get(protocol.H_IDEMPOTENCY.lower()) != protocol.chunk_key(sha256, offset):
        raise Problem("bad-request")
    checksum = request.headers.get(protocol.H_UPLOAD_CHECKSUM.lower())
    if checksum is not None and checksum != protocol.chunk_checksum(request.body):
        raise Problem("upload-checksum-mismatch")
    with portal.db.write() as conn:
        row = _own(conn, sha256, terminal.terminal_id)
        length, received, complete = row[1], row[2], bool(row[3])
        if complete or offset != received:
            raise Problem("upload-offset-mismatch", {"offset": received}, offset=received)
        if offset + len(request.body) > length or not request.body:
            raise Problem("bad-request")
        ends = request.headers.get(protocol.H_UPLOAD_COMPLETE.lower()) == "?1"
        if ends and offset + len(request.body) != length:
            raise Problem("bad-request")
        _write_at(_partial(portal, sha256), offset, request.body)
        conn.execute(
            "UPDATE uploads SET received = ?, taken = taken + ? WHERE sha256 = ?",
            (offset + len(request.body), len(request.body), sha256),
        )
        whole = _finish(portal, conn, sha256) if ends else True
        row = _row(conn, sha256)
    if not whole:
        raise Problem("upload-hash-mismatch", {"offset": 0})
    return _answer(200, row)


def _complete(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    """Hash the whole file: kept under its name only if that is its hash; else discarded
    (422) and the upload starts again from 0."""
    terminal = portal.signed(request)
    sha256 = match["sha256"]
    with portal.db.write() as conn:
        row = _own(conn, sha256, terminal.terminal_id)
        if row[3]:
            return _answer(200, row)
        if row[2] != row[1]:
            raise Problem("upload-incomplete", {"offset": row[2]}, offset=row[2], length=row[1])
        whole = _finish(portal, conn, sha256)
        row = _row(conn, sha256)
    if not whole:
        raise Problem("upload-hash-mismatch", {"offset": 0})
    return _answer(200, row)


def _finish(portal: Portal, conn: sqlite3.Connection, sha256: str) -> bool:
    """The whole file is there: kept under its name if that is its hash (True); else
    discarded and its upload back at 0 (False: the caller refuses, after committing)."""
    partial, target = _partial(portal, sha256), stored_path(portal, sha256)
    # (a crash between the rename and the commit left the file in its place already)
    source = partial if partial.exists() else target
    if _sha256_of(source) != sha256:
        source.unlink(missing_ok=True)
        conn.execute(
            "UPDATE uploads SET received = 0, restarts = restarts + 1 WHERE sha256 = ?",
            (sha256,),
        )
        return False
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.replace(source, target)
    conn.execute(
        "UPDATE uploads SET complete = 1, completed_at = ? WHERE sha256 = ?",
        (portal.clock(), sha256),
    )
    return True


def _write_at(path: Path, offset: int, data: bytes) -> None:
    """At ``offset``, durably; bytes past it (a write the database never recorded) go."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.ftruncate(fd, offset)
        os.pwrite(fd, data, offset)
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


# --- the back office (admin) ---------------------------------------------------


def _admin_case_attachments(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.read() as conn:
        row = conn.execute(
            "SELECT terminal_id FROM cases WHERE case_id = ?", (match["case_id"],)
        ).fetchone()
        if row is None:
            raise Problem("not-found")
        found = listed(conn, row[0], match["case_id"])
        handed = conn.execute(
            "SELECT handed_by FROM results WHERE case_id = ?", (match["case_id"],)
        ).fetchone()
        if handed is not None and handed[0] and handed[0] != row[0]:
            # Another window handed it over: the 委托书 its handover names is the case's too.
            found += letters_listed(conn, handed[0], match["case_id"])
        items = []
        for _, sha256, size, material in found:
            up = _row(conn, sha256)
            complete = up is not None and bool(up[3])
            items.append({"sha256": sha256, "size": size, "material": material, "exists": complete})
    return Answer(200, {"case_id": match["case_id"], "attachments": items})


def _admin_file(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    """A complete file's bytes, as the back office opens it (the PDF of one material)."""
    portal.admin(request)
    sha256 = match["sha256"]
    with portal.db.read() as conn:
        row = _row(conn, sha256)
    if row is None or not row[3]:
        raise Problem("not-found")
    try:
        data = stored_path(portal, sha256).read_bytes()
    except FileNotFoundError:
        # Completed, hash checked, and gone since (deleted, a partial restore): said as what
        # it is, for the back office and the portal's log, not a 500 and a traceback.
        _log.error("attachment %s is complete but missing from %s", sha256, folder(portal))
        raise Problem("attachment-gone") from None
    headers = {"Content-Type": "application/pdf", "Digest": f"sha-256={_b64(sha256)}"}
    return Answer(200, {}, headers, raw=data)


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def taken(portal: Portal) -> dict[str, dict[str, int]]:
    """Per file: its length, the chunk bytes written, restarts (for tests and benches)."""
    with portal.db.read() as conn:
        rows = conn.execute("SELECT sha256, length, taken, restarts, complete FROM uploads")
        return {
            r[0]: {"length": r[1], "taken": r[2], "restarts": r[3], "complete": r[4]} for r in rows
        }


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("GET", re.compile(protocol.PATH_CASES + "/(?P<case_id>[^/]+)/attachments"), _case_attachments),
    ("POST", re.compile(protocol.PATH_UPLOADS), _create),
    ("GET", re.compile(f"{protocol.PATH_UPLOADS}/{_SHA}"), _offset),
    ("PATCH", re.compile(f"{protocol.PATH_UPLOADS}/{_SHA}"), _chunk),
    ("POST", re.compile(f"{protocol.PATH_UPLOADS}/{_SHA}/complete"), _complete),
    ("GET", re.compile("/admin/cases/(?P<case_id>[^/]+)/attachments"), _admin_case_attachments),
    ("GET", re.compile(f"/admin/attachments/{_SHA}"), _admin_file),
]
