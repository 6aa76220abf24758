"""What the portal's handlers take and give, apart from any HTTP server: a request as
received, the answer a handler makes, the bytes that go back, and the key that signs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sync.portal import auth, limits

if TYPE_CHECKING:
    from sync.portal.app import Portal


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # bytes sent as they are (a file), instead of ``body`` as JSON


@dataclass
class AnswerKey:
    """The secret this request's answer is signed with, once the caller proved it holds it
    (a terminal's key, or for enrolment the one-time code); None: the answer goes unsigned."""

    secret: bytes | None = None

    def hold(self, secret: bytes) -> None:
        self.secret = secret


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # the request target exactly as received: what the signature covers
    headers: dict[str, str]  # lower-case names
    body: bytes
    client: str
    answer_key: AnswerKey = field(default_factory=AnswerKey, compare=False)
    _terminal: auth.Terminal | None = field(default=None, compare=False, repr=False)

    @property
    def language(self) -> str:
        """Chinese unless the caller asks for English first."""
        wanted = self.headers.get("accept-language", "").strip().lower()
        return "en" if wanted.startswith("en") else "zh_CN"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    def json(self) -> Any:
        return self._parsed  # parsed once: the spec's check and the handler read the same

    @cached_property
    def _parsed(self) -> Any:
        return limits.parse_json(self.headers.get("content-type", ""), self.body)


@dataclass(frozen=True)
class Response:
    """An answer as it goes on the wire: what any HTTP server around the portal sends."""

    status: int
    headers: dict[str, str]
    data: bytes


Handler = Callable[["Portal", Request, dict[str, str]], Answer]
