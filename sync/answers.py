"""What the portal's answers become: taken, refused for its content, or no answer at all."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sync import protocol
from sync.errors import LinkDown


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    data: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.data)
        except ValueError:
            # A 2xx we cannot read (a captive portal's page, a garbled answer) proves
            # nothing: the same key goes again and the portal replays its answer.
            raise LinkDown("sync.link.garbled", reached=True, status=self.status) from None

    def problem(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.data)
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            return {"type": "about:blank", "status": self.status}
        return doc

    @property
    def problem_name(self) -> str:
        return protocol.problem_name(str(self.problem().get("type", "")))


@dataclass(frozen=True)
class Taken:
    key: str
    answer: dict[str, Any]
    replayed: bool


@dataclass(frozen=True)
class Refused:
    key: str
    status: int
    problem: dict[str, Any]


@dataclass(frozen=True)
class Unanswered:
    key: str


Outcome = Taken | Refused | Unanswered


class BatchNotTaken(Exception):
    """The portal refused the batch envelope itself: send its rows one by one."""


def outcome_of(key: str, result: dict[str, Any] | None) -> Outcome:
    if result is None:
        return Unanswered(key)
    status = result.get("status")
    if isinstance(status, int) and 200 <= status < 300 and isinstance(result.get("receipt"), dict):
        return Taken(key, result["receipt"], bool(result.get("replayed")))
    if status in (400, 409, 413, 415, 422) and isinstance(result.get("problem"), dict):
        return Refused(key, int(status), result["problem"])
    return Unanswered(key)
