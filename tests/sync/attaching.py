"""Shared by the attachment tests and bench/upload_attachments.py: cases with invented files."""

from __future__ import annotations

import hashlib
import random
import uuid
from pathlib import Path

import pytest
import requests

from sync.errors import LinkDown
from sync.link.answers import Taken
from sync.link.client import PortalClient
from terminal import casebook
from terminal.attachments.files import put_file
from terminal.attachments.model import Attachment
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.store import Store
from terminal.workdays import default_calendar

from .helpers import AT, TERMINAL, invented_id

MATERIALS = ("CL-SFZ", "CL-ZP", "CL-ZLHT")


def invented_pdf(rng: random.Random, size: int) -> bytes:
    """Bytes that stand for a material's PDF: random, so no two files share a hash."""
    head = b"%PDF-1.7\n"
    return head + rng.randbytes(max(0, size - len(head)))


def record_cases_with_files(
    store: Store,
    cat: Catalogue,
    folder: Path,
    n: int,
    sizes: list[int],
    *,
    seed: int = 1,
    start: int = 0,
) -> tuple[list[str], dict[str, bytes]]:
    """``n`` accepted cases, each with one file per size (a material each), files stored the
    way capture stores them (put_file before the decision). Returns case ids and the files."""
    rng = random.Random(seed)
    given = MaterialsGiven(handed={c: Handed(1, 2) for c in MATERIALS})
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}
    ids, stored = [], {}
    for i in range(start, start + n):
        attachments = []
        for j, size in enumerate(sizes):
            data = invented_pdf(rng, size)
            sha = put_file(folder, data)
            assert sha == hashlib.sha256(data).hexdigest()
            stored[sha] = data
            attachments.append(
                Attachment(MATERIALS[j % 3], sha, 1, len(data), "test.clerk", AT.isoformat())
            )
        capture = Capture(
            str(uuid.uuid4()),
            "T-GA-JZZ",
            Applicant(DocumentKind.RESIDENT_ID, "测试", invented_id(i)),
            {"first": "yes", "agent": "no"},
            form,
            given,
            tuple(attachments),
        )
        decided = decide(
            cat, capture, Decision.ACCEPTED, received_at=AT, calendar=default_calendar()
        )
        with store.write():
            casebook.record_decision(store.conn, decided, terminal_id=TERMINAL, clerk="w", at=AT)
        ids.append(capture.case_id)
    return ids, stored


def exercise_uploads(
    store: Store, client: PortalClient, portal_url: str, cat: Catalogue, folder: Path
) -> None:
    """Every upload operation and the refusals a terminal must understand (the spec's test)."""
    from sync.attachments import wire
    from sync.link import protocol

    (case_id,), stored = record_cases_with_files(store, cat, folder, 1, [50_000], start=30)
    ((sha, data),) = stored.items()
    body = store.conn.execute("SELECT body FROM outbox WHERE case_id = ?", (case_id,)).fetchone()
    assert isinstance(client.push_one(protocol.PATH_CASES, case_id, body[0]), Taken)
    missing, held, _ = wire.missing_of(client, case_id)
    assert missing == {sha: None} and not held  # no upload of it yet
    assert wire.state_of(client, sha, len(data)) is None  # 404 upload-not-found
    stranger = "0" * 64
    with pytest.raises(wire.UploadRefused):
        wire.create(client, stranger, 10, case_id)  # 422 upload-not-listed
    assert wire.create(client, sha, len(data), case_id).offset == 0  # 201
    assert wire.create(client, sha, len(data), case_id).offset == 0  # 200: as it stands
    first = data[:20_000]
    state = wire.send_chunk(client, sha, len(data), 0, first, protocol.chunk_checksum(first))
    assert state.offset == 20_000
    again = wire.send_chunk(client, sha, len(data), 0, first, protocol.chunk_checksum(first))
    assert again.offset == 20_000  # 409 upload-offset-mismatch: the offset held
    assert wire.complete(client, sha, len(data)).complete is False  # 409 upload-incomplete
    wrong = protocol.chunk_checksum(b"other")
    with pytest.raises(LinkDown):
        wire.send_chunk(client, sha, len(data), 20_000, data[20_000:], wrong)  # 422
    assert wire.state_of(client, sha, len(data)) is not None  # 200
    rest = data[20_000:]
    wire.send_chunk(client, sha, len(data), 20_000, rest, protocol.chunk_checksum(rest))
    assert wire.complete(client, sha, len(data)).complete  # 200
    http = requests.Session()
    http.trust_env = False
    assert http.get(f"{portal_url}/admin/attachments/{sha}", timeout=5).content == data
    assert http.get(f"{portal_url}/admin/attachments/{stranger}", timeout=5).status_code == 404
    listed = http.get(f"{portal_url}/admin/cases/{case_id}/attachments", timeout=5).json()
    assert listed["attachments"][0]["exists"] is True
    assert client.send("GET", protocol.path_case_attachments(str(uuid.uuid4()))).status == 404
