"""A case's whole life in the hall (issue 16), end to end on the reference portal: applied with a
signed 告知承诺 at window 1 → finished by the department and its result published → the card at
the kiosk finds it ready → an agent with the 委托书 stands at two windows' counters at once (a
clumsy queue call): exactly one window hands it over, the other is told who did and records
nothing → the portal shows it collected by that window, with the agent and the signature hashes."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path

from sync.attachments.upload import UploadSettings
from sync.cases.results import Handed, ResultRefused, hand_over_here, ready_for
from sync.portal import RunningPortal
from terminal import handover, signatures
from terminal.attachments.files import put_file
from terminal.attachments.model import Attachment
from terminal.casebook import record_decision
from terminal.cases import Applicant, Capture, Decision, MaterialsGiven, decide
from terminal.cases import Handed as HandedMaterial
from terminal.catalogue import Catalogue
from terminal.handover import collector_of
from terminal.identity import DocumentKind
from terminal.pledges import Pledge
from terminal.store import Store, open_store
from terminal.workdays import default_calendar

from .conftest import Terminal
from .helpers import AT, TERMINAL, Admin, client_for, invented_id
from .signing import signed
from .test_attachments import drain_files
from .test_hall_case import _counter

TEXT = "告知承诺书\n本人承诺：所填居住地址真实。（示例）"
LETTER = "9a" * 32  # the 委托书 captured at the counter (its hash)


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
    tmp_path: Path,
) -> None:  # fmt: skip
    number = invented_id(61)
    case_id = _apply_with_a_promise(terminal, mini_catalogue, number)
    for state in ("in_progress", "completed"):
        admin.set_state(case_id, state)
    admin.post(f"/admin/cases/{case_id}/result", {"items": [{"code": "JZZ", "name": "居住证"}]})
    _, kiosk_key = _counter(tmp_path, portal, "XH-K01", kind="kiosk")
    (ready,) = ready_for(client_for(kiosk_key), number)  # the card at the kiosk: ready
    assert ready["case_id"] == case_id and ready["state"] == "ready"
    agent = collector_of("", "代领人", invented_id(62), from_card=True, relation="parent",
                         letter_sha256=LETTER)  # fmt: skip
    signature = signed(invented_id(62), ready["receipt_no"])  # the agent's, on the pad
    windows: dict[str, tuple[Store, object]] = {}
    for terminal_id in ("XH-W02", "XH-W03"):
        store, key = _counter(tmp_path, portal, terminal_id)
        windows[terminal_id] = (store, key)
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
