"""The wire protocol both ends share: paths, headers, signing, canonical JSON, problem types.

docs/portal-api.yaml is the contract; this module is the one place the
terminal and the reference portal take its constants from, so they cannot
drift apart silently (tests/sync/test_openapi.py checks the portal's answers
against the file).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from terminal.hall.model import ACTIONS

API = "/api/v1"
PATH_TIME = f"{API}/time"
PATH_ENROL = f"{API}/enrol"
PATH_CASES = f"{API}/cases"
PATH_CASES_BATCH = f"{API}/cases/batch"
PATH_CASE_STATUS = f"{API}/cases/status"  # a citizen's question at a kiosk
PATH_HALL_CASE = f"{API}/cases/hall-case"  # a case of the hall for another counter
PATH_RESULTS_LOOKUP = f"{API}/results/lookup"  # results ready for a card (出件, issue 16)
PATH_CHANGES = f"{API}/changes"
PATH_ECERTS = f"{API}/ecerts/lookup"
PATH_RATINGS = f"{API}/ratings"
PATH_FOLLOWUPS = f"{API}/followups"  # a step of a 差评 follow-up (sync/portal/followups.py)
PATH_CATALOGUES = f"{API}/catalogues"  # /{version}: a published catalogue's document
PATH_CALENDARS = f"{API}/calendars"  # /{version}: a published working-day calendar
PATH_QUEUE_TICKETS = f"{API}/queue/tickets"
PATH_QUEUE_MERGE = f"{API}/queue/merge"
PATH_QUEUE_HELP = f"{API}/queue/help"  # a kiosk's call for a clerk (/{help_id}/{action})
# The terminal's journal head, anchored at the portal (sync/journal_anchor.py, sync/portal/anchor.py).
PATH_JOURNAL_HEAD = f"{API}/journal/head"
# What each terminal runs and has (sync/heartbeat/); the portal keeps the latest (sync/portal/fleet.py).
PATH_HEARTBEAT = f"{API}/heartbeat"
# Each terminal's daily roll-ups; the hall's sums read back (sync/figures.py, sync/portal/hall_figures.py).
PATH_FIGURES = f"{API}/figures"
# Attachments (issue 15): tus-like resumable uploads, one per file, named by its SHA-256.
PATH_UPLOADS = f"{API}/uploads"
H_UPLOAD_OFFSET = "Upload-Offset"
H_UPLOAD_LENGTH = "Upload-Length"
H_UPLOAD_CHECKSUM = "Upload-Checksum"  # tus checksum extension: "sha256 <base64 digest>"
H_TUS_RESUMABLE = "Tus-Resumable"
# On the chunk that ends the file: complete it in the same request (as the IETF's resumable
# uploads draft says it, a structured-field boolean), sparing the completion's round trip.
H_UPLOAD_COMPLETE = "Upload-Complete"
TUS_VERSION = "1.0.0"
OFFSET_OCTET_STREAM = "application/offset+octet-stream"
QUEUE_ACTIONS = tuple(ACTIONS)  # the moves a ticket can make (terminal/hall/model.py)
# A long-polling pull waits at most this long for a change (a hall display's feed).
MAX_WAIT_SECONDS = 25


def path_call_next(window: int) -> str:
    return f"{API}/queue/windows/{window}/call-next"


def path_upload(sha256: str) -> str:
    return f"{PATH_UPLOADS}/{sha256}"


def path_case_events(case_id: str) -> str:
    """A counter's event on a case it pushed: 补正后受理, 撤回, 作废, 更正 (issue 14)."""
    return f"{PATH_CASES}/{case_id}/events"


def path_case_handover(case_id: str) -> str:
    """A counter hands a case's result over (出件): the portal decides who takes it."""
    return f"{PATH_CASES}/{case_id}/handover"


def path_case_mailing(case_id: str) -> str:
    """A counter mails a case's result: the portal's courier gives the waybill."""
    return f"{PATH_CASES}/{case_id}/mailing"


def path_case_attachments(case_id: str) -> str:
    """What the portal holds of a case's attachments, and which it still lacks."""
    return f"{PATH_CASES}/{case_id}/attachments"


def chunk_key(sha256: str, offset: int) -> str:
    """A chunk's Idempotency-Key: the signature covers it, so the file and the offset a
    chunk is written at cannot be changed on the way (Upload-Offset alone is not signed)."""
    return f"{sha256}@{offset}"


def chunk_checksum(data: bytes) -> str:
    """tus's Upload-Checksum value for a chunk."""
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def path_ticket(ticket_id: str) -> str:
    """A ticket's public status: the URL in the QR code printed on it."""
    return f"{PATH_QUEUE_TICKETS}/{ticket_id}"


def path_ticket_action(ticket_id: str, action: str) -> str:
    return f"{PATH_QUEUE_TICKETS}/{ticket_id}/{action}"


