"""A case's whole life in the hall (issue 16), end to end on the reference portal: applied with a
signed 告知承诺 at window 1 → finished by the department and its result published → the card at
the kiosk finds it ready → an agent with the 委托书 stands at two windows' counters at once (a
clumsy queue call): exactly one window hands it over, the other is told who did and records
nothing → the portal shows it collected by that window, with the agent and the signature hashes
→ the 委托书 the winner captured goes up through a link cut mid-file, once, and the portal holds
it under the hash its handover names → a week on, the winner still has it (listed with the
handover) and the loser's copy, which justified nothing, is swept."""

from __future__ import annotations

import hashlib
import json
import random
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests

from sync.attachments import wire
from sync.attachments.upload import UploadProgress, UploadSettings
from sync.cases.results import Handed, ResultRefused, hand_over_here, ready_for
from sync.engine import sync_once
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal import handover, signatures
from terminal.attachments import files
from terminal.attachments.files import put_file
from terminal.attachments.letters import LETTER_MATERIAL
from terminal.attachments.model import Attachment
from terminal.attachments.unlisted import sweep_unlisted
from terminal.casebook import record_decision
from terminal.cases import Applicant, Capture, Decision, MaterialsGiven, decide
from terminal.cases import Handed as HandedMaterial
from terminal.catalogue import Catalogue
from terminal.clock import now
from terminal.handover import collector_of
from terminal.identity import DocumentKind
from terminal.pledges import Pledge
from terminal.store import Store, open_store
from terminal.workdays import default_calendar

from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import AT, TERMINAL, Admin, client_for, invented_id
from .signing import signed
from .test_attachments import drain_files
from .test_hall_case import _counter

TEXT = "告知承诺书\n本人承诺：所填居住地址真实。（示例）"
# The 委托书 as the capture dialog stores it: a PDF of a few hundred kB (invented bytes).
LETTER_PDF = b"%PDF-1.4 invented letter\n" + random.Random(62).randbytes(200_000)
LETTER = hashlib.sha256(LETTER_PDF).hexdigest()
CHUNK = 16 * 1024


def _apply_with_a_promise(terminal: Terminal, cat: Catalogue, number: str) -> str:
    folder = terminal.data_dir / "attachments"
    envelope = signatures.make_envelope(
        [[(10.0, 10.0, 0, None), (200.0, 90.0, 40, None)]], document=TEXT.encode(),
        document_title="告知承诺书", purpose="promise",
        signer=signatures.Signer.from_card(number, None), terminal_id=TERMINAL, at=AT,
    )  # fmt: skip
    data = signatures.to_bytes(envelope)
    sha = put_file(folder, data)
    given = MaterialsGiven(
        handed={c: HandedMaterial(1, 2) for c in ("CL-SFZ", "CL-ZP")},
        pledges={"CL-ZLHT": Pledge(sha, envelope["hash"], date(2027, 1, 20))},
    )
    capture = Capture(
        str(uuid.uuid4()), "T-GA-JZZ", Applicant(DocumentKind.RESIDENT_ID, "测试", number),
        {"first": "yes", "agent": "no"},
        {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}, given,
        (Attachment("CL-ZLHT", sha, 1, len(data), "test.clerk", AT.isoformat()),),
    )  # fmt: skip
    decided = decide(cat, capture, Decision.ACCEPTED, received_at=AT, calendar=default_calendar())
    with terminal.store.write():
        record_decision(terminal.store.conn, decided, terminal_id=TERMINAL, clerk="w", at=AT)
    drain_files(terminal.store, client_for(terminal.key),
                attachments=UploadSettings(folder, chunk_bytes=64 * 1024))  # fmt: skip
    return capture.case_id


