"""The 差评 follow-up operations for the contract test (test_openapi.py): a step taken, the
same step again, a step out of order, a step outside the schema, the back office's list."""

from __future__ import annotations

import json
import uuid

import requests

from sync.link import protocol
from sync.link.answers import Taken
from sync.link.client import PortalClient
from terminal.followups import FORMAT, OWNER


def exercise_followups(client: PortalClient, url: str, rating_id: str, case_id: str) -> None:
    followup = str(uuid.uuid4())

    def step(name: str, **more: object) -> tuple[str, str]:
        key = str(uuid.uuid4())
        body = {"format": FORMAT, "step_id": key, "followup_id": followup, "step": name,
                "by": "kiosk", "at": "2026-11-26T10:05:00+08:00", **more}  # fmt: skip
        return key, json.dumps(body, ensure_ascii=False)

    opened = step(
        "open", rating_id=rating_id, case_id=case_id, receipt_no="XH-W01-20261126-0001",
        service="居住证", level=1, reason="等候时间长", comment="", due_date="2026-12-03",
        owner=OWNER,
    )  # fmt: skip
    assert isinstance(client.push_one(protocol.PATH_FOLLOWUPS, *opened), Taken)
    assert client.push_one(protocol.PATH_FOLLOWUPS, *opened).replayed  # type: ignore[union-attr]
    assert client.push_one(protocol.PATH_FOLLOWUPS, *step("close")).status == 409  # type: ignore[union-attr]
    assert client.push_one(protocol.PATH_FOLLOWUPS, *step("rectify")).status == 422  # type: ignore[union-attr]
    listed = requests.get(url + "/admin/followups", timeout=10)
    assert listed.json()["followups"][0]["state"] == "open"
