"""Shared by the attachment tests and bench/upload_attachments.py: cases with invented files."""

from __future__ import annotations

import hashlib
import random
import uuid
from pathlib import Path

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
