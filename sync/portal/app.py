"""The reference portal's request handling, independent of the HTTP server around it."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sync.link import protocol
from sync.portal import (
    admin,
    admin_routes,
    anchor,
    auth,
    case_events,
    feed,
    fleet,
    followups,
    hall_cases,
    hall_figures,
    intake,
    limits,
    queue_help,
    queue_merge,
    result_routes,
    status,
    uploads,
    validate,
)
from sync.portal import calendar as portal_calendar
from sync.portal import queue as portal_queue
from sync.portal.db import PortalClosing, PortalDB
from sync.portal.problems import Problem, field_error
from sync.portal.wire import Answer, Handler, Request, Response

log = logging.getLogger("tongban.portal")

# Headers a proxy adds: a request carrying one came through something in between.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # not an address (a unix socket, nothing)
        return False


class Portal:
    """One portal: its store, its clock, its enrolment codes and its admin rule."""

    def __init__(
        self,
        db_path: Path,
        *,
        window_seconds: int = protocol.DEFAULT_WINDOW_SECONDS,
        admin_token: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = PortalDB(db_path)
        self.clock = clock
        self.window = window_seconds
        self.admin_token = admin_token
        self.verifier = auth.Verifier(self.db, window_seconds)
        # Long polls waiting at once; the server sets it below its thread count.
        self.long_polls = limits.LongPollGate(limits.DEFAULT_LONG_POLLS)

    def admit_enrol_code(
        self,
        code: str,
        terminal_id: str,
        hall: str,
        *,
        valid_hours: float = auth.VALID_HOURS,
        kind: str = "counter",
    ) -> float:
        """Admit a one-time code for one terminal (``kind``: auth.KINDS) of one hall;
        returns when it expires."""
        with self.db.write() as conn:
            return auth.admit_code(conn, code, terminal_id, hall, self.clock(), valid_hours, kind)

    def close(self) -> None:
        self.db.close()

    def respond(self, request: Request) -> Response:
        """The whole answer to one request, refusals included; the one place answers are
        made, whatever server carries them. ``PortalClosing`` passes through: the server
        then drops the connection."""
        content_type = protocol.JSON
        try:
            answer = self.handle(request)
        except Problem as p:
            answer = Answer(p.status, p.document(request.language, request.path), p.headers)
            content_type = protocol.PROBLEM_JSON
        except ValueError:
            bad = Problem("bad-request")
            answer = Answer(bad.status, bad.document(request.language, request.path))
            content_type = protocol.PROBLEM_JSON
        except PortalClosing:
            raise
        except Exception:
            log.exception("portal request failed: %s %s", request.method, request.path)
            failed = Problem("internal")
            answer = Answer(failed.status, failed.document(request.language, request.path))
            content_type = protocol.PROBLEM_JSON
        return self.encode(request, answer, content_type)

    def refuse(self, request: Request, problem: Problem) -> Response:
        """A refusal made before the request reached a handler (e.g. a body too large)."""
        answer = Answer(problem.status, problem.document(request.language, request.path))
        return self.encode(request, answer, protocol.PROBLEM_JSON)

    def encode(self, request: Request, answer: Answer, content_type: str) -> Response:
        raw, body = answer.raw, answer.body
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
        headers = {
            "Content-Type": content_type,
            protocol.H_PORTAL_TIME: f"{self.clock():.3f}",
        }
        if content_type == protocol.PROBLEM_JSON:
            headers["Content-Language"] = "en" if request.language == "en" else "zh-CN"
        headers.update(answer.headers)
        secret = request.answer_key.secret
        if secret is not None:
            message = protocol.answer_to_sign(
                request.headers.get(protocol.H_NONCE.lower(), ""),
                request.headers.get(protocol.H_IDEMPOTENCY.lower(), ""),
                answer.status,
                headers[protocol.H_PORTAL_TIME],
                data,
            )
            headers[protocol.H_ANSWER_SIGNATURE] = protocol.sign(secret, message)
        return Response(answer.status, headers, data)

    def handle(self, request: Request) -> Answer:
        for method, pattern, handler in ROUTES:
            match = pattern.fullmatch(request.path)
            if match:
                if method != request.method:
                    continue
                validate.admit(self, request)  # the caller, then the request against the spec
                return handler(self, request, match.groupdict())
        if any(p.fullmatch(request.path) for _, p, _ in ROUTES):
            raise Problem("method-not-allowed")
        raise Problem("not-found")

    # --- the terminal's API -------------------------------------------------

    def signed(self, request: Request) -> auth.Terminal:
        # Once per request (its nonce is spent by the first check): the contract check
        # (validate.admit) verifies before the handler asks again. Once the caller proved it
        # holds its key, the answer is signed with it (request.answer_key).
        if request._terminal is None:
            terminal = self.verifier.verify(
                request.method,
                request.target,
                request.headers,
                request.body,
                self.clock(),
                request.answer_key.hold,
            )
            object.__setattr__(request, "_terminal", terminal)
        assert request._terminal is not None
        return request._terminal

    def idempotency_key(self, request: Request) -> str:
        key = request.headers.get(protocol.H_IDEMPOTENCY.lower(), "")
        if not 1 <= len(key) <= 200:
            raise Problem("bad-request")
        return key

    def admin(self, request: Request) -> None:
        if not self.admin_allowed(request.headers, request.client):
            raise Problem("admin-forbidden")

    def admin_allowed(self, headers: Mapping[str, str], client: str) -> bool:
        """The admin rule (``headers`` with lower-case names): the admin token when there is
        one; without one, this machine only, and only calling directly."""
        if self.admin_token is not None:
            offered = headers.get("authorization", "")
            return hmac.compare_digest(offered.encode(), f"Bearer {self.admin_token}".encode())
        # A proxy on this machine (the nginx in front of TLS) connects from loopback for
        # everyone it forwards: a forwarded request is nobody's in particular.
        if any(name in headers for name in FORWARDING_HEADERS):
            return False
        return is_loopback(client)


def _time(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    if protocol.H_KEY_ID.lower() in request.headers:
        # A terminal asking whether its portal is there gets a signed answer: it may act on it
        # (offline tickets change hands only once the portal itself has answered).
        portal.signed(request)
    return Answer(200, {"portal_time": portal.clock(), "window_seconds": portal.window})


def _enrol(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    key = portal.idempotency_key(request)
    status, answer, code_key = auth.enrol(
        portal.db, request.json(), key, request.client, portal.clock()
    )
    # The caller proved it holds the code's key, which only it and the portal have: the
    # answer is signed with it, so a box in the middle cannot hand the terminal a key of its
    # own. A refusal goes unsigned (the portal does not know which code was meant); it
    # settles nothing on the terminal.
    request.answer_key.hold(protocol.enrol_answer_secret(code_key))
    return Answer(status, answer)


def _case(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    case = request.json()
    with portal.db.write() as conn:
        status, answer, replayed = intake.receive_case(conn, terminal, key, case, portal.clock())
    return Answer(status, answer, {protocol.H_REPLAYED: "true"} if replayed else {})


def _batch(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    body = request.json()
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= protocol.MAX_BATCH:
        raise Problem("invalid-request", {"errors": [field_error("items", "not_1_to_500")]})
    keys = [i.get("idempotency_key") if isinstance(i, dict) else None for i in items]
    if not all(isinstance(k, str) and 1 <= len(k) <= 200 for k in keys) or any(
        "case" not in i for i in items
    ):
        raise Problem("invalid-request", {"errors": [field_error("items", "not_item_list")]})
    if len(set(keys)) != len(keys):
        raise Problem("invalid-request", {"errors": [field_error("items", "repeated_key")]})
    with portal.db.write() as conn:
        results = intake.receive_batch(conn, terminal, items, portal.clock())
    for result in results:
        if isinstance(result.get("problem"), Problem):
            result["problem"] = result["problem"].document(request.language, request.path)
    return Answer(200, {"results": results})


def _changes(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    query = parse_qs(urlsplit(request.target).query)
    try:
        after = int(query.get("after", ["0"])[0])
        limit = int(query.get("limit", ["500"])[0])
        wait = int(query.get("wait", ["0"])[0])
    except ValueError:
        raise Problem("bad-request") from None
    topic = query.get("topic", [None])[0]
    if after < 0 or not 1 <= limit <= 1000 or not 0 <= wait <= protocol.MAX_WAIT_SECONDS:
        raise Problem("bad-request")
    if topic is not None and topic not in feed.TOPICS:
        raise Problem("bad-request")
    # Long poll: with nothing new, hold the answer until a commit brings something or the
    # wait is over, so a hall display hears a call at once without polling every second.
    # Past the gate's bound a poll is answered at once: displays never starve case pushes.
    with portal.long_polls.slot(wait) as wait:
        deadline = time.monotonic() + wait
        while True:
            seen = portal.db.commits
            with portal.db.read() as conn:
                page = feed.page(conn, terminal.terminal_id, terminal.hall, after, limit, topic)
            left = deadline - time.monotonic()
            if page["changes"] or left <= 0 or portal.db.closed:
                return Answer(200, page)
            portal.db.wait_for_commit(seen, left)


def _ecerts(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.signed(request)
    with portal.db.connection() as conn:
        return Answer(200, admin.lookup_ecerts(conn, request.json()))


def _ticket_status(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    with portal.db.read() as conn:
        return Answer(200, portal_queue.public_status(conn, match["ticket_id"]))


def _catalogue(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
    portal.signed(request)
    with portal.db.read() as conn:
        return Answer(200, admin.catalogue_document(conn, unquote(match["version"])))


def _rating(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    key = portal.idempotency_key(request)
    rating = request.json()
    with portal.db.write() as conn:
        status, answer, replayed = intake.receive_rating(
            conn, terminal, key, rating, portal.clock()
        )
    return Answer(status, answer, {protocol.H_REPLAYED: "true"} if replayed else {})


def _queue_op(op: Callable[..., tuple[int, dict[str, Any], bool]]) -> Handler:
    """A queue operation: signed, under its Idempotency-Key, one portal transaction."""

    def handler(portal: Portal, request: Request, params: dict[str, str]) -> Answer:
        terminal = portal.signed(request)
        key = portal.idempotency_key(request)
        body = request.json()
        with portal.db.write() as conn:
            status, answer, replayed = op(
                conn, terminal, key, *params.values(), body, portal.clock()
            )
        # The acknowledgement names the operation it answers (its idempotency key).
        return Answer(
            status, {**answer, "operation": key}, {protocol.H_REPLAYED: "true"} if replayed else {}
        )

    return handler


def _queue_merge(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    body = request.json()
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= protocol.MAX_BATCH:
        raise Problem("invalid-request", {"errors": [field_error("items", "not_1_to_500")]})
    with portal.db.write() as conn:
        results = queue_merge.merge(conn, terminal, items, portal.clock())
    for result in results:
        if isinstance(result.get("problem"), Problem):
            result["problem"] = result["problem"].document(request.language, request.path)
    return Answer(200, {"results": results})


def _journal_head(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    if request.method == "GET":
        query = parse_qs(urlsplit(request.target).query)
        seq, digest = query.get("seq", [None])[0], query.get("hash", [None])[0]
        with portal.db.read() as conn:
            return Answer(200, anchor.look(anchor.kept(conn, terminal), seq, digest))
    body = request.json()
    with portal.db.write() as conn:
        return Answer(200, anchor.report(conn, terminal, body, portal.clock()))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("GET", re.compile(protocol.PATH_TIME), _time),
    ("POST", re.compile(protocol.PATH_ENROL), _enrol),
    ("POST", re.compile(protocol.PATH_CASES), _case),
    ("POST", re.compile(protocol.PATH_CASES_BATCH), _batch),
    ("GET", re.compile(protocol.PATH_CHANGES), _changes),
    ("POST", re.compile(protocol.PATH_ECERTS), _ecerts),
    ("POST", re.compile(protocol.PATH_RATINGS), _rating),
    ("POST", re.compile(protocol.PATH_QUEUE_TICKETS), _queue_op(portal_queue.issue)),
    (
        "POST",
        re.compile(protocol.path_call_next(999).replace("999", "(?P<window>[1-9][0-9]{0,2})")),
        _queue_op(portal_queue.call_next),
    ),
    (
        "POST",
        re.compile(
            protocol.PATH_QUEUE_TICKETS
            + f"/(?P<ticket_id>[^/]+)/(?P<action>{'|'.join(protocol.QUEUE_ACTIONS)})"
        ),
        _queue_op(portal_queue.act),
    ),
    ("POST", re.compile(protocol.PATH_QUEUE_MERGE), _queue_merge),
    ("POST", re.compile(protocol.PATH_QUEUE_HELP), _queue_op(queue_help.raise_help)),
    (
        "POST",
        re.compile(
            protocol.PATH_QUEUE_HELP + "/(?P<help_id>[0-9a-f-]{36})/(?P<action>coming|done)"
        ),
        _queue_op(queue_help.answer_help),
    ),
    (
        "GET",
        re.compile(protocol.PATH_QUEUE_TICKETS + "/(?P<ticket_id>[0-9a-f-]{36})"),
        _ticket_status,
    ),
    ("GET", re.compile(protocol.PATH_CATALOGUES + "/(?P<version>[^/?]+)"), _catalogue),
    ("POST", re.compile(protocol.PATH_JOURNAL_HEAD), _journal_head),
    ("GET", re.compile(protocol.PATH_JOURNAL_HEAD), _journal_head),
    *case_events.ROUTES,
    *result_routes.ROUTES,
    *hall_cases.ROUTES,
    *status.ROUTES,
    *fleet.ROUTES,
    *followups.ROUTES,
    *hall_figures.ROUTES,
    *portal_calendar.ROUTES,
    *uploads.ROUTES,
    *admin_routes.ROUTES,
]