CASE_FORMAT = "tongban.case/1"
RATING_FORMAT = "tongban.rating/1"
HEARTBEAT_FORMAT = "tongban.heartbeat/1"
FIGURES_FORMAT = "tongban.figures/1"

# Request headers of a signed request.
H_KEY_ID = "Tongban-Key-Id"
H_TIMESTAMP = "Tongban-Timestamp"
H_NONCE = "Tongban-Nonce"
H_SIGNATURE = "Tongban-Signature"
H_IDEMPOTENCY = "Idempotency-Key"
# Response headers: the portal's clock on every answer (skew is measured, never trusted
# from the terminal), and the mark on an answer replayed for a repeated key.
H_PORTAL_TIME = "Tongban-Portal-Time"
H_REPLAYED = "Idempotent-Replayed"
# The portal's signature on its answer (see answer_to_sign): only a signed answer is the
# portal's word; anything else (a captive portal, a gateway's "200 {code: 503}", a proxy's
# 409) is something else answering, and settles nothing.
H_ANSWER_SIGNATURE = "Tongban-Answer-Signature"

PROBLEM_JSON = "application/problem+json"
JSON = "application/json"
SIGNATURE_SCHEME = "TONGBAN-HMAC-SHA256"
ANSWER_SCHEME = "TONGBAN-ANSWER-HMAC-SHA256"
DEFAULT_WINDOW_SECONDS = 300
MAX_BATCH = 500
MAX_BODY_BYTES = 16 * 1024 * 1024

# Portal case states, as the changes feed and the push answers name them.
PORTAL_STATES = (
    "received",
    "in_progress",
    "completed",
    "not_approved",
    "withdrawn",
    "conflict",
    "voided",
)


def problem_type(name: str) -> str:
    """The URI naming a problem kind (RFC 9457 ``type``)."""
    return f"urn:tongban:problem:{name}"


def problem_name(type_uri: str) -> str:
    prefix = "urn:tongban:problem:"
    return type_uri[len(prefix) :] if type_uri.startswith(prefix) else type_uri


def canonical_json(value: Any) -> bytes:
    """One byte string per value: the form outbox bodies are stored in, and hashed in."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(
    method: str,
    path: str,
    timestamp: int,
    nonce: str,
    body: bytes,
    idempotency_key: str = "",
) -> bytes:
    """What the HMAC covers: a request cannot be moved to another path, time, key or body."""
    return "\n".join(
        [
            SIGNATURE_SCHEME,
            method.upper(),
            path,
            str(timestamp),
            nonce,
            idempotency_key,
            body_sha256(body),
        ]
    ).encode()


def answer_to_sign(
    nonce: str, idempotency_key: str, status: int, portal_time: str, body: bytes
) -> bytes:
    """What the portal's answer signature covers. The request's nonce ties the answer to this
    one request (an old answer replayed does not fit a new request), the idempotency key to
    the row it settles; status, the portal's clock and the body's digest to what it says."""
    return "\n".join(
        [ANSWER_SCHEME, nonce, idempotency_key, str(status), portal_time, body_sha256(body)]
    ).encode()


# Enrolment never sends the one-time code, and never sends the terminal's secret: a box
# that terminates TLS on the way (a gateway, an inspecting proxy) sees neither. Both ends
# derive a key from the code (slowly, so a short code read off the wire cannot be guessed
# offline quickly); the request proves it holds that key, the answer is signed with it,
# and the terminal's secret is derived from it and a salt the portal chooses.
ENROL_SCRYPT_N = 2**14  # about 80 ms here, 16 MiB: once per enrolment on each side


def enrol_key(code: str, terminal_id: str, hall: str) -> bytes:
    salt = "\n".join(["tongban-enrol", terminal_id, hall]).encode()
    return hashlib.scrypt(
        code.encode(), salt=salt, n=ENROL_SCRYPT_N, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32
    )


def enrol_proof(key: bytes, idempotency_key: str) -> str:
    """Proof of holding the code's key, for this one enrolment request (its key)."""
    return sign(key, b"tongban-enrol-proof\n" + idempotency_key.encode())


def enrol_answer_secret(key: bytes) -> bytes:
    """What an enrolment answer is signed with (see answer_to_sign)."""
    return hmac.new(key, b"tongban-enrol-answer", hashlib.sha256).digest()


def terminal_secret(key: bytes, salt: str, key_id: str) -> bytes:
    """The terminal's signing secret, derived on both ends from the code's key and the
    portal's salt: it never travels."""
    return hmac.new(
        key, f"tongban-terminal-secret\n{salt}\n{key_id}".encode(), hashlib.sha256
    ).digest()


def sign(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signature_matches(secret: bytes, message: bytes, offered: str) -> bool:
    return hmac.compare_digest(sign(secret, message), offered)
