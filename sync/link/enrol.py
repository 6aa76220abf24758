"""Enrol this terminal with a portal: a one-time code from IT buys the terminal its own key."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sync import state
from sync.errors import LinkDown, SyncError
from sync.link.client import PortalClient, Timeouts
from sync.link.keys import TerminalKey, key_path, save_key
from terminal import journal
from terminal.clock import stamp
from terminal.store import Store

TRIES = 3
# The enrolment request in flight: its Idempotency-Key, kept until the key file is saved.
PENDING_FILENAME = "enrol-request.json"


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


def pending_path(data_dir: Path) -> Path:
    return data_dir / PENDING_FILENAME


def pending_request_key(
    data_dir: Path, portal_url: str, code: str, terminal_id: str, hall: str
) -> str:
    """The Idempotency-Key of this enrolment: the one saved by an earlier run for the same
    portal, code, terminal and hall, or a new one, saved (0600, fsync'd) before it is used."""
    what = {
        "portal": portal_url.rstrip("/"),
        # The code is a credential: only its digest is kept beside the request key.
        "code_sha256": hashlib.sha256(code.encode()).hexdigest(),
        "terminal_id": terminal_id,
        "hall": hall,
    }
    path = pending_path(data_dir)
    try:
        saved = json.loads(path.read_text("utf-8"))
        if isinstance(saved, dict) and {k: saved.get(k) for k in what} == what:
            key = saved.get("request_key")
            if isinstance(key, str) and 1 <= len(key) <= 200:
                return key
    except (OSError, ValueError):
        pass  # none, or unreadable: a new request
    key = str(uuid.uuid4())
    _write_private(path, {**what, "request_key": key})
    return key


def _write_private(path: Path, value: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_suffix(".tmp")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(value, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
    # One request key for every try, and every run, kept on disk before the first send:
    # if an answer is lost, or this process is killed before it saves the key, the next
    # try gets the same key back instead of finding the one-time code spent.
    request_key = pending_request_key(data_dir, portal_url, code, terminal_id, hall)
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
    pending_path(data_dir).unlink(missing_ok=True)  # spent: the next enrolment is a new request
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
