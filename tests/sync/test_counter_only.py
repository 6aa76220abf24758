"""Only a counter changes a case at the portal, in its own name (review 4, finding 3): a
kiosk's key, which sits in an unattended machine in the public hall, cannot void,
withdraw or correct a counter's case, and no counter can send an event naming another."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from sync.errors import LinkDown
from sync.link import protocol
from sync.link.answers import Refused, Taken
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey
from sync.portal import RunningPortal
from terminal.catalogue import Catalogue
from terminal.store import open_store

from .conftest import Terminal
from .helpers import AT, FAST, HALL, Admin, client_for, drain
from .test_case_events import come_back, notice, portal_case


def _enrolled(tmp_path: Path, portal: RunningPortal, terminal_id: str, kind: str) -> TerminalKey:
    portal.portal.admit_enrol_code(f"CODE-{terminal_id}", terminal_id, HALL, kind=kind)
    store = open_store(tmp_path / terminal_id / "tongban.db", create=True)
    return enrol(
        tmp_path / terminal_id, store, portal_url=portal.url, code=f"CODE-{terminal_id}",
        terminal_id=terminal_id, hall=HALL, at=AT, timeouts=FAST,
    )  # fmt: skip


def _void(case_id: str, terminal_id: str) -> tuple[str, str]:
    eid = str(uuid.uuid4())
    body = {
        "format": "tongban.case-event/1", "event_id": eid, "case_id": case_id,
        "receipt_no": "XH-W01-20261126-0001", "kind": "voided",
        "at": "2026-11-26T10:00:00+08:00", "terminal_id": terminal_id, "clerk": "nobody",
        "reason": "选错事项",
        "approval": {"approved_by": "nobody", "approved_role": "supervisor",
                     "approval_entry": "0" * 64},
    }  # fmt: skip
    return eid, json.dumps(body, ensure_ascii=False)


def test_a_kiosks_key_cannot_void_a_counters_case(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    case_id = notice(terminal.store, mini_catalogue)
    come_back(terminal.store, mini_catalogue, case_id)
    drain(terminal.store, client_for(terminal.key))
    kiosk = client_for(_enrolled(tmp_path, portal, "XH-K01", "kiosk"))
    for named in ("XH-K01", "XH-W01"):  # in its own name or the counter's
        # A 403 is about the key, not the row: the kiosk is told to see IT.
        with pytest.raises(LinkDown) as refused:
            kiosk.push_one(protocol.path_case_events(case_id), *_void(case_id, named))
        assert refused.value.needs_it and refused.value.params["problem"] == "counter-only"
    assert portal_case(admin, case_id)["state"] == "received"
    kiosk.close()


def test_a_counter_sends_events_in_its_own_name_only(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    tmp_path: Path,
) -> None:  # fmt: skip
    case_id = notice(terminal.store, mini_catalogue)
    come_back(terminal.store, mini_catalogue, case_id)
    drain(terminal.store, client_for(terminal.key))
    other = client_for(_enrolled(tmp_path, portal, "XH-W02", "counter"))
    out = other.push_one(protocol.path_case_events(case_id), *_void(case_id, "XH-W01"))
    assert isinstance(out, Refused) and out.status == 422
    assert out.problem["errors"] == [{"field": "terminal_id", "problem": "not_the_signer"}]
    assert portal_case(admin, case_id)["state"] == "received"
    # The same window of the hall, in its own name, is taken (the citizen may come back there).
    out = other.push_one(protocol.path_case_events(case_id), *_void(case_id, "XH-W02"))
    assert isinstance(out, Taken)
    assert portal_case(admin, case_id)["state"] == "voided"
    other.close()


def test_it_says_what_a_code_is_for_and_refuses_another_kind(admin: Admin) -> None:
    answer = admin.post(
        "/admin/enrol-codes",
        {"code": "K-1", "terminal_id": "XH-K03", "hall": HALL, "kind": "kiosk"},
    )
    assert answer["kind"] == "kiosk"
    r = admin.http.post(
        admin.url + "/admin/enrol-codes",
        json={"code": "K-2", "terminal_id": "XH-K04", "hall": HALL, "kind": "robot"},
        timeout=5,
    )
    assert r.status_code == 422 and r.json()["errors"] == [
        {"field": "kind", "problem": "not_allowed"}
    ]
