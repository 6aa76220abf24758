"""The key a citizen's signature is tied with (review 8, finding 7): a terminal that is not
enrolled signs without a tie, as before; an enrolled terminal whose key cannot be used says so
in a sentence instead of quietly making an envelope without its tie."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from sync.errors import SyncError
from sync.link.keys import TerminalKey, key_path, save_key, signing_tie_key

KEY = TerminalKey(
    key_id="k_sign",
    secret_b64=base64.urlsafe_b64encode(b"s" * 32).decode(),
    portal_url="https://portal.invalid",
    terminal_id="XH-W01",
    enrolled_at="2026-12-01T09:00:00+08:00",
)


def test_a_terminal_not_enrolled_signs_without_a_tie(tmp_path: Path) -> None:
    assert signing_tie_key(tmp_path) is None


def test_an_enrolled_terminals_key_ties_the_signature(tmp_path: Path) -> None:
    save_key(tmp_path, KEY)
    tie = signing_tie_key(tmp_path)
    assert tie is not None and (tie.key_id, tie.secret) == ("k_sign", b"s" * 32)


def _refused(tmp_path: Path) -> str:
    with pytest.raises(SyncError) as refused:
        signing_tie_key(tmp_path)
    said = refused.value.text("zh_CN")
    assert str(key_path(tmp_path)) in said and "本次签名未进行" in said
    assert "nothing was signed" in refused.value.text("en")
    return said


def test_a_key_file_others_can_read_is_refused_in_a_sentence(tmp_path: Path) -> None:
    save_key(tmp_path, KEY).chmod(0o644)  # restored from a backup
    assert "chmod 600" in _refused(tmp_path)


def test_a_corrupt_or_unreadable_key_is_refused_in_a_sentence(tmp_path: Path) -> None:
    path = save_key(tmp_path, KEY)
    raw = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**raw, "secret_b64": "not base64!"}), "utf-8")
    assert "重新注册" in _refused(tmp_path)  # binascii.Error was a traceback at the signature
    for mangled in ("%%", "c2VjcmV0"):  # decoded leniently: nothing, or a few bytes
        path.write_text(json.dumps({**raw, "secret_b64": mangled}), "utf-8")
        _refused(tmp_path)
    path.write_text("{", "utf-8")  # cut short
    _refused(tmp_path)
