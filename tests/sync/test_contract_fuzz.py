"""The reference portal fuzzed from docs/portal-api.yaml: no 5xx, no answer outside the spec.

schemathesis generates requests for every operation from the spec (bodies, parameters and
headers that follow it, and ones that break it); each is sent unsigned and signed with an
enrolled terminal's key. Every answer must be no 5xx, have a status and content type the
operation documents, and a body and headers that match the spec. Bounded (a few examples
an operation and mode, a few hundred in all) so the suite stays quick.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.generation.case import Case

from sync.link import protocol
from sync.link.keys import TerminalKey
from sync.portal import RunningPortal
from sync.portal.limits import LongPollGate

from .conftest import Terminal

# A chunk of an attachment's upload is raw bytes, as application/octet-stream is sent.
schemathesis.serializer.alias(protocol.OFFSET_OCTET_STREAM, "application/octet-stream")
SCHEMA = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[2] / "docs" / "portal-api.yaml"
)
# The spec's examples and random fuzzing, valid and invalid (both generation modes stay on).
# The coverage phase (every boundary of every schema) took about 3 minutes of a suite that
# must stay within a few; tests/sync/test_validate.py and the explicit edge tests
# (test_portal_edge.py) cover the boundaries that matter to the portal.
SCHEMA.config.phases.update(phases=["examples", "fuzzing"])
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
FUZZ = settings(
    max_examples=8,  # per operation and mode: 26 operations x 2 modes, ~420 requests
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def no_long_polls(portal: RunningPortal) -> None:
    # A long poll may be held 25 s; with no slot free the portal answers at once (as the
    # spec allows), which keeps the fuzz quick and still checks the page it answers.
    portal.portal.long_polls = LongPollGate(0)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    session.trust_env = False
    yield session
    session.close()


def _send(case: Case, terminal: Terminal, http: requests.Session, key: TerminalKey | None) -> None:
    kwargs = case.as_transport_kwargs(base_url=terminal.key.portal_url)
    fields = ("method", "url", "headers", "params", "json", "data", "cookies")
    prepared = requests.Request(**{k: kwargs[k] for k in fields if k in kwargs}).prepare()
    if key is not None:
        # As the terminal signs (sync/link/client.py _sign): the target and body exactly as sent.
        body = prepared.body or b""
        body = body.encode() if isinstance(body, str) else body
        timestamp, nonce = int(time.time()), secrets.token_hex(16)
        idem = str(prepared.headers.get(protocol.H_IDEMPOTENCY, ""))
        message = protocol.string_to_sign(
            str(prepared.method), str(prepared.path_url), timestamp, nonce, body, idem
        )
        prepared.headers[protocol.H_KEY_ID] = key.key_id
        prepared.headers[protocol.H_TIMESTAMP] = str(timestamp)
        prepared.headers[protocol.H_NONCE] = nonce
        prepared.headers[protocol.H_SIGNATURE] = protocol.sign(key.secret, message)
    response = http.send(prepared, timeout=10, allow_redirects=False)
    case.validate_response(response, checks=CHECKS)


@SCHEMA.parametrize()
@FUZZ
def test_unsigned_requests_get_answers_within_the_spec(
    case: Case, terminal: Terminal, http: requests.Session
) -> None:
    _send(case, terminal, http, None)


@SCHEMA.parametrize()
@FUZZ
def test_signed_requests_get_answers_within_the_spec(
    case: Case, terminal: Terminal, http: requests.Session
) -> None:
    _send(case, terminal, http, terminal.key)
