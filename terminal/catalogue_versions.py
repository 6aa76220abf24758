"""The portal's catalogue versions: which catalogue this terminal uses.

The feed announces each version with the SHA-256 of its document (sync/feed/pull.py
records it); the sync worker fetches the document and settles the version here:
ready when the bytes match the announcement, the document names the same
version and it passes every check of the shipped catalogue, refused otherwise,
with the reason kept and journaled.

The window takes the newest ready version when it starts, never in the middle
of a clerk's day, so a service list does not change under a capture. A case
prints with the version it was accepted under while the store holds it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from terminal import catalogue, journal, signed_versions
from terminal.catalogue import Catalogue, CatalogueError
from terminal.clock import stamp
from terminal.signed_versions import Announced

log = logging.getLogger("tongban.catalogue")


def current(conn: sqlite3.Connection) -> Catalogue:
    """The newest ready version, or the shipped catalogue when there is none."""
    row = conn.execute(
        "SELECT version, document FROM portal_catalogues WHERE state = 'ready'"
        " ORDER BY portal_seq DESC LIMIT 1"
    ).fetchone()
    return _usable(row[0], row[1]) if row else catalogue.load_default()


def current_in(db_path: Path) -> Catalogue:
    """``current`` through a connection of its own that only reads, for a window about to
    start (its store thread is not running yet). No store, or one it cannot read: the
    shipped catalogue."""
    if not db_path.exists():
        return catalogue.load_default()
    try:
        conn = sqlite3.connect(db_path, timeout=5.0)
        try:
            return current(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return catalogue.load_default()  # not upgraded yet: nothing published


def for_version(conn: sqlite3.Connection, version: str) -> Catalogue:
    """The catalogue a case was accepted under, when this store holds it; else the current."""
    shipped = catalogue.load_default()
    if version == shipped.version:
        return shipped
    row = conn.execute(
        "SELECT version, document FROM portal_catalogues WHERE version = ? AND state = 'ready'",
        (version,),
    ).fetchone()
    return _usable(row[0], row[1]) if row else current(conn)


def announced(conn: sqlite3.Connection, limit: int = 5) -> list[Announced]:
    return signed_versions.announced(conn, "portal_catalogues", limit)


def check(announcement: Announced, document: object) -> str:
    """The document as the text kept, or CatalogueError / TongbanError saying what is wrong."""
    text = signed_versions.as_announced(
        announcement,
        document,
        (
            "catalogue_version.not_object",
            "catalogue_version.sha_mismatch",
            "catalogue_version.other_version",
        ),
    )
    assert isinstance(document, dict)
    catalogue.parse(document, f"portal:{announcement.version}")  # every check of the shipped one
    return text.decode()


def settle(
    conn: sqlite3.Connection,
    version: str,
    *,
    document: str | None,
    problem: str | None,
    terminal: str,
    at: datetime,
) -> None:
    """Ready (``document``) or refused (``problem``), journaled in the same transaction."""
    state = "ready" if document is not None else "refused"
    conn.execute(
        "UPDATE portal_catalogues SET state = ?, document = ?, problem = ?, settled_at = ?"
        " WHERE version = ? AND state = 'announced'",
        (state, document, problem, stamp(at), version),
    )
    journal.append(
        conn,
        at=at,
        actor="sync",
        terminal=terminal,
        action=f"catalogue.{state}",
        subject=version,
        details={"problem": problem} if problem else {},
    )


@lru_cache(maxsize=4)
def _usable(version: str, document: str) -> Catalogue:
    try:
        return catalogue.parse(json.loads(document), f"portal:{version}")
    except (ValueError, CatalogueError):
        # Checked when fetched, so only a program that reads the format differently gets
        # here: the shipped catalogue is better than no window.
        log.warning("catalogue version %s no longer parses; using the shipped one", version)
        return catalogue.load_default()