def test_a_promise_to_a_result_collected_by_an_agent_at_exactly_one_window(
    terminal: Terminal, portal: RunningPortal, admin: Admin, mini_catalogue: Catalogue,
    proxy: FaultProxy, tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(61)
    case_id = _apply_with_a_promise(terminal, mini_catalogue, number)
    for state in ("in_progress", "completed"):
        admin.set_state(case_id, state)
    admin.post(f"/admin/cases/{case_id}/result", {"items": [{"code": "JZZ", "name": "居住证"}]})
    _, kiosk_key = _counter(tmp_path, portal, "XH-K01", kind="kiosk")
    (ready,) = ready_for(client_for(kiosk_key), number)  # the card at the kiosk: ready
    assert ready["case_id"] == case_id and ready["state"] == "ready"
    # The 委托书, captured at each counter the agent stands at (the capture dialog stores it).
    letter = Attachment(LETTER_MATERIAL, LETTER, 1, len(LETTER_PDF), "zhao", AT.isoformat())
    agent = collector_of("", "代领人", invented_id(62), from_card=True, relation="parent",
                         letter=letter)  # fmt: skip
    signature = signed(invented_id(62), ready["receipt_no"])  # the agent's, on the pad
    windows: dict[str, tuple[Store, object]] = {}
    for terminal_id in ("XH-W02", "XH-W03"):
        store, key = _counter(tmp_path, portal, terminal_id)
        windows[terminal_id] = (store, key)
        assert put_file(tmp_path / terminal_id / "attachments", LETTER_PDF) == LETTER
    outcomes: dict[str, Handed | Exception] = {}
    start = threading.Barrier(2)

    def window(terminal_id: str) -> None:
        store_path = tmp_path / terminal_id / "tongban.db"
        store = open_store(store_path)  # this thread's own connection, as the sync worker's
        try:
            start.wait()
            outcomes[terminal_id] = hand_over_here(
                store, client_for(windows[terminal_id][1]), case_id, ready["receipt_no"],  # type: ignore[arg-type]
                collector=agent, items=["JZZ"], signature=signature,
                terminal_id=terminal_id, clerk="zhao", at=AT + timedelta(days=30),
                handover_id=f"h-{terminal_id}",
            )  # fmt: skip
        except Exception as e:
            outcomes[terminal_id] = e
        finally:
            store.close()

    threads = [threading.Thread(target=window, args=(t,)) for t in windows]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [t for t, o in outcomes.items() if isinstance(o, Handed)]
    lost = [t for t, o in outcomes.items() if isinstance(o, ResultRefused)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    refused = outcomes[lost[0]]
    assert isinstance(refused, ResultRefused) and refused.params["handed_by"] == won[0]
    assert handover.handed(windows[won[0]][0].conn, case_id) is not None
    assert handover.handed(windows[lost[0]][0].conn, case_id) is None  # nothing recorded there
    with portal.portal.db.read() as conn:
        state, by, body = conn.execute(
            "SELECT state, handed_by, handover FROM results WHERE case_id = ?", (case_id,)
        ).fetchone()
    assert (state, by) == ("collected", won[0])
    assert LETTER in body and invented_id(62) in body
    kept = json.loads(body)["signature"]  # the envelope itself, the proof, at the portal
    assert signatures.verify(kept["envelope"], kept["text"].encode(), signature["envelope"]["hash"])
    assert ready_for(client_for(kiosk_key), number) == []  # nothing left at the kiosk
    _the_letter_goes_up_once_through_a_cut(portal, proxy, windows, won[0], case_id)
    with pytest.raises(wire.UploadRefused):  # no handover of the loser's names that letter
        wire.create(client_for(windows[lost[0]][1]), LETTER, len(LETTER_PDF), case_id)  # type: ignore[arg-type]
    # A week on (draft_keep_days), the unlisted scans are swept: the winner's letter is listed
    # with its handover and stays; the loser's justified nothing and goes (terminal/attachments/
    # letters.py says why).
    week_on = now() + timedelta(days=8)
    for terminal_id, kept_there in ((won[0], True), (lost[0], False)):
        folder = tmp_path / terminal_id / "attachments"
        sweep_unlisted(windows[terminal_id][0], folder, keep_days=7, terminal_id=terminal_id,
                       at=week_on)  # fmt: skip
        assert files.path_of(folder, LETTER).exists() is kept_there, terminal_id


def _the_letter_goes_up_once_through_a_cut(
    portal: RunningPortal, proxy: FaultProxy, windows: dict[str, tuple[Store, object]],
    won: str, case_id: str,
) -> None:  # fmt: skip
    """The winner's sync sends the letter; the link is cut after the portal took a chunk whose
    answer never came back. The next pass resumes: every byte written once, one file, whose
    hash is the one the handover names; the back office finds it under the case."""
    store, key = windows[won]
    client = client_for(key, proxy.url)  # type: ignore[arg-type]
    settings = UploadSettings(store.path.parent / "attachments", chunk_bytes=CHUNK)
    cut: list[int] = []
    proxy.recording = True

    def cut_once(progress: UploadProgress) -> None:
        if progress.current == LETTER and progress.current_offset >= 2 * CHUNK and not cut:
            cut.append(progress.current_offset)
            proxy.then(Fault.RESET_AFTER_COMMIT)  # the next exchange: taken, its answer lost

    passes = [sync_once(store, client, terminal=won, attachments=settings,
                        upload_progress=cut_once) for _ in range(2)]  # fmt: skip
    while passes[-1].status.attachments_waiting:
        assert len(passes) < 50, passes[-1]
        passes.append(sync_once(store, client, terminal=won, attachments=settings))
    assert cut and proxy.applied[Fault.RESET_AFTER_COMMIT] == 1
    # The chunk cut after the portal took it was sent again and told where the portal stood
    # (409, its offset), never written twice; every other chunk went once.
    chunks = -(-len(LETTER_PDF) // CHUNK)
    answers = [a.split(b" ", 2)[1] for r, a in proxy.exchanges if r.startswith(b"PATCH ")]
    assert sorted(answers) == [b"200"] * (chunks - 1) + [b"409"], answers
    held = taken(portal.portal)
    assert held[LETTER] == {"length": len(LETTER_PDF), "taken": len(LETTER_PDF), "restarts": 0,
                            "complete": 1}  # fmt: skip
    with portal.portal.db.read() as conn:
        (handover_body,) = conn.execute(
            "SELECT handover FROM results WHERE case_id = ?", (case_id,)
        ).fetchone()
    named = json.loads(handover_body)["collector"]["letter_sha256"]
    http = requests.Session()
    http.trust_env = False
    served = http.get(f"{portal.url}/admin/attachments/{named}", timeout=10)
    assert served.status_code == 200 and served.content == LETTER_PDF
    assert hashlib.sha256(served.content).hexdigest() == named == LETTER
    listed = http.get(f"{portal.url}/admin/cases/{case_id}/attachments", timeout=10).json()
    assert {"sha256": LETTER, "size": len(LETTER_PDF), "material": LETTER_MATERIAL,
            "exists": True} in listed["attachments"]  # fmt: skip
    state = store.conn.execute(
        "SELECT state FROM attachment_uploads WHERE sha256 = ?", (LETTER,)
    ).fetchone()
    assert state[0] == "confirmed"
