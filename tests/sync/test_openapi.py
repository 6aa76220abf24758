"""The reference portal's answers, and the terminal's requests, match docs/portal-api.yaml.

Every exchange of a scenario that calls every operation (and the refusals a
terminal must understand) is recorded on the wire by the proxy, then checked
by openapi-core against the OpenAPI 3.1 file.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from requests.structures import CaseInsensitiveDict

from sync import ecerts
from sync import journal_anchor as anchor
from sync.cases.hall_fetch import fetch
from sync.errors import EnrolRefused, LinkDown
from sync.feed import calendar as calendar_feed
from sync.feed.pull import pull
from sync.heartbeat import send as heartbeat
from sync.heartbeat.facts import Source
from sync.link import protocol
from sync.link.answers import Taken
from sync.link.client import PortalClient
from sync.link.keys import TerminalKey
from terminal import case_events, journal
from terminal.case_approvals import void_change
from terminal.case_state import CaseNotFound
from terminal.catalogue import DATA_DIR, Catalogue
from terminal.config import Config as TerminalConfig
from terminal.store import open_store
from tests.approvals import approved

from ..calendars import calendar_document
from .attaching import exercise_uploads
from .faultproxy import FaultProxy
from .figuring import exercise_figures
from .following_up import exercise_followups
from .helpers import AT, FAST, HALL, TERMINAL, Admin, invented_id, record_cases
from .resulting import exercise_results

SPEC = Path(__file__).resolve().parents[2] / "docs" / "portal-api.yaml"
SERVER = "http://127.0.0.1:8700"


def _split(raw: bytes) -> tuple[str, CaseInsensitiveDict[str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    first, *lines = head.decode("latin-1").split("\r\n")
    headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    return first, headers, body


def as_request(raw: bytes) -> requests.PreparedRequest:
    first, headers, body = _split(raw)
    method, target, _ = first.split(" ", 2)
    return requests.Request(method, SERVER + target, headers=dict(headers), data=body).prepare()


def as_response(raw: bytes) -> requests.Response:
    first, headers, body = _split(raw)
    response = requests.Response()
    response.status_code = int(first.split(" ")[1])
    response.headers = headers
    response._content = body
    return response


def _operation_ids(spec: dict[str, Any]) -> set[str]:
    return {op["operationId"] for item in spec["paths"].values() for op in item.values()}


@pytest.fixture
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC.read_text("utf-8"))
    return loaded


def test_the_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    assert spec["openapi"].startswith("3.1")
    validate(spec)


def _scenario(proxy: FaultProxy, tmp_path: Path, cat: Catalogue) -> None:
    """Call every operation, and provoke every refusal a terminal must understand."""
    admin = Admin(proxy.url)
    raw = requests.Session()
    raw.trust_env = False
    client = PortalClient(proxy.url, timeouts=FAST, trust_env=False)
    client.portal_time()
    # enrolment: new, replayed, spent code, reused request key, bad bodies
    admin.post("/admin/enrol-codes", {"code": "OAS-1", "terminal_id": TERMINAL, "hall": HALL})
    enrol_key = str(uuid.uuid4())
    answer = client.enrol("OAS-1", TERMINAL, HALL, enrol_key)
    assert client.enrol("OAS-1", TERMINAL, HALL, enrol_key) == answer
    with pytest.raises(EnrolRefused):
        client.enrol("OAS-1", TERMINAL, HALL, str(uuid.uuid4()))
    with pytest.raises(EnrolRefused):
        client.enrol("OAS-1", "XH-W99", HALL, enrol_key)
    bad = raw.post(
        proxy.url + protocol.PATH_ENROL,
        json={"terminal_id": TERMINAL, "hall": HALL, "proof": ""},
        headers={"Idempotency-Key": "x"},
        timeout=5,
    )
    assert bad.status_code == 422
    assert raw.post(proxy.url + protocol.PATH_ENROL, json={}, timeout=5).status_code == 400
    assert (
        raw.post(
            proxy.url + protocol.PATH_ENROL,
            data=b"code",
            timeout=5,
            headers={"Idempotency-Key": "y", "Content-Type": "text/plain"},
        ).status_code
        == 415
    )
    key = TerminalKey(answer["key_id"], answer["secret"], proxy.url, TERMINAL, "-")
    client = PortalClient(proxy.url, key, timeouts=FAST, trust_env=False)
    store = open_store(tmp_path / "oas" / "tongban.db", create=True)
    a, b, c, d = record_cases(store, cat, 4)
    body = {r[0]: r[1] for r in store.conn.execute("SELECT case_id, body FROM outbox")}
    # single pushes: new, replayed, another body under a known key, bad content
    assert isinstance(client.push_one(protocol.PATH_CASES, a, body[a]), Taken)
    assert client.push_one(protocol.PATH_CASES, a, body[a]).replayed  # type: ignore[union-attr]
    other = json.loads(body[a]) | {"clerk": "x"}
    assert client.push_one(protocol.PATH_CASES, a, json.dumps(other)).status == 409  # type: ignore[union-attr]
    assert client.push_one(protocol.PATH_CASES, "k", '{"format":"x"}').status == 422  # type: ignore[union-attr]
    # a citizen's question at a kiosk: the case found, and a wrong last four (404, nothing said)
    receipt, id_number = store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (a,)
    ).fetchone()
    found = client.case_status(receipt, id_number[-4:])
    assert found is not None and found["state"] == "received" and found["case_id"] == a
    assert client.case_status(receipt, "0000" if id_number[-4:] != "0000" else "1111") is None
    # another window of the hall takes the case (review 4, finding 1); a wrong last four: 404
    other_window = open_store(tmp_path / "oas-w2" / "tongban.db", create=True)
    wrong = "0000" if id_number[-4:] != "0000" else "1111"
    for last4 in (wrong, id_number[-4:]):
        try:
            fetch(other_window, client, receipt, last4, terminal_id=TERMINAL, clerk="x", at=AT)
        except CaseNotFound:
            assert last4 == wrong
    assert [r[0] for r in other_window.conn.execute("SELECT id FROM cases")] == [a]
    # batch: new, replayed, refused; then an unreadable envelope
    bad_key = str(uuid.uuid4())
    results = client.push_batch(
        [(b, body[b]), (c, body[c]), (a, body[a]), (bad_key, '{"case_id":1}')]
    )
    assert [type(r).__name__ for r in results] == ["Taken", "Taken", "Taken", "Refused"]
    reply = client.send("POST", protocol.PATH_CASES_BATCH, b'{"items":[]}')
    assert reply.status == 422
    assert client.send("POST", protocol.PATH_CASES_BATCH, b"{").status == 400
    # what the portal publishes, then one pull that sees every kind
    admin.set_state(b, "in_progress")
    with pytest.raises(AssertionError):
        admin.set_state(b, "received")  # 409: not a move the portal allows
    with pytest.raises(AssertionError):
        admin.set_state(str(uuid.uuid4()), "completed")  # 404
    appt = admin.post(
        "/admin/appointments",
        {
            "hall": HALL,
            "intake_code": "T-GA-JZZ",
            "slot_start": "2026-11-27T09:00:00+08:00",
            "slot_end": "2026-11-27T09:30:00+08:00",
            "applicant_name": "测试",
            "id_number": invented_id(5),
        },
    )
    admin.post("/admin/tickets", {"hall": HALL, "appointment_id": appt["appointment_id"]})
    document = json.loads((DATA_DIR / "catalogue.json").read_text("utf-8")) | {"version": "oas.1"}
    admin.post("/admin/catalogue", {"version": "oas.1", "document": document})
    with pytest.raises(AssertionError):
        admin.post("/admin/catalogue", {"version": "oas.1", "document": document})  # 409
    with pytest.raises(AssertionError):
        admin.post("/admin/catalogue", {"version": "oas.2"})  # 422: no document
    assert client.catalogue("oas.1") == document
    assert client.catalogue("oas.9") is None  # 404: the portal has no such version
    calendar = calendar_document("oas-cal.1")
    admin.post("/admin/calendar", {"version": "oas-cal.1", "document": calendar})
    with pytest.raises(AssertionError):
        admin.post("/admin/calendar", {"version": "oas-cal.1", "document": calendar})  # 409
    with pytest.raises(AssertionError):  # 422: a 调休 day on a Wednesday
        wrong = calendar_document("oas-cal.2")
        wrong["years"]["2027"]["working_weekends"].append("2027-03-03")
        admin.post("/admin/calendar", {"version": "oas-cal.2", "document": wrong})
    assert calendar_feed.fetch_document(client, "oas-cal.1") == calendar
    assert calendar_feed.fetch_document(client, "oas-cal.9") is None  # 404
    admin.post(
        "/admin/ecerts",
        {
            "id_number": invented_id(5),
            "material": "CL-SFZ",
            "title": "居民身份证电子证照",
            "issuer": "测试公安局",
        },
    )
    online = admin.post(
        "/admin/online-applications", {"id_number": invented_id(6), "intake_code": "T-GA-JZZ"}
    )
    admin.post(f"/admin/online-applications/{online['application_no']}/withdraw")
    with pytest.raises(AssertionError):
        admin.post("/admin/online-applications/WS-NONE/withdraw")
    admin.cases()
    pull(store, client, terminal=TERMINAL, now=lambda: AT)
    # the journal's head anchored, read back, a report that does not continue it, a reset
    seq, digest = journal.head(store.conn)
    assert anchor.report_head(client, seq, digest, None) == (True, seq)
    assert anchor.kept_head(client) == {"kept_seq": seq, "holds": None}
    assert anchor.kept_head(client, seq, digest) == {"kept_seq": seq, "holds": True}
    assert anchor.report_head(client, 0, journal.GENESIS, None) == (False, seq)  # 409 journal-fork
    admin.post(f"/admin/journal-heads/{TERMINAL}/reset")
    assert client.send("GET", f"{protocol.PATH_CHANGES}?after=-1").status == 400
    assert raw.get(proxy.url + protocol.PATH_CHANGES, timeout=5).status_code == 401
    assert ecerts.ask(client, invented_id(5), "CL-SFZ")
    # a heartbeat, taken; one it finds wrong (422); the fleet as IT reads it
    beat = Source(TerminalConfig(), tmp_path / "oas", tmp_path / "oas" / "config.toml")
    heartbeat.owe(store, beat, AT)
    assert heartbeat.send(store, client, beat, AT) is True
    wrong = protocol.canonical_json({"format": protocol.HEARTBEAT_FORMAT, "seq": 0})
    assert client.send("POST", protocol.PATH_HEARTBEAT, wrong, idempotency_key="w").status == 422
    assert admin.http.get(proxy.url + "/admin/fleet", timeout=5).json()["terminals"]
    assert admin.post(f"/admin/fleet/{TERMINAL}/forget")["forgotten"] == 1
    exercise_uploads(store, client, proxy.url, cat, tmp_path / "oas" / "attachments")

    # ratings: new, replayed, a second one for the case, one for a case the portal lacks
    def rating(case_id: str, **more: str) -> tuple[str, str]:
        rid = str(uuid.uuid4())
        return rid, json.dumps(
            {
                "format": protocol.RATING_FORMAT,
                "rating_id": rid,
                "case_id": case_id,
                "level": 5,
                "rated_at": "2026-11-26T10:00:00+08:00",
                **more,
            }
        )

    # A kiosk's rating carries the citizen's last four (the spec's optional id_last4).
    rid, rbody = rating(a, channel="kiosk", id_last4=id_number[-4:])
    assert isinstance(client.push_one(protocol.PATH_RATINGS, rid, rbody), Taken)
    assert client.push_one(protocol.PATH_RATINGS, rid, rbody).replayed  # type: ignore[union-attr]
    assert client.push_one(protocol.PATH_RATINGS, *rating(a)).status == 409  # type: ignore[union-attr]
    assert client.push_one(protocol.PATH_RATINGS, *rating(d)).status == 422  # type: ignore[union-attr]
    # a counter's event on a case (issue 14): a void taken, replayed; then a correction of the
    # voided case, refused (409 case-transition-refused); the portal's record of them
    approval = approved(store, "case.void", c, TERMINAL, AT, change=void_change("受理错误"))
    with store.write():
        eid = case_events.record_void(
            store.conn,
            c,
            reason="受理错误",
            approval=approval,
            terminal_id=TERMINAL,
            clerk="li",  # the clerk who asked for the approval spends it
            at=AT,
        )
    ebody = store.conn.execute(
        "SELECT body FROM outbox WHERE idempotency_key = ?", (eid,)
    ).fetchone()[0]
    assert isinstance(client.push_one(protocol.path_case_events(c), eid, ebody), Taken)
    assert client.push_one(protocol.path_case_events(c), eid, ebody).replayed  # type: ignore[union-attr]
    fix = json.loads(ebody) | {"event_id": str(uuid.uuid4()), "kind": "corrected", "version": 2}
    refused = client.push_one(protocol.path_case_events(c), fix["event_id"], json.dumps(fix))
    assert refused.status == 409  # type: ignore[union-attr]
    assert (
        len(admin.http.get(f"{proxy.url}/admin/cases/{c}/events", timeout=5).json()["events"]) == 1
    )
    exercise_followups(client, proxy.url, rid, a)
    numbers = dict(store.conn.execute("SELECT id, id_number FROM cases").fetchall())
    exercise_results(admin, client, b, a, numbers[b], numbers[a])
    exercise_figures(store, client, TERMINAL)  # the hall's figures (issue 17)
    # the terminal enrolled again: its old key is retired
    admin.post("/admin/enrol-codes", {"code": "OAS-2", "terminal_id": TERMINAL, "hall": HALL})
    PortalClient(proxy.url, timeouts=FAST, trust_env=False).enrol("OAS-2", TERMINAL, HALL, "again")
    with pytest.raises(LinkDown):
        client.changes(0, 10)
    store.close()


def test_every_answer_and_request_matches_the_spec(
    spec: dict[str, Any], proxy: FaultProxy, tmp_path: Path, mini_catalogue: Catalogue
) -> None:
    proxy.recording = True
    _scenario(proxy, tmp_path, mini_catalogue)
    # Problem documents are JSON under their own media type (RFC 9457).
    config = Config(extra_media_type_deserializers={protocol.PROBLEM_JSON: json.loads})
    api = OpenAPI.from_dict(spec, config=config)
    seen: set[tuple[str, int]] = set()
    problems = []
    for raw_request, raw_answer in proxy.exchanges:
        request = as_request(raw_request)
        response = as_response(raw_answer)
        oas_request = RequestsOpenAPIRequest(request)
        try:
            api.validate_response(oas_request, RequestsOpenAPIResponse(response))
        except Exception as e:
            problems.append(
                f"{request.method} {request.path_url} → {response.status_code}: {e!r} {e.__cause__!r}"[
                    :600
                ]
            )
        if response.status_code < 400:
            try:
                api.validate_request(oas_request)
            except Exception as e:
                problems.append(
                    f"request {request.method} {request.path_url}: {e!r} {e.__cause__!r}"[:600]
                )
        op = _operation_of(spec, request.method or "", request.path_url.split("?")[0])
        seen.add((op, response.status_code))
    assert problems == [], "\n".join(problems)
    # The queue operations have their own exercise in tests/hall.
    queue_ops = {o for o in _operation_ids(spec) if o.startswith("queue")}
    assert {op for op, _ in seen} == _operation_ids(spec) - queue_ops
    # Every refusal a terminal must understand was exercised too.
    assert {s for _, s in seen} >= {200, 201, 400, 401, 403, 404, 409, 415, 422}


def _operation_of(spec: dict[str, Any], method: str, path: str) -> str:
    import re

    for template, item in spec["paths"].items():
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in item:
            return str(item[method.lower()]["operationId"])
    return f"unknown {method} {path}"
