"""Requests are checked against docs/portal-api.yaml before any handler runs, admin ones too."""

from __future__ import annotations

import re

import requests

from sync.link import protocol
from sync.portal import RunningPortal
from sync.portal.app import ROUTES
from sync.portal.validate import contract

from .conftest import Terminal
from .helpers import client_for


def test_every_route_of_the_portal_is_an_operation_of_the_spec() -> None:
    for method, pattern, _ in ROUTES:
        # A path the route takes, with each parameter filled in.
        sample = re.sub(r"\(\?P<(\w+)>[^)]*\)", "1", pattern.pattern).replace("\\", "")
        sample = sample.replace("(recall|skip|serve|finish|transfer|green|cancel)", "skip")
        assert contract().find(method, sample) is not None, (method, pattern.pattern)


def test_an_admin_body_outside_its_schema_names_each_field(portal: RunningPortal) -> None:
    http = requests.Session()
    http.trust_env = False
    body = {"hall": "测试大厅", "intake_code": "X", "slot_start": 9, "slot_end": "b"}
    r = http.post(portal.url + "/admin/appointments", json=body, timeout=5)
    assert r.status_code == 422 and r.headers["Content-Type"] == protocol.PROBLEM_JSON
    errors = {(e["field"], e["problem"]) for e in r.json()["errors"]}
    assert errors == {
        ("slot_start", "wrong_type"),
        ("applicant_name", "missing"),
        ("id_number", "missing"),
    }


def test_a_query_outside_its_schema_is_a_400_naming_it(terminal: Terminal) -> None:
    reply = client_for(terminal.key).send("GET", protocol.PATH_CHANGES + "?after=0&limit=5000")
    assert reply.status == 400 and reply.problem_name == "bad-request"
    assert reply.problem()["errors"] == [{"field": "limit", "problem": "out_of_range"}]


def test_a_case_outside_the_spec_is_refused_as_a_case(terminal: Terminal) -> None:
    case = {"format": "tongban.case/1", "case_id": "not-a-uuid", "receipt_no": "R1"}
    reply = client_for(terminal.key).send(
        "POST", protocol.PATH_CASES, protocol.canonical_json(case), idempotency_key="not-a-uuid"
    )
    # invalid-case, as the portal's own checks call it: the outbox explains it to a clerk.
    assert reply.status == 422 and reply.problem_name == "invalid-case"
    fields = {(e["field"], e["problem"]) for e in reply.problem()["errors"]}
    assert ("case_id", "not_uuid") in fields and ("applicant", "missing") in fields
