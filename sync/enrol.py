"""Enrol this terminal with a portal: a one-time code from IT buys the terminal its own key."""

from __future__ import annotations

import ipaddress
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sync import state
from sync.client import PortalClient, Timeouts
from sync.errors import LinkDown, SyncError
from sync.keys import TerminalKey, key_path, save_key
from terminal import journal
from terminal.clock import stamp
from terminal.store import Store

TRIES = 3


def check_portal_url(url: str) -> None:
    """https, or plain http to this machine only: citizens' data never crosses a wire in clear."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        try:
            if host == "localhost" or ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            pass
    raise SyncError("enrol.insecure_url", url=url)


def enrol(
    data_dir: Path,
    store: Store,
    *,
    portal_url: str,
    code: str,
    terminal_id: str,
    hall: str,
    at: datetime,
    ca_bundle: Path | None = None,
    again: bool = False,
    timeouts: Timeouts | None = None,
) -> TerminalKey:
    check_portal_url(portal_url)
    if key_path(data_dir).exists() and not again:
        raise SyncError("enrol.already", path=str(key_path(data_dir)))
    bundle = str(ca_bundle.resolve()) if ca_bundle else None
    client = PortalClient(portal_url, ca_bundle=bundle, timeouts=timeouts)
    # One request key for every try: if an answer is lost, the retry gets the same key
    # back instead of finding the one-time code spent.
    request_key = str(uuid.uuid4())
    try:
        for attempt in range(TRIES):
            try:
                answer = client.enrol(code, terminal_id, hall, request_key)
                break
            except LinkDown:
                if attempt == TRIES - 1:
                    raise
                time.sleep(1.0 * (attempt + 1))
    finally:
        client.close()
    key = TerminalKey(
        key_id=str(answer["key_id"]),
        secret_b64=str(answer["secret"]),
        portal_url=portal_url.rstrip("/"),
        terminal_id=terminal_id,
        enrolled_at=stamp(at),
        ca_bundle=bundle,
    )
    save_key(data_dir, key)
    state.record_enrolment(store, key)
    with store.write():
        journal.append(
            store.conn,
            at=at,
            actor="it",
            terminal=terminal_id,
            action="sync.enrolled",
            subject=terminal_id,
            details={"key_id": key.key_id, "portal": key.portal_url},
        )
    return key
