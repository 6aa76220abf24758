"""The terminal reads the portal's word on a case's files strictly: an answer of another
shape, even signed, is a garbled link (retried next pass), never a crash of the pass."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sync.attachments import wire
from sync.errors import LinkDown
from sync.link.answers import AnswerProof, Reply

CASE = "00000000-0000-4000-8000-000000000001"


class _Answers:
    """A client whose every answer is ``body``, as if signed by the portal."""

    def __init__(self, body: Any) -> None:
        self.body = json.dumps(body).encode()

    def send(self, method: str, path: str, *args: Any, **kw: Any) -> Reply:
        proof = AnswerProof("k", path, "n", "", 200, "0", self.body, "sig")
        return Reply(200, {"Content-Type": "application/json"}, self.body, proof)

    def raise_for_link(self, reply: Reply) -> None:
        return None


@pytest.mark.parametrize("body", [[], ["a"], 7, "case", None])
def test_an_answer_of_another_shape_is_a_garbled_link_not_a_crash(body: Any) -> None:
    client: Any = _Answers(body)
    with pytest.raises(LinkDown) as down:
        wire.missing_of(client, CASE)
    assert down.value.msg_id == "sync.link.garbled"
