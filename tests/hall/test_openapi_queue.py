"""The queue's requests and the portal's answers, as recorded on the wire, match docs/portal-api.yaml."""

from __future__ import annotations

import json
import uuid
from typing import Any

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from sync.engine import sync_once
from sync.hall.operations import CALL_FORMAT, ISSUE_FORMAT
from sync.link import protocol
from sync.portal import RunningPortal
from terminal import hall
from terminal.clock import now

from ..sync.faultproxy import FaultProxy
from ..sync.test_openapi import SPEC, _operation_of, as_request, as_response
from .conftest import Desk, make_desk


def _scenario(desks: list[Desk], proxy: FaultProxy, portal: RunningPortal, tmp: Any) -> None:
    """Every queue operation, with the answers and refusals a terminal must understand."""
    w1, w2 = desks[0].hall(proxy.url), desks[1].hall(proxy.url)
    a = w1.take("A", green=True).ticket
    b = w1.take("310104-WJ-CS-0001").ticket
    c = w2.take("C").ticket
    assert a and b and c
    raw = desks[0].client(proxy.url)
    key = str(uuid.uuid4())
    issue = {
        "format": ISSUE_FORMAT,
        "ticket_id": key,
        "group": "A",
        "priority": "normal",
        "window": 1,
    }
    body = protocol.canonical_json(issue)
    for _ in range(2):  # new, then replayed
        raw.send("POST", protocol.PATH_QUEUE_TICKETS, body, idempotency_key=key)
    bad = protocol.canonical_json(issue | {"priority": "appointment"})
    assert (
        raw.send("POST", protocol.PATH_QUEUE_TICKETS, bad, idempotency_key=str(uuid.uuid4())).status
        == 422
    )
    w1.call_next()
    for action in ("recall", "skip", "recall", "serve", "finish"):
        w1.act(a.ticket_no, action)
    w1.mark_green(b.ticket_no)
    w1.transfer(b.ticket_no, window=2, group="C")
    sync_once(desks[0].store, desks[0].client(proxy.url), terminal="XH-W01")  # learn of `key`
    w1.act(key, "cancel")
    call = protocol.canonical_json({"format": CALL_FORMAT, "groups": ["Z"]})
    raw.send("POST", protocol.path_call_next(1), call, idempotency_key=str(uuid.uuid4()))  # nobody
    w2.call_next()
    for ticket_id, action in ((a.id, "skip"), (c.id, "skip"), (str(uuid.uuid4()), "skip")):
        action_body = hall.action_body(action, ticket_id, 1).encode()
        path = protocol.path_ticket_action(ticket_id, action)
        assert raw.send("POST", path, action_body, idempotency_key=str(uuid.uuid4())).status in (
            409,
            422,
        )
    # Offline tickets handed over: taken, replayed, refused (another terminal's window).
    offline, _ = hall.issue_local(desks[0].store, group="A", window=1, terminal="XH-W01", at=now())
    hall.hand_over(desks[0].store, terminal="XH-W01", at=now())
    stored = dict(
        desks[0].store.conn.execute("SELECT idempotency_key, body FROM outbox").fetchall()
    )
    raw.queue_merge([(offline.id, stored[offline.id])])
    raw.queue_merge([(offline.id, stored[offline.id])])
    foreign = json.loads(stored[offline.id]) | {
        "ticket_id": str(uuid.uuid4()),
        "ticket_no": "A2-001",
    }
    raw.queue_merge([(foreign["ticket_id"], json.dumps(foreign))])
    assert raw.send("POST", protocol.PATH_QUEUE_MERGE, b'{"items":[]}').status == 422
    # A terminal whose window number is another's: 409 window-taken on issue.
    twin = make_desk(tmp, portal, "XH-W07", 2)
    try:
        assert (
            twin.client(proxy.url)
            .send(
                "POST",
                protocol.PATH_QUEUE_TICKETS,
                protocol.canonical_json(
                    issue | {"ticket_id": (k := str(uuid.uuid4())), "window": 2}
                ),
                idempotency_key=k,
            )
            .status
            == 409
        )
    finally:
        twin.close()
    # The QR code on a ticket: its state for the citizen's phone; an unknown ticket is a 404.
    assert raw.send("GET", protocol.path_ticket(offline.id), signed=False).status == 200
    assert raw.send("GET", protocol.path_ticket(str(uuid.uuid4())), signed=False).status == 404
    # A kiosk's call for help: raised, answered by a window, a late second answer, closed.
    helped = w1.call_help("大厅入口自助机").help
    w2.answer_help(helped.id, "coming")
    w1.answer_help(helped.id, "coming")  # w1 has the call from its own raise: asks the portal
    w2.answer_help(helped.id, "done")
    unknown = str(uuid.uuid4())
    act = protocol.canonical_json(
        {"format": "tongban.queue-help/1", "help_id": unknown, "window": 1}
    )
    path = f"{protocol.PATH_QUEUE_HELP}/{unknown}/coming"
    assert raw.send("POST", path, act, idempotency_key=str(uuid.uuid4())).status == 404
    blank = {"format": "tongban.queue-help/1", "help_id": (k := str(uuid.uuid4())), "place": ""}
    blank_body = protocol.canonical_json(blank)
    assert raw.send("POST", protocol.PATH_QUEUE_HELP, blank_body, idempotency_key=k).status == 422
    # Both ways of reading the queue's feed entries: the whole feed, and the topic.
    sync_once(desks[1].store, desks[1].client(proxy.url), terminal="XH-W02")
    raw.changes(0, 1000, topic="queue", wait=1)


