"""Fetch the catalogue versions the feed announced, check each and settle it.

A version whose document does not match its announcement, names another
version or fails the catalogue's checks is refused, once, with the reason in
the store and the journal; the terminal goes on with what it has. A lost link
leaves the version announced, to be fetched at a later pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sync.client import PortalClient
from terminal import catalogue_versions
from terminal.catalogue_versions import Announced
from terminal.i18n import TongbanError
from terminal.store import Store

log = logging.getLogger("tongban.sync")


def fetch_announced(
    store: Store, client: PortalClient, *, terminal: str, now: Callable[[], datetime]
) -> int:
    """Settle every announced version; returns how many. LinkDown goes to the caller."""
    settled = 0
    while batch := catalogue_versions.announced(store.conn):
        for announcement in batch:
            _settle(store, client, announcement, terminal, now())
            settled += 1
    return settled


def _settle(
    store: Store, client: PortalClient, announcement: Announced, terminal: str, at: datetime
) -> None:
    document = client.catalogue(announcement.version)  # a lost link stops here: retried later
    text, problem = None, None
    try:
        if document is None:
            raise TongbanError("catalogue_version.no_document", version=announcement.version)
        text = catalogue_versions.check(announcement, document)
    except TongbanError as e:
        problem = e.text()
        log.warning("catalogue version %s refused: %s", announcement.version, e.msg_id)
    except Exception as e:  # a document shaped so oddly the checks trip over it: refused too
        problem = TongbanError(
            "catalogue_version.unreadable", version=announcement.version, error=type(e).__name__
        ).text()
        log.exception("catalogue version %s could not be checked", announcement.version)
    with store.write():
        catalogue_versions.settle(
            store.conn,
            announcement.version,
            document=text,
            problem=problem,
            terminal=terminal,
            at=at,
        )
