"""What the portal's answers become: taken, refused for its content, or no answer at all."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sync import protocol
from sync.errors import LinkDown


@dataclass(frozen=True)
class AnswerProof:
    """The portal's signed answer, kept with whatever it settled: proof of who said it.

    ``holds`` checks it again later with the terminal's secret (``tongban sync status``
    does, for the rows it counts as sent)."""

    key_id: str  # the terminal key whose secret signed it ("enrol": the enrolment code)
    path: str
    nonce: str
    idempotency_key: str
    status: int
    portal_time: str
    body: bytes
    signature: str

    def holds(self, secret: bytes) -> bool:
        message = protocol.answer_to_sign(
            self.nonce, self.idempotency_key, self.status, self.portal_time, self.body
        )
        return protocol.signature_matches(secret, message, self.signature)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    data: bytes
    proof: AnswerProof | None = None  # set once the portal's signature on it was checked

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
    proof: AnswerProof | None = None


@dataclass(frozen=True)
class Refused:
    key: str
    status: int
    problem: dict[str, Any]
    proof: AnswerProof | None = None


@dataclass(frozen=True)
class Unanswered:
    key: str


Outcome = Taken | Refused | Unanswered


class BatchNotTaken(Exception):
    """The portal refused the batch envelope itself: send its rows one by one."""

    def __init__(self, status: int, proof: AnswerProof | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.proof = proof


def names_case(key: str, answer: Any) -> bool:
    """A case's acknowledgement names the case, gives the portal's number and a state of the
    protocol's set; anything less acknowledges nothing."""
    return (
        isinstance(answer, dict)
        and answer.get("case_id") == key
        and isinstance(answer.get("portal_case_no"), str)
        and bool(answer["portal_case_no"])
        and answer.get("state") in protocol.PORTAL_STATES
    )


def names_rating(key: str, answer: Any) -> bool:
    return isinstance(answer, dict) and answer.get("rating_id") == key


def names_operation(key: str, answer: Any) -> bool:
    """A hall-queue operation's acknowledgement names the operation (its idempotency key)."""
    return isinstance(answer, dict) and answer.get("operation") == key


def names_ticket(key: str, answer: Any) -> bool:
    """An offline ticket handed over: the answer is the portal's copy of that very ticket."""
    return isinstance(answer, dict) and answer.get("ticket_id") == key


def acknowledgement_for(path: str) -> Callable[[str, Any], bool]:
    """What an answer on this path must name to settle the row sent there."""
    if path == protocol.PATH_CASES:
        return names_case
    if path == protocol.PATH_RATINGS:
        return names_rating
    return names_operation


def outcome_of(
    key: str,
    result: dict[str, Any] | None,
    proof: AnswerProof | None,
    names: Callable[[str, Any], bool],
) -> Outcome:
    """One item of a signed batch answer. A result that does not name its own row (another
    key, no portal number, a state outside the protocol) settles nothing: the row stays."""
    if result is None or result.get("idempotency_key", key) != key:
        return Unanswered(key)
    status = result.get("status")
    receipt = result.get("receipt")
    if isinstance(status, int) and 200 <= status < 300 and names(key, receipt):
        assert isinstance(receipt, dict)
        return Taken(key, receipt, bool(result.get("replayed")), proof)
    if status in (400, 409, 413, 415, 422) and isinstance(result.get("problem"), dict):
        return Refused(key, int(status), result["problem"], proof)
    return Unanswered(key)
