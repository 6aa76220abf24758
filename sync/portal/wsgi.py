"""The portal as a WSGI application: whatever server carries it, answers come from Portal.respond."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from sync.link import protocol
from sync.portal import public_pages
from sync.portal.app import FORWARDING_HEADERS, Portal
from sync.portal.db import PortalClosing
from sync.portal.problems import Problem
from sync.portal.wire import Request

StartResponse = Callable[..., Any]
log = logging.getLogger("tongban.portal")


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def request_target(environ: dict[str, Any]) -> str:
    """The request target as the client sent it: what the terminal's signature covers."""
    raw = environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    query = environ.get("QUERY_STRING", "")
    path = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/;=,~!$&'()*+:@-._")
    return path + (f"?{query}" if query else "")


def request_headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = str(environ[key])
    return headers


class PortalApp:
    """WSGI in front of ``Portal.respond``; the answer's headers go out as the portal made them."""

    def __init__(self, portal: Portal, *, proxy_trusted: bool = False) -> None:
        self.portal = portal
        self.proxy_trusted = proxy_trusted
        self._told = False

    def _forwarded_untrusted(self, headers: dict[str, str]) -> None:
        """A proxy in front that the portal was not told about: every client then has the
        proxy's address, and the enrolment throttle's "per source" is one bucket for all.
        Said once, for IT: the fix is --trusted-proxy (docs/operations.md)."""
        if self.proxy_trusted or self._told:
            return
        if any(name in headers for name in FORWARDING_HEADERS):
            self._told = True
            log.warning(
                "requests arrive through a proxy, but the portal was not started with"
                " --trusted-proxy: every client counts as the proxy's address (enrolment"
                " throttle, per-address cap); admin calls through it are refused"
            )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        target = request_target(environ)
        headers = request_headers(environ)
        client = str(environ.get("REMOTE_ADDR", ""))
        self._forwarded_untrusted(headers)
        request = Request(method, target, headers, b"", client)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        try:
            if length > protocol.MAX_BODY_BYTES:
                # The server refuses these before reading them; this is for one that does not.
                response = self.portal.refuse(request, Problem("payload-too-large"))
            elif length < 0:
                response = self.portal.refuse(request, Problem("bad-request"))
            else:
                body = environ["wsgi.input"].read(length) if length else b""
                asked = Request(method, target, headers, body, client)
                # A citizen's phone from a printed QR: a page, not the terminals' API.
                respond = public_pages.page if public_pages.wanted(target) else Portal.respond
                response = respond(self.portal, asked)
        except PortalClosing:
            # Shutting down: no answer from the portal, and the caller retries the same key.
            # (Under WSGI, Connection is the server's header; it is closing anyway.)
            start_response("503 Service Unavailable", [("Content-Length", "0")])
            return [b""]
        out = [("Content-Length", str(len(response.data))), *response.headers.items()]
        start_response(status_line(response.status), out)
        return [response.data]
