"""A signed 告知承诺 reaches the portal with its case (issue 16): the case body names the
promise (envelope, hash, 核查 day) and the envelope goes up as one of the case's attachments,
whole, through the same resumable upload the scans use; the portal's copy still verifies."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sync.attachments.upload import UploadSettings
from sync.portal import RunningPortal
from terminal import casebook, signatures
from terminal.attachments.files import put_file
from terminal.attachments.model import Attachment
from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide
from terminal.catalogue import Catalogue
from terminal.identity import DocumentKind
from terminal.pledges import Pledge
from terminal.workdays import default_calendar

from .conftest import Terminal
from .helpers import AT, TERMINAL, client_for, invented_id
from .test_attachments import _http, drain_files

TEXT = "告知承诺书\n本人承诺：所填居住地址真实。（示例）"


def test_the_envelope_goes_up_with_its_case_and_still_verifies_there(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    number = invented_id(1)
    envelope = signatures.make_envelope(
        [[(10.0, 10.0, 0, None), (200.0, 90.0, 40, None)]],
        document=TEXT.encode(),
        document_title="告知承诺书",
        purpose="promise",
        signer=signatures.Signer.from_card(number, None),
        terminal_id=TERMINAL,
        at=AT,
    )
    data = signatures.to_bytes(envelope)
    sha = put_file(folder, data)
    pledge = Pledge(sha, envelope["hash"], date(2027, 1, 20))
    given = MaterialsGiven(
        handed={c: Handed(1, 2) for c in ("CL-SFZ", "CL-ZP")}, pledges={"CL-ZLHT": pledge}
    )
    capture = Capture(
        str(uuid.uuid4()),
        "T-GA-JZZ",
        Applicant(DocumentKind.RESIDENT_ID, "测试", number),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"},
        given,
        (Attachment("CL-ZLHT", sha, 1, len(data), "test.clerk", AT.isoformat()),),
    )
    decided = decide(
        mini_catalogue, capture, Decision.ACCEPTED, received_at=AT, calendar=default_calendar()
    )
    with terminal.store.write():
        casebook.record_decision(
            terminal.store.conn, decided, terminal_id=TERMINAL, clerk="w", at=AT
        )
    drain_files(
        terminal.store,
        client_for(terminal.key),
        attachments=UploadSettings(folder, chunk_bytes=64 * 1024),
    )
    http = _http()
    served = http.get(f"{portal.url}/admin/attachments/{sha}", timeout=10)
    assert served.status_code == 200 and served.content == data
    assert signatures.verify(
        signatures.from_bytes(served.content), TEXT.encode(), journaled_hash=envelope["hash"]
    )
    with portal.portal.db.read() as conn:
        body = json.loads(
            conn.execute("SELECT body FROM cases WHERE case_id = ?", (capture.case_id,)).fetchone()[
                0
            ]
        )
    assert body["materials"]["pledges"]["CL-ZLHT"] == {
        "envelope": sha,
        "hash": envelope["hash"],
        "verify_by": "2027-01-20",
    }
    listed = http.get(f"{portal.url}/admin/cases/{capture.case_id}/attachments", timeout=10)
    assert [a["exists"] for a in listed.json()["attachments"]] == [True]
