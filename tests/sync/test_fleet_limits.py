"""What the portal keeps of a heartbeat is bounded: a count it can store, a body of a few
kilobytes, and only the members the spec names (IT reads every one on GET /admin/fleet)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sync.link import protocol
from sync.link.answers import Reply
from sync.portal import RunningPortal

from .conftest import Terminal
from .helpers import AT, client_for
from .test_heartbeat import fleet


def _heartbeat(seq: int, **more: Any) -> dict[str, Any]:
    return {
        "format": protocol.HEARTBEAT_FORMAT,
        "seq": seq,
        "made_at": AT.isoformat(),
        "build": "0.0",
        "package": None,
        "os": {"name": "Test OS", "glibc": None, "glibc_needed": None},
        "qt": None,
        "devices": [],
        "unsent": 0,
        "stuck": 0,
        "last_sync": None,
        **more,
    }


def _send(terminal: Terminal, body: dict[str, Any]) -> Reply:
    return client_for(terminal.key).send(
        "POST",
        protocol.PATH_HEARTBEAT,
        protocol.canonical_json(body),
        idempotency_key=str(uuid.uuid4()),
    )


def test_a_heartbeat_with_an_absurd_count_is_refused_not_a_server_error(
    terminal: Terminal, portal: RunningPortal
) -> None:
    """2**63 does not fit the portal's database: a 422 the terminal settles, not a 500 and
    a traceback in the portal's log."""
    reply = _send(terminal, _heartbeat(2**63))
    assert reply.status == 422, (reply.status, reply.problem_name)
    assert _send(terminal, _heartbeat(2**53 - 1)).status == 200


def test_a_heartbeat_of_megabytes_is_refused(terminal: Terminal, portal: RunningPortal) -> None:
    """A real heartbeat is about 2 KB; 8 MB would be kept and served to IT every time."""
    reply = _send(terminal, _heartbeat(1, notes="x" * 8_000_000))
    assert reply.status == 413, (reply.status, reply.problem_name)
    assert fleet(portal.url) == []


def test_only_the_members_the_spec_names_are_kept_and_shown_to_it(
    terminal: Terminal, portal: RunningPortal
) -> None:
    """A modified build pasting a citizen's record into its heartbeat: the portal keeps the
    heartbeat's facts, and nothing of what it was not taught to read."""
    pasted = "王小明 110101199003071234"  # invented
    device = {"check": "printer", "status": "ok", "summary": "就绪", "holder": pasted}
    body = _heartbeat(
        1,
        notes=pasted,
        os={"name": "Test OS", "glibc": None, "glibc_needed": None, "extra": pasted},
        devices=[device],
    )
    assert _send(terminal, body).status == 200
    (kept,) = fleet(portal.url)
    assert pasted not in json.dumps(kept, ensure_ascii=False)
    assert kept["heartbeat"]["devices"] == [{"check": "printer", "status": "ok", "summary": "就绪"}]
    assert kept["heartbeat"]["os"]["name"] == "Test OS"
