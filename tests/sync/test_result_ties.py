"""A collector's signature envelope comes from the wire: whatever its person tie holds, the
portal refuses it in a sentence (signature / not_the_collector), never with a 500 (review 8,
finding 3), and a tie made under a revoked key of the same terminal holds nothing (finding 7)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from sync.cases.results import Handed, ResultRefused, hand_over
from sync.link import protocol
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.portal import RunningPortal
from terminal.catalogue import Catalogue
from terminal.signatures import TieKey, envelope_hash
from terminal.store import open_store

from .conftest import Terminal
from .helpers import AT, FAST, HALL, Admin, client_for, invented_id
from .signing import signed
from .test_results import RECEIPTS, _client, _finished


def _handing(window: PortalClient, case_id: str, number: str, signature: dict[str, Any]) -> Handed:
    return hand_over(window, case_id, "r", collector={"role": "applicant", "id_number": number},
                     items=["JZZ"], signature=signature, terminal_id="XH-W02", clerk="zhao",
                     at="2026-12-01T10:00:00+08:00")  # fmt: skip


def _crafted(signature: dict[str, Any], **tie: str) -> dict[str, Any]:
    """The envelope with its tie changed, and its own hash made to fit again."""
    envelope = json.loads(json.dumps(signature["envelope"]))
    envelope["signer"]["person"].update(tie)
    envelope["hash"] = envelope_hash(envelope)
    return {**signature, "envelope": envelope}


def test_a_crafted_tie_is_refused_as_not_the_collector_not_a_500(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(51)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    window = _client(tmp_path, portal, "XH-W02")
    theirs = signed(number, RECEIPTS[case_id], key=TieKey(window.key.key_id, window.key.secret))
    with pytest.raises(ResultRefused) as refused:
        _handing(window, case_id, number, _crafted(theirs, hmac="é"))
    assert "not_the_collector" in str(refused.value.params["problems"])
    # A nonce with a lone surrogate (JSON can carry one, UTF-8 cannot): a clear refusal.
    crafted = _crafted(theirs)
    crafted["envelope"]["signer"]["person"]["nonce"] = "\ud800"
    key = str(uuid.uuid4())
    body = {"handover_id": key, "case_id": case_id, "terminal_id": "XH-W02", "clerk": "zhao",
            "at": "2026-12-01T10:00:00+08:00", "items": ["JZZ"],
            "collector": {"role": "applicant", "id_number": number},
            "signature_sha256": crafted["envelope"]["hash"], "signature": crafted}  # fmt: skip
    reply = window.send("POST", protocol.path_case_handover(case_id),
                        json.dumps(body).encode(), idempotency_key=key)  # fmt: skip
    # The portal reads no such text at all: a signed 400 bad-request, not a 500.
    assert reply.status == 400 and reply.problem_name == "bad-request" and reply.proof
    assert _handing(window, case_id, number, theirs).state == "collected"  # the real one holds


def test_a_tie_under_a_revoked_key_of_the_same_terminal_is_not_the_collector(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    """Review 8, finding 7: IT re-enrolled the counter (its old key revoked, maybe stolen);
    an envelope tied under the old key proves nothing any more."""
    number = invented_id(52)
    case_id = _finished(terminal, admin, mini_catalogue, number, "collect")
    old = _client(tmp_path, portal, "XH-W02")
    under_old = signed(number, RECEIPTS[case_id], key=TieKey(old.key.key_id, old.key.secret))
    portal.portal.admit_enrol_code("CODE-XH-W02-AGAIN", "XH-W02", HALL)
    store = open_store(tmp_path / "again" / "tongban.db", create=True)
    key = enrol(tmp_path / "again", store, portal_url=portal.url, code="CODE-XH-W02-AGAIN",
                terminal_id="XH-W02", hall=HALL, at=AT, timeouts=FAST)  # fmt: skip
    store.close()
    window = client_for(key)
    with pytest.raises(ResultRefused) as refused:
        _handing(window, case_id, number, under_old)
    assert "not_the_collector" in str(refused.value.params["problems"])
    now = signed(number, RECEIPTS[case_id], key=TieKey(window.key.key_id, window.key.secret))
    assert _handing(window, case_id, number, now).state == "collected"
