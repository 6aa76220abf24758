"""Fetch the catalogue versions the feed announced, check each and settle it.

A version whose document does not match its announcement, names another
version or fails the catalogue's checks is refused, once, with the reason in
the store and the journal; the terminal goes on with what it has. A fetch
that fails on the link (or a portal error) leaves the version announced, to
be fetched at a later pass, and does not fail the pass: cases keep flowing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sync.errors import LinkDown
from sync.link.client import PortalClient
from terminal import catalogue_versions, signed_versions
from terminal.signed_versions import Announced
from terminal.store import Store

log = logging.getLogger("tongban.sync")


def fetch_announced(
    store: Store, client: PortalClient, *, terminal: str, now: Callable[[], datetime]
) -> int:
    """Settle the announced versions, oldest first; returns how many were settled."""
    settled = 0
    for announcement in catalogue_versions.announced(store.conn, limit=20):
        try:
            _settle(store, client, announcement, terminal, now())
        except LinkDown as e:
            log.info(
                "catalogue version %s not fetched this pass: %s", announcement.version, e.msg_id
            )
            break  # the rest wait for the next pass too
        settled += 1
    return settled


def _settle(
    store: Store, client: PortalClient, announcement: Announced, terminal: str, at: datetime
) -> None:
    document = client.catalogue(announcement.version)  # a lost link stops here: retried later
    text, problem = signed_versions.verdict(
        announcement,
        document,
        catalogue_versions.check,
        ("catalogue_version.no_document", "catalogue_version.unreadable"),
        log,
    )
    with store.write():
        catalogue_versions.settle(
            store.conn,
            announcement.version,
            document=text,
            problem=problem,
            terminal=terminal,
            at=at,
        )
