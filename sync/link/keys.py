"""The terminal's portal key: one file, mode 0600, written atomically, refused when too open."""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from sync.errors import SyncError
from terminal.signatures import TieKey

KEY_FILENAME = "portal-key.json"


@dataclass(frozen=True)
class TerminalKey:
    """What enrolment gave: the key id the portal knows, the shared secret, and where."""

    key_id: str
    secret_b64: str
    portal_url: str
    terminal_id: str
    enrolled_at: str
    ca_bundle: str | None = None

    @property
    def secret(self) -> bytes:
        return base64.urlsafe_b64decode(self.secret_b64)


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILENAME


def save_key(data_dir: Path, key: TerminalKey) -> Path:
    """Write beside the store with mode 0600 from the first byte; replace atomically."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = key_path(data_dir)
    temp = final.with_suffix(".tmp")
    if temp.exists():
        temp.unlink()
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(key), f, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, final)
    dir_fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return final


def load_key(data_dir: Path) -> TerminalKey:
    path = key_path(data_dir)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        raise SyncError("sync.not_enrolled", path=str(path)) from None
    if mode & 0o077:
        # Like ssh with a private key: a key others can read is a key others may have copied.
        raise SyncError("sync.key_too_open", path=str(path), mode=f"{mode:04o}")
    try:
        raw = json.loads(path.read_text("utf-8"))
        return TerminalKey(**raw)
    except (OSError, ValueError, TypeError) as e:
        raise SyncError("sync.key_unreadable", path=str(path), error=str(e)) from None


def signing_tie_key(data_dir: Path) -> TieKey | None:
    """The key a citizen's signature is tied to their ID number with (terminal/signatures.py):
    this terminal's portal key, which the portal can check it with. None when the terminal is
    not enrolled (no key file): the envelope then carries the masked number only.

    An enrolled terminal whose key cannot be used (too open after a restore, unreadable, a
    corrupt secret) raises ``SyncError`` with a sentence, and the caller does not sign: an
    envelope quietly made without its tie would be taken at the portal on the masked number
    alone, which is what the tie is there to prevent (review 8, finding 7)."""
    path = key_path(data_dir)
    if not path.exists():
        return None
    try:
        key = load_key(data_dir)
        # Strictly: the lenient decode drops stray characters, and "%%" would be an empty key.
        secret = base64.b64decode(key.secret_b64, altchars=b"-_", validate=True)
        if len(secret) < 16:  # an HMAC-SHA256 key of a few bytes is a cut file, not a secret
            raise ValueError("secret_b64 holds no whole secret")
        return TieKey(key.key_id, secret)
    except SyncError as e:
        if e.msg_id == "sync.not_enrolled":  # removed between the two looks: not enrolled now
            return None
        if e.msg_id == "sync.key_too_open":
            raise SyncError("sync.signature_key_too_open", **e.params) from None
        raise SyncError(
            "sync.signature_key_unreadable", path=str(path), error=str(e.params.get("error", ""))
        ) from None
    except ValueError as e:  # secret_b64 that is not base64 (binascii.Error)
        raise SyncError("sync.signature_key_unreadable", path=str(path), error=str(e)) from None
