"""The portal client: one requests.Session, signed requests, classified failures.

Every exchange ends as one of three things: the portal took it (a 2xx whose
signed answer names what it acknowledges), the portal refused its content (a
signed 4xx about this row: it goes to a person), or the link failed (anything
else: retry the same key later). Only an answer carrying the portal's
signature over this request's nonce and key counts as the portal's: a captive
portal, a gateway's "200 {code: 503}" or a proxy's 409 is something else
answering, and the link is treated as down. TLS is verified, always: with the
system's CA store or the CA bundle given at enrolment.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import requests
import urllib3.exceptions

from sync.errors import EnrolRefused, LinkDown
from sync.link import protocol
from sync.link.abortable import AbortableAdapter, first_line, maybe_reached, read_until
from sync.link.abortable import Timeouts as Timeouts  # where the callers have always found it
from sync.link.answers import (
    AnswerProof,
    BatchNotTaken,
    Outcome,
    Refused,
    Reply,
    Taken,
    acknowledgement_for,
    believe,
    names_case,
    names_ticket,
    outcome_of,
    signature_of,
)
from sync.link.answers import raise_for_link as _raise_for_link
from sync.link.keys import TerminalKey


class PortalClient:
    """Talks to one portal. Not thread-safe: each worker thread makes its own."""

    def __init__(
        self,
        base_url: str,
        key: TerminalKey | None = None,
        *,
        ca_bundle: str | None = None,
        timeouts: Timeouts | None = None,
        wall: Callable[[], float] = time.time,
        trust_env: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.timeouts = timeouts or Timeouts()
        self.wall = wall
        self.offset: float | None = None  # portal clock minus ours, from the last answer
        self.session = requests.Session()
        self.session.verify = ca_bundle or (key.ca_bundle if key and key.ca_bundle else True)
        self.session.trust_env = trust_env
        self._adapter = AbortableAdapter()
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, self._adapter)

    def close(self) -> None:
        self.session.close()

    def abort(self) -> None:
        """From another thread, at shutdown: end the exchange in flight (it fails as a lost
        link) and every later one. The one method of this client that is thread-safe."""
        self._adapter.abort()

    # --- one exchange ----------------------------------------------------------

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        *,
        idempotency_key: str | None = None,
        signed: bool = True,
        wait: float = 0.0,
        answer_secret: bytes | None = None,
        unsigned_refusals: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """One exchange; ``wait``: seconds the portal may hold the answer (a long poll).

        The answer is believed only when signed by the portal, with the terminal's secret
        (a signed request) or ``answer_secret`` (enrolment); anything else is LinkDown."""
        started = time.monotonic()
        secret = answer_secret
        if signed:
            if self.key is None:
                raise LinkDown("sync.link.not_enrolled", needs_it=True)
            secret = self.key.secret
        args = (method, path, body, idempotency_key, signed, wait, secret)
        try:
            reply = self._exchange(*args, unsigned_refusals, headers)
        except LinkDown as e:
            # A pooled connection the network dropped while idle fails at once on first use
            # after an outage; one fresh try tells that from a portal that is really gone.
            # Safe to repeat: every request that changes something carries its idempotency key.
            if (
                e.msg_id != "sync.link.unreachable"
                or time.monotonic() - started > 0.5
                or self._adapter.aborted
            ):
                raise
            try:
                reply = self._exchange(*args, unsigned_refusals, headers)
            except LinkDown as again:
                # If the first try may have reached the portal, say so: the caller must then
                # treat the request as in doubt (e.g. void a ticket the portal may have numbered).
                raise (e if e.reached and not again.reached else again) from None
        if signed and reply.status == 401 and reply.problem_name == "stale-timestamp":
            # Our clock is off by more than the window: take the portal's and sign again.
            portal_time = reply.problem().get("portal_time")
            if isinstance(portal_time, int | float):
                self.offset = float(portal_time) - self.wall()
            reply = self._exchange(*args, False, headers)
        return reply

    def _exchange(
        self,
        method: str,
        path: str,
        body: bytes | None,
        key: str | None,
        signed: bool,
        wait: float = 0.0,
        answer_secret: bytes | None = None,
        unsigned_refusals: bool = False,
        extra: Mapping[str, str] | None = None,
    ) -> Reply:
        headers = {"Accept": f"{protocol.JSON}, {protocol.PROBLEM_JSON}"}
        if body is not None:
            headers["Content-Type"] = protocol.JSON
        headers.update(extra or {})  # an upload's chunk: its own type and tus headers
        if key is not None:
            headers[protocol.H_IDEMPOTENCY] = key
        prepared = self.session.prepare_request(
            requests.Request(method, self.base_url + path, data=body, headers=headers)
        )
        # Every request carries a fresh nonce: the portal signs its answer over it, so an answer
        # recorded earlier and replayed by something in the middle fits no later request.
        nonce = secrets.token_hex(16)
        prepared.headers[protocol.H_NONCE] = nonce
        if signed:
            self._sign(prepared, body or b"", key or "", nonce)
        started = self.wall()
        deadline = time.monotonic() + self.timeouts.total + wait
        try:
            response = self.session.send(
                prepared,
                timeout=(self.timeouts.connect, self.timeouts.read + wait),
                stream=True,
                allow_redirects=False,
            )
            try:
                data = read_until(response, deadline)
            finally:
                response.close()
        except requests.exceptions.SSLError as e:
            raise LinkDown("sync.link.tls", needs_it=True, error=first_line(e)) from None
        except requests.exceptions.ConnectTimeout:
            raise LinkDown("sync.link.timeout", reached=False) from None
        except requests.exceptions.Timeout:
            raise LinkDown("sync.link.timeout", reached=True) from None
        except requests.exceptions.ConnectionError as e:
            raise LinkDown("sync.link.unreachable", reached=maybe_reached(e)) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError):
            raise LinkDown("sync.link.reset", reached=True) from None
        reply = Reply(response.status_code, response.headers, data)
        refusal = unsigned_refusals and 400 <= reply.status < 500
        if answer_secret is not None and not (refusal and not signature_of(reply)):
            key_id = self.key.key_id if signed and self.key is not None else "enrol"
            reply = believe(reply, answer_secret, key_id, path, nonce, key or "")
        # The portal's clock is learnt from its own (signed) word only.
        if answer_secret is not None or not signed:
            self._learn_clock(response.headers.get(protocol.H_PORTAL_TIME), started)
        return reply

    def _sign(self, prepared: requests.PreparedRequest, body: bytes, key: str, nonce: str) -> None:
        if self.key is None:
            raise LinkDown("sync.link.not_enrolled", needs_it=True)
        timestamp = round(self.wall() + (self.offset or 0.0))
        message = protocol.string_to_sign(
            str(prepared.method), str(prepared.path_url), timestamp, nonce, body, key
        )
        prepared.headers[protocol.H_KEY_ID] = self.key.key_id
        prepared.headers[protocol.H_TIMESTAMP] = str(timestamp)
        prepared.headers[protocol.H_NONCE] = nonce
        prepared.headers[protocol.H_SIGNATURE] = protocol.sign(self.key.secret, message)

    def _learn_clock(self, header: str | None, started: float) -> None:
        try:
            portal = float(header) if header else None
        except ValueError:
            portal = None
        if portal is not None:
            self.offset = portal - (started + self.wall()) / 2

    @property
    def clock_skew(self) -> float | None:
        """Seconds the portal is ahead of this terminal (negative: behind)."""
        return self.offset

    # --- what the link failing looks like ---------------------------------------

    # Statuses about the link or the set-up, never about one row (sync/link/answers.py).
    raise_for_link = staticmethod(_raise_for_link)

    # --- the operations ---------------------------------------------------------

    def portal_time(self) -> float:
        """The portal's clock. Enrolled, in a signed answer: proof the portal itself is there
        now; before enrolment (a TLS check) only a reading, that settles nothing."""
        reply = self.send("GET", protocol.PATH_TIME, signed=self.key is not None)
        self.raise_for_link(reply)
        data = reply.json()
        if not isinstance(data, dict) or not isinstance(data.get("portal_time"), int | float):
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        return float(data["portal_time"])

    def enrol(self, code: str, terminal_id: str, hall: str, request_key: str) -> dict[str, Any]:
        """Spend the one-time code on this terminal's key. Neither the code nor the secret
        travels: the request proves it holds the code's key, the answer (signed with it)
        carries a salt, and the secret is derived here from both (protocol.terminal_secret).
        Returns the answer with ``secret`` (base64url) filled in."""
        code_key = protocol.enrol_key(code, terminal_id, hall)
        proof = protocol.enrol_proof(code_key, request_key)
        body = protocol.canonical_json({"terminal_id": terminal_id, "hall": hall, "proof": proof})
        reply = self.send(
            "POST",
            protocol.PATH_ENROL,
            body,
            idempotency_key=request_key,
            signed=False,
            answer_secret=protocol.enrol_answer_secret(code_key),
            # A refusal cannot be signed (the portal does not know which code was meant);
            # believing one costs nothing but a retry, so it is taken unsigned.
            unsigned_refusals=True,
        )
        if reply.status == 403:
            raise EnrolRefused("enrol.code_refused")
        if reply.status == 429:
            from sync.errors import retry_after

            seconds = retry_after(reply.headers.get("Retry-After"))
            raise EnrolRefused("enrol.throttled", minutes=max(1, -(-seconds // 60)))
        if reply.status in (409, 422):
            raise EnrolRefused("enrol.refused", problem=reply.problem_name)
        self.raise_for_link(reply)
        data = reply.json()
        if (
            reply.proof is None
            or reply.status != 201
            or not isinstance(data, dict)
            or not isinstance(data.get("key_id"), str)
            or not isinstance(data.get("salt"), str)
            or data.get("terminal_id") != terminal_id
        ):
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        secret = protocol.terminal_secret(code_key, data["salt"], data["key_id"])
        return {**data, "secret": base64.urlsafe_b64encode(secret).decode()}

    def push_batch(self, items: Sequence[tuple[str, str]]) -> list[Outcome]:
        """Cases as (idempotency key, stored body text); the bodies go as stored, byte for byte."""
        parts = [
            '{"idempotency_key":' + json.dumps(key) + ',"case":' + body + "}" for key, body in items
        ]
        by_key, proof = self._batch(protocol.PATH_CASES_BATCH, parts, "idempotency_key")
        return [outcome_of(key, by_key.get(key), proof, names_case) for key, _ in items]

    def _batch(
        self, path: str, parts: Sequence[str], key_field: str
    ) -> tuple[dict[Any, Any], AnswerProof | None]:
        """POST ``{"items": [...]}`` built from stored JSON texts; the answer's results by
        ``key_field``, and the signed answer they came in. The whole batch refused (4xx about
        its envelope) is BatchNotTaken."""
        payload = ('{"items":[' + ",".join(parts) + "]}").encode()
        reply = self.send("POST", path, payload)
        if reply.status in (400, 413, 415, 422):
            raise BatchNotTaken(reply.status, reply.proof)
        self.raise_for_link(reply)
        data = reply.json()
        results = data.get("results") if isinstance(data, dict) else None
        if reply.status != 200 or not isinstance(results, list):
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        return {r.get(key_field): r for r in results if isinstance(r, dict)}, reply.proof

    def push_one(self, path: str, key: str, body: str) -> Outcome:
        """One row to ``path``: Taken only on a signed 200/201 that names this row."""
        reply = self.send("POST", path, body.encode(), idempotency_key=key)
        if 400 <= reply.status < 500 and reply.status not in (401, 403, 404, 405, 408, 429):
            return Refused(key, reply.status, reply.problem(), reply.proof)
        self.raise_for_link(reply)
        answer = reply.json()
        if reply.status not in (200, 201) or not acknowledgement_for(path)(key, answer):
            raise LinkDown("sync.link.wrong_ack", reached=True, status=reply.status)
        replayed = reply.headers.get(protocol.H_REPLAYED, "") == "true"
        return Taken(key, answer, replayed, reply.proof)

    def changes(
        self, after: int, limit: int, *, topic: str | None = None, wait: int = 0
    ) -> dict[str, Any]:
        """A page of the feed; ``topic`` narrows it, ``wait`` lets the portal hold it for news."""
        query = f"after={after}&limit={limit}"
        query += (f"&topic={topic}" if topic else "") + (f"&wait={wait}" if wait else "")
        reply = self.send("GET", f"{protocol.PATH_CHANGES}?{query}", wait=wait)
        if reply.status == 400:
            raise LinkDown("sync.link.portal_error", reached=True, status=reply.status)
        self.raise_for_link(reply)
        page = reply.json()
        ok = (
            isinstance(page, dict)
            and isinstance(page.get("changes"), list)
            and isinstance(page.get("last_seq"), int)
            and isinstance(page.get("more"), bool)
            and all(
                isinstance(c, dict) and isinstance(c.get("seq"), int) and "kind" in c
                for c in page["changes"]
            )
        )
        if not ok:
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        return dict(page)

    def queue_merge(self, items: Sequence[tuple[str, str]]) -> list[Outcome]:
        """Offline tickets as (ticket id, stored body text), sent as stored, byte for byte."""
        parts = [body for _, body in items]
        by_key, proof = self._batch(protocol.PATH_QUEUE_MERGE, parts, "ticket_id")
        outcomes = []
        for key, _ in items:
            r = by_key.get(key)
            # Read as a batch of cases is: the ticket is this item's receipt.
            item = r and ({"receipt": r.get("ticket"), "idempotency_key": key} | r)
            outcomes.append(outcome_of(key, item, proof, names_ticket))
        return outcomes

    def case_status(self, reference: str, id_last4: str) -> dict[str, Any] | None:
        """Where a case is, asked for a citizen at a kiosk; None: the portal has no such case
        for this last four (a wrong receipt and a wrong last four answer alike)."""
        from sync.errors import LookupThrottled, retry_after

        body = protocol.canonical_json({"receipt_no": reference, "id_last4": id_last4})
        reply = self.send("POST", protocol.PATH_CASE_STATUS, body)
        if reply.status == 404 and reply.problem_name == "case-not-found":
            return None
        if reply.status == 429:
            # Too many misses for this receipt or this kiosk: the citizen is told to wait.
            raise LookupThrottled(retry_after(reply.headers.get("Retry-After")))
        if reply.status == 422:
            # The terminal checks both values first: a refusal means the two ends disagree.
            raise LinkDown("sync.link.portal_error", reached=True, status=reply.status)
        self.raise_for_link(reply)
        data = reply.json()
        if (
            reply.status != 200
            or not isinstance(data, dict)
            or not isinstance(data.get("state"), str)
            or not isinstance(data.get("receipt_no"), str)
        ):
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        return dict(data)

    def catalogue(self, version: str) -> object | None:
        """A published catalogue's document, as the portal sent it (checked by the caller);
        None when the portal itself says it has none for that version."""
        reply = self.send("GET", f"{protocol.PATH_CATALOGUES}/{quote(version, safe='')}")
        if reply.status == 404 and reply.problem_name == "not-found":
            return None
        self.raise_for_link(reply)
        if reply.status != 200:
            raise LinkDown("sync.link.portal_error", reached=True, status=reply.status)
        data = reply.json()
        if not isinstance(data, dict) or "document" not in data:
            raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
        document: object = data["document"]
        return document
