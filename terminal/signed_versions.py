"""What the catalogue's and the calendar's portal versions share: a version is announced in
the signed feed with the SHA-256 of its document, fetched later, and used only if the
document is exactly what was announced (terminal/catalogue_versions.py,
terminal/calendar_versions.py add their own content checks)."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from terminal import journal
from terminal.i18n import TongbanError
from terminal.records import Record

TABLES = ("portal_catalogues", "portal_calendars")


@dataclass(frozen=True, eq=False, repr=False)
class Announced(Record):
    version: str
    sha256: str


def announced(conn: sqlite3.Connection, table: str, limit: int = 5) -> list[Announced]:
    """Versions announced and not yet fetched, oldest first."""
    if table not in TABLES:  # a name in the SQL, never a value from outside
        raise ValueError(table)
    rows = conn.execute(
        f"SELECT version, sha256 FROM {table} WHERE state = 'announced'"
        " ORDER BY portal_seq LIMIT ?",
        (limit,),
    ).fetchall()
    return [Announced(str(r[0]), str(r[1])) for r in rows]


def as_announced(
    announcement: Announced, document: object, messages: tuple[str, str, str]
) -> bytes:
    """The document's canonical bytes, if it is an object that hashes to the announced
    SHA-256 and names the announced version; else a TongbanError with the caller's message
    for each (``messages``: not an object, another hash, another version)."""
    not_object, sha_mismatch, other_version = messages
    if not isinstance(document, dict):
        raise TongbanError(not_object, version=announcement.version)
    text = journal.canonical(document)  # the bytes the portal hashed (sync.link.protocol's form)
    digest = hashlib.sha256(text).hexdigest()
    if digest != announcement.sha256:
        raise TongbanError(
            sha_mismatch,
            version=announcement.version,
            announced=announcement.sha256[:12],
            got=digest[:12],
        )
    if document.get("version") != announcement.version:
        raise TongbanError(
            other_version,
            version=announcement.version,
            named=str(document.get("version")),
        )
    return text


def verdict(
    announcement: Announced,
    document: object | None,
    check: Callable[[Announced, object], str],
    messages: tuple[str, str],
    log: logging.Logger,
) -> tuple[str | None, str | None]:
    """(the document's text to keep, None) or (None, why it is refused, in words). A
    document so oddly shaped that the checks trip over it is refused too, never raised
    (``messages``: no document, unreadable)."""
    no_document, unreadable = messages
    try:
        if document is None:
            raise TongbanError(no_document, version=announcement.version)
        return check(announcement, document), None
    except TongbanError as e:
        log.warning("version %s refused: %s", announcement.version, e.msg_id)
        return None, e.text()
    except Exception as e:
        log.exception("version %s could not be checked", announcement.version)
        error = type(e).__name__
        return None, TongbanError(unreadable, version=announcement.version, error=error).text()
