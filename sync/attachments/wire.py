"""The upload exchanges with the portal (docs/portal-api.yaml, "uploads"), each signed, each
answer believed only when the portal signed it and it names the file and an offset that fits.

Close to tus 1.0: an offset query (``GET`` rather than ``HEAD``, so the answer has a body the
portal's signature covers), chunks ``PATCH``ed at ``Upload-Offset`` as
``application/offset+octet-stream`` with ``Upload-Checksum``, and an explicit completion
that hashes the whole file. A chunk's bytes are covered by the request signature (its body
digest) and its offset by its Idempotency-Key (``<sha256>@<offset>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sync.errors import LinkDown
from sync.link import protocol
from sync.link.answers import AnswerProof, Reply
from sync.link.client import PortalClient


@dataclass(frozen=True)
class UploadState:
    sha256: str
    length: int
    offset: int
    complete: bool
    proof: AnswerProof | None


class UploadRefused(Exception):
    """The portal refused this file for what it is (not listed by any case of ours, or its
    bytes did not hash to its name): counted against the file, never the link."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _refused_file(reply: Reply) -> None:
    """A signed "no such upload" is about this file, never the link: the portal has none we
    may write (another counter began it, or it forgot it); creating it again says where
    it stands. Only an unsigned 404 (not the portal) is a wrong address."""
    if reply.status == 404 and reply.problem_name == "upload-not-found" and reply.proof:
        raise UploadRefused(reply.problem_name)


def _garbled(reply: Reply) -> LinkDown:
    return LinkDown("sync.link.garbled", reached=True, status=reply.status)


def _state(reply: Reply, sha256: str, length: int | None = None) -> UploadState:
    data = reply.json()
    ok = (
        isinstance(data, dict)
        and data.get("sha256") == sha256
        and isinstance(data.get("length"), int)
        and isinstance(data.get("offset"), int)
        and isinstance(data.get("complete"), bool)
        and 0 <= data["offset"] <= data["length"]
        and (length is None or data["length"] == length)
    )
    if not ok or reply.proof is None:
        raise _garbled(reply)
    return UploadState(sha256, data["length"], data["offset"], data["complete"], reply.proof)


def missing_of(
    client: PortalClient, case_id: str
) -> tuple[dict[str, int | None], set[str], AnswerProof]:
    """For one case: the files the portal lacks, each with the offset its upload stands at
    (None: no upload yet), the files it holds whole, and its signed word for both."""
    reply = client.send("GET", protocol.path_case_attachments(case_id))
    client.raise_for_link(reply)
    data: Any = reply.json()
    if not isinstance(data, dict):  # a list, a number: signed or not, not this answer
        raise _garbled(reply)
    items = data.get("attachments")
    if (
        reply.status != 200
        or reply.proof is None
        or data.get("case_id") != case_id
        or not isinstance(items, list)
        or not isinstance(data.get("missing"), list)
        or not all(isinstance(i, dict) and isinstance(i.get("sha256"), str) for i in items)
    ):
        raise _garbled(reply)
    offsets = {i["sha256"]: i.get("offset") for i in items}
    missing = {
        str(s): (o if isinstance(o := offsets.get(s), int) and o >= 0 else None)
        for s in data["missing"]
    }
    held = {i["sha256"] for i in items if i.get("exists") is True} - set(missing)
    return missing, held, reply.proof


def state_of(client: PortalClient, sha256: str, length: int) -> UploadState | None:
    """How much of the file the portal holds; None when it has no upload of it yet."""
    reply = client.send("GET", protocol.path_upload(sha256))
    if reply.status == 404 and reply.problem_name == "upload-not-found":
        return None
    client.raise_for_link(reply)
    return _state(reply, sha256, length)


def create(client: PortalClient, sha256: str, length: int, case_id: str) -> UploadState:
    """Create the upload of a file ``case_id`` lists (or learn where it stands)."""
    body = protocol.canonical_json({"sha256": sha256, "length": length, "case_id": case_id})
    headers = {protocol.H_UPLOAD_LENGTH: str(length), protocol.H_TUS_RESUMABLE: "1.0.0"}
    reply = client.send(
        "POST", protocol.PATH_UPLOADS, body, idempotency_key=sha256, headers=headers
    )
    if reply.status == 422 and reply.proof is not None:
        raise UploadRefused(reply.problem_name)
    client.raise_for_link(reply)
    if reply.status not in (200, 201):
        raise _garbled(reply)
    return _state(reply, sha256, length)


def send_chunk(
    client: PortalClient, sha256: str, length: int, offset: int, chunk: bytes, checksum: str
) -> UploadState:
    """One chunk at ``offset``; the portal's offset after it. An offset the portal does not
    hold (a chunk repeated after its answer was lost) comes back as the one it holds. The
    chunk that ends the file asks for completion too (``Upload-Complete``): the answer is
    then the completion's (complete, or UploadRefused when the whole did not hash right)."""
    ends = offset + len(chunk) == length
    headers = {
        "Content-Type": protocol.OFFSET_OCTET_STREAM,
        protocol.H_UPLOAD_OFFSET: str(offset),
        protocol.H_UPLOAD_CHECKSUM: checksum,
        protocol.H_TUS_RESUMABLE: protocol.TUS_VERSION,
        **({protocol.H_UPLOAD_COMPLETE: "?1"} if ends else {}),
    }
    key = protocol.chunk_key(sha256, offset)
    reply = client.send(
        "PATCH", protocol.path_upload(sha256), chunk, idempotency_key=key, headers=headers
    )
    if reply.status == 409 and reply.problem_name == "upload-offset-mismatch":
        held = reply.problem().get("offset")
        if not isinstance(held, int) or not 0 <= held <= length or reply.proof is None:
            raise _garbled(reply)
        return UploadState(sha256, length, held, False, reply.proof)
    if reply.status == 422 and reply.problem_name == "upload-hash-mismatch" and reply.proof:
        raise UploadRefused(reply.problem_name)
    _refused_file(reply)
    client.raise_for_link(reply)
    if reply.status != 200:
        raise LinkDown("sync.link.portal_error", reached=True, status=reply.status)
    state = _state(reply, sha256, length)
    if state.offset != offset + len(chunk):
        raise _garbled(reply)
    return state


def complete(client: PortalClient, sha256: str, length: int) -> UploadState:
    """The portal hashes the whole file: complete, or refused (it starts again from 0)."""
    path = protocol.path_upload(sha256) + "/complete"
    reply = client.send("POST", path, None, idempotency_key=sha256)
    if reply.status == 422 and reply.proof is not None:
        raise UploadRefused(reply.problem_name)
    if reply.status == 409 and reply.problem_name == "upload-incomplete" and reply.proof:
        held = reply.problem().get("offset")
        return UploadState(sha256, length, held if isinstance(held, int) else 0, False, None)
    _refused_file(reply)
    client.raise_for_link(reply)
    return _state(reply, sha256, length)
