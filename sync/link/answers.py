"""What the portal's answers become: taken, refused for its content, or no answer at all."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.errors import LinkDown
from sync.link import protocol


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


def believe(reply: Reply, secret: bytes, key_id: str, path: str, nonce: str, key: str) -> Reply:
    """The reply with its proof if the portal signed it for this request; else LinkDown."""
    proof = AnswerProof(
        key_id=key_id,
        path=path,
        nonce=nonce,
        idempotency_key=key,
        status=reply.status,
        portal_time=reply.headers.get(protocol.H_PORTAL_TIME, ""),
        body=reply.data,
        signature=reply.headers.get(protocol.H_ANSWER_SIGNATURE, ""),
    )
    if proof.signature and proof.holds(secret):
        return Reply(reply.status, reply.headers, reply.data, proof)
    raise not_the_portal(reply)


def signature_of(reply: Reply) -> str:
    return reply.headers.get(protocol.H_ANSWER_SIGNATURE, "")


def not_the_portal(reply: Reply) -> LinkDown:
    """Something that is not the portal answered (a captive portal, a gateway, a proxy).
    The link counts as down, the row stays pending under its key, and the reason says what
    came back, so IT can find the box in the way."""
    status = reply.status
    content_type = reply.headers.get("Content-Type", "-").split(";")[0].strip()[:60] or "-"
    if status in (502, 503, 504):
        # A gateway saying the portal behind it is away: an ordinary outage, retried.
        return LinkDown("sync.link.gateway", reached=True, status=status)
    return LinkDown(
        "sync.link.not_portal",
        reached=True,
        needs_it=True,
        status=status,
        content_type=content_type,
    )


def raise_for_link(reply: Reply) -> None:
    """Statuses that are about the link or the set-up, never about one row."""
    s = reply.status
    if s >= 500 or s in (408, 429):
        raise LinkDown("sync.link.portal_error", reached=True, status=s)
    if s in (401, 403):
        raise LinkDown(
            "sync.link.key_refused", reached=True, needs_it=True, problem=reply.problem_name
        )
    if s in (404, 405) or 300 <= s < 400:
        # A redirect is a captive portal or a wrong address, never our portal's answer.
        raise LinkDown("sync.link.wrong_address", reached=True, needs_it=True, status=s)
    if s < 200:
        raise LinkDown("sync.link.garbled", reached=True, status=s)
