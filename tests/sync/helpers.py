"""Shared by the sync tests: invented cases, an admin client, and drain-until-done loops."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime
from typing import Any

import requests

from sync.engine import Summary, sync_once
from sync.link.client import PortalClient, Timeouts
from sync.link.keys import TerminalKey
from terminal import casebook
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.clock import CHINA
from terminal.identity import DocumentKind, check_character
from terminal.store import Store
from terminal.workdays import default_calendar

TERMINAL = "XH-W01"
HALL = "测试大厅"
CODE = "TEST-ENROL-CODE"
AT = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)
FAST = Timeouts(connect=1.0, read=1.0, total=3.0)


def invented_id(i: int) -> str:
    """A valid ID number for invented citizen ``i`` (Xuhui area code, born 1990)."""
    first17 = f"31010419900101{i % 1000:03d}"
    return first17 + check_character(first17)


def record_cases(
    store: Store,
    cat: Catalogue,
    n: int,
    *,
    start: int = 0,
    id_number: str | None = None,
    terminal: str = TERMINAL,
) -> list[str]:
    """Accept ``n`` invented cases offline: case + outbox row + journal entry each."""
    ids = []
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP", "CL-ZLHT")})
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}
    for i in range(start, start + n):
        cap = Capture(
            str(uuid.uuid4()),
            "T-GA-JZZ",
            Applicant(DocumentKind.RESIDENT_ID, "测试", id_number or invented_id(i)),
            {"first": "yes", "agent": "no"},
            form,
            given,
        )
        decided = decide(cat, cap, Decision.ACCEPTED, received_at=AT, calendar=default_calendar())
        with store.write():
            casebook.record_decision(store.conn, decided, terminal_id=terminal, clerk="w", at=AT)
        ids.append(cap.case_id)
    return ids


class Admin:
    """The portal's admin endpoints, as the tests and the demo use them."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.trust_env = False

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.http.post(self.url + path, json=body if body is not None else None, timeout=10)
        assert r.status_code < 300, (r.status_code, r.text)
        return r.json()

    def cases(self) -> list[dict[str, Any]]:
        r = self.http.get(self.url + "/admin/cases", timeout=10)
        assert r.status_code == 200
        cases: list[dict[str, Any]] = r.json()["cases"]
        return cases

    def set_state(self, case_id: str, state: str) -> Any:
        return self.post(f"/admin/cases/{case_id}/state", {"state": state})


def client_for(key: TerminalKey, url: str | None = None, **kw: Any) -> PortalClient:
    kw.setdefault("timeouts", FAST)
    return PortalClient(url or key.portal_url, key, trust_env=False, **kw)


def drain(
    store: Store, client: PortalClient, *, passes: int = 200, deadline_s: float = 90.0, **kw: Any
) -> Summary:
    """Sync until nothing is waiting and a pass ran online (bounded in passes and time)."""
    end = time.monotonic() + deadline_s
    summary = None
    for _ in range(passes):
        summary = sync_once(store, client, terminal=TERMINAL, **kw)
        if summary.online and summary.status.waiting == 0:
            return summary
        if time.monotonic() > end:
            break
    raise AssertionError(f"did not drain: {summary}")


def assert_exactly_once(store: Store, admin: Admin, case_ids: list[str]) -> None:
    """Each case on the portal once, sent here, bound to the portal's number, journaled once."""
    on_portal = admin.cases()
    portal_ids = [c["case_id"] for c in on_portal]
    assert sorted(portal_ids) == sorted(case_ids)
    assert len(set(portal_ids)) == len(portal_ids)
    numbers = {c["case_id"]: c["portal_case_no"] for c in on_portal}
    conn = store.conn
    for case_id in case_ids:
        state, number = conn.execute(
            "SELECT state, portal_case_no FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        assert number == numbers[case_id]
        assert state != "accepted"
    unsent = conn.execute("SELECT count(*) FROM outbox WHERE state != 'sent'").fetchone()[0]
    assert unsent == 0
    bound = conn.execute(
        "SELECT subject, count(*) FROM journal WHERE action = 'case.portal_bound' GROUP BY subject"
    ).fetchall()
    assert {r[0]: r[1] for r in bound} == dict.fromkeys(case_ids, 1)


def catalogue_document(version: str) -> dict[str, Any]:
    """The shipped catalogue, as the portal would publish it under another version."""
    from terminal.catalogue import DATA_DIR

    document: dict[str, Any] = json.loads((DATA_DIR / "catalogue.json").read_text("utf-8"))
    return document | {"version": version}