def test_every_queue_exchange_matches_the_spec(
    desks: list[Desk], proxy: FaultProxy, portal: RunningPortal, tmp_path: Any
) -> None:
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text("utf-8"))
    proxy.recording = True
    _scenario(desks, proxy, portal, tmp_path)
    config = Config(extra_media_type_deserializers={protocol.PROBLEM_JSON: json.loads})
    api = OpenAPI.from_dict(spec, config=config)
    problems, seen = [], set()
    for raw_request, raw_answer in proxy.exchanges:
        request, response = as_request(raw_request), as_response(raw_answer)
        oas = RequestsOpenAPIRequest(request)
        try:
            api.validate_response(oas, RequestsOpenAPIResponse(response))
            if response.status_code < 400:
                api.validate_request(oas)
        except Exception as e:
            where = f"{request.method} {request.path_url} → {response.status_code}"
            problems.append(f"{where}: {e!r} {e.__cause__!r}"[:700])
        op = _operation_of(spec, request.method or "", request.path_url.split("?")[0])
        seen.add((op, response.status_code))
    assert problems == [], "\n".join(problems)
    queue_ops = {
        op["operationId"]
        for item in spec["paths"].values()
        for op in item.values()
        if "queue" in op.get("tags", [])
    }
    assert queue_ops == {
        "queueIssue",
        "queueCallNext",
        "queueTicketAction",
        "queueMerge",
        "queueTicketStatus",
        "queueHelpRaise",
        "queueHelpAnswer",
    }
    assert queue_ops <= {op for op, _ in seen}
    assert {(op, s) for op, s in seen if op in queue_ops} >= {
        ("queueIssue", 201),
        ("queueIssue", 409),
        ("queueIssue", 422),
        ("queueCallNext", 200),
        ("queueTicketStatus", 200),
        ("queueTicketStatus", 404),
        ("queueTicketAction", 200),
        ("queueTicketAction", 409),
        ("queueTicketAction", 422),
        ("queueMerge", 200),
        ("queueMerge", 422),
        ("queueHelpRaise", 201),
        ("queueHelpRaise", 422),
        ("queueHelpAnswer", 200),
        ("queueHelpAnswer", 404),
    }
    kinds = {
        c["kind"]
        for req, ans in proxy.exchanges
        if b"/changes" in req.split(b"\r\n", 1)[0]
        for c in json.loads(ans.partition(b"\r\n\r\n")[2]).get("changes", [])
    }
    assert {"queue.ticket", "queue.call", "queue.help"} <= kinds
