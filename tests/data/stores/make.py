"""Writes tests/data/stores/vN.db: a store of every schema version, written by that version's code.

    python tests/data/stores/make.py            # every version
    python tests/data/stores/make.py 7 8        # only these

For each version, the commit below is checked out in a throwaway worktree
(/work/wt-core-old-N, removed after) and *its* code makes the store: its
``tongban init`` where that version was the newest, else ``open_store(target=N)``
of the first code that knew it (v1 and v3 were never the newest: v2 and v4
arrived in the same commits). Then its own casebook, clerks and ratings
record the same invented data, and the file is vacuumed and copied here.
Committed files are never rewritten for a version that has shipped; run
this for a new version only, then commit its file.

What each store holds (invented people; valid checksummed test ID numbers):
- the clerk ``test.clerk`` (password ``correct horse``) and the journal of it all;
- v2 on: case A accepted (outbox row sent, portal number bound, case in progress),
  case B needs correction (outbox row pending after two failed tries),
  case C rejected (outbox row quarantined with its reason), and a draft;
- v4 on: a counter rating of case A (its outbox row pending);
- v6 on: a kiosk rating of a case another counter holds;
- v10 on: case A lists one captured material's file (its upload pending);
- v12 on: a kiosk's 非常不满意 of another counter's case, and its open 差评 follow-up;
- v14 on: a ticket taken, called and served at window 3 (its events and roll-ups; the
  cases' events came with them);
- v15 on: another counter's case handed over here to an agent, the 委托书 listed with the
  handover (its upload pending).
Sync's outbox states are written with SQL as the sync of that time left them:
this script has no portal, so a v8+ "signed answer" is an invented one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
# version: (commit whose code writes it, target: None = that commit's newest, made by init)
SOURCES: dict[int, tuple[str, int | None]] = {
    1: ("6b6e5e9999ae1e41df636133e0c2e4bc0d34ce90", 1),  # foundation (v2 came with it)
    2: ("9a59d6bdd95bc45a5dc3138cedaca1848e1ee0e8", None),  # last commit with v2 newest
    3: ("d4d637d28d83b7888466b2218bd1b9a0de49462b", 3),  # first code with v3 (and v4)
    4: ("6d50dd70cb963944aa90556ffa4fd35a25eb8dbd", None),
    5: ("6ff50aa5284315997f9248f3bf5e5611873dc72d", None),
    6: ("b1a19f8469a9d97c42c68289369ea6e49306ed3c", None),
    7: ("df533a6b22a67349b6152c7230520fe28b585485", None),
    8: ("61dffb1ac54666df97569f16317db2f95a307a87", None),
    9: ("f750e8f7c15e80cced20cc14e7b3745b6d22dace", None),
    10: ("ba6e066c5eb73ed502db1b2b794a9406ec71499a", None),  # branch upload (issue 15)
    11: ("d80bf0071dd19206c3345ea4b5bcbbd26a57a9bc", None),  # merge of upload and kiosk
    # branch followup (issue 17): followups
    12: ("4b01ce868958834f0676bcb389f9a12e8204893f", None),
    # merge of calendar (issue 17): portal_calendars, after followup's v12
    13: ("9af77294262d702865174132f024d3ee4b8f01e9", None),
    # branch events17 (issue 17): events and their daily roll-ups
    14: ("4364dc6ab242505c8f9a6497bcbe85aeb9dde409", None),
    # branch proxy7 (issue 16): the 委托书 of a handover listed, uploads not tied to a held case
    15: ("8a37cb3ef29e18dfeaef466c98a0d1523cd488ca", None),
}
TERMINAL = "XH-W01"
CASE_A = "5a1e0000-0000-4000-8000-00000000000a"
CASE_B = "5a1e0000-0000-4000-8000-00000000000b"
CASE_C = "5a1e0000-0000-4000-8000-00000000000c"
DRAFT = "5a1e0000-0000-4000-8000-0000000000d1"
PORTAL_NO = "SH-2026-000101"
HALL_CASE = "6d3f0c1e-8f0a-4b7e-9a51-3c2d1e0f9a8b"
HALL_CASE_2 = "6d3f0c1e-8f0a-4b7e-9a51-3c2d1e0f9a8c"
ID_1 = "11010519491231002X"  # GB 11643-1999's own example
ID_2 = "310104199003070018"


def make(version: int) -> None:
    commit, target = SOURCES[version]
    tree = Path(f"/work/wt-core-old-{version}")
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=REPO, check=True)
    try:
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            if target is None:
                init = "import sys; from terminal.cli import main; sys.exit(main())"
                argv = ["--data-dir", data, "init", "--terminal-id", TERMINAL]
                subprocess.run([sys.executable, "-c", init, *argv], cwd=tree, env=env, check=True)
            fill = [sys.executable, str(Path(__file__).resolve()), "--fill", data, str(target or 0)]
            subprocess.run(fill, cwd=tree, env=env, check=True)
            db = next(Path(data).glob("*.db"))
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA user_version").fetchone()[0] == version
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
            # Small pages make a small file; the rows and the schema are as the old code left them.
            conn.execute("PRAGMA page_size = 512")
            conn.execute("VACUUM")
            conn.close()
            shutil.copy(db, HERE / f"v{version}.db")
            print(f"v{version}.db", (HERE / f"v{version}.db").stat().st_size, "bytes, from", commit)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, check=True)


def fill(data: Path, target: int) -> None:
    """Runs with the old code on sys.path: only its own API, as it was then."""
    import inspect
    import json
    from datetime import datetime, timedelta

    from terminal import casebook, clerks, drafts, journal
    from terminal.cases import Applicant, Capture, Decision, Handed, MaterialsGiven, decide

    try:  # where the code of v1 … v13 kept it
        from terminal.cases import CaseState  # type: ignore[attr-defined]
    except ImportError:
        from terminal.case_machine import CaseState
    from terminal.catalogue import parse
    from terminal.clock import CHINA
    from terminal.identity import DocumentKind
    from terminal.store import DB_FILENAME, open_store
    from terminal.workdays import default_calendar

    path = data / DB_FILENAME
    at = datetime(2026, 11, 20, 9, 30, tzinfo=CHINA)
    if target:  # never the newest: made as its code's open_store made it, journaled as init did
        create = {"create": True} if "create" in inspect.signature(open_store).parameters else {}
        store = open_store(path, target=target, **create)
        with store.write():
            journal.append(
                store.conn,
                at=at,
                actor="system",
                terminal=TERMINAL,
                action="store.created",
                subject=TERMINAL,
            )
    else:
        store = open_store(path)
    version = store.schema_version()
    clerks.add_clerk(
        store,
        username="test.clerk",
        display_name="测试员",
        role=clerks.Role.CLERK,
        password="correct horse",
        actor="cli",
        terminal=TERMINAL,
        at=at,
    )
    if version < 2:
        store.close()
        return
    catalogue = parse(
        json.loads((Path.cwd() / "tests/data/mini_catalogue.json").read_text("utf-8")), "mini"
    )
    form = {"applicant_phone": "13800000000", "applicant_address": "上海市徐汇区测试路1号"}

    attached: dict[str, dict[str, object]] = {}
    if version >= 10:  # case A with a captured material (its file need not exist here)
        from terminal.attachments.model import Attachment

        scan = Attachment("CL-SFZ", "ab" * 32, 2, 123456, "test.clerk", at.isoformat())
        attached[CASE_A] = {"attachments": (scan,)}

    def case(
        case_id: str,
        name: str,
        id_number: str,
        decision: Decision,
        given: tuple[str, ...],
        **why: str,
    ) -> None:
        capture = Capture(
            case_id,
            "T-GA-JZZ",
            Applicant(DocumentKind.RESIDENT_ID, name, id_number),
            {"first": "yes", "agent": "no"},
            form,
            MaterialsGiven(handed={c: Handed(1, 2) for c in given}),
            **attached.get(case_id, {}),
        )
        decided = decide(
            catalogue, capture, decision, received_at=at, calendar=default_calendar(), **why
        )
        with store.write():
            casebook.record_decision(
                store.conn, decided, terminal_id=TERMINAL, clerk="test.clerk", at=at
            )

    everything = ("CL-SFZ", "CL-ZP", "CL-ZLHT")
    case(CASE_A, "测试甲", ID_1, Decision.ACCEPTED, everything)
    case(CASE_B, "测试乙", ID_2, Decision.NEEDS_CORRECTION, ("CL-SFZ",))
    case(
        CASE_C,
        "测试丙",
        ID_1,
        Decision.REJECTED,
        everything,
        reason="不属于本窗口受理范围",
        legal_basis="《行政许可法》第三十二条",
    )
    drafts.save_draft(
        store,
        DRAFT,
        terminal_id=TERMINAL,
        clerk="test.clerk",
        intake_code="T-GA-JZZ",
        payload={"applicant": {"name": "测试丁"}, "answers": {"first": "no"}},
        at=at,
    )
    later = at + timedelta(minutes=5)
    stamp = later.isoformat(timespec="seconds")
    conn = store.conn
    with store.write():
        answer: dict[str, object] = {}
        if version >= 8:  # an invented signed answer: this script has no portal
            for key, status in ((CASE_A, 201), (CASE_C, 422)):
                cur = conn.execute(
                    "INSERT INTO portal_answers (received_at, key_id, path, nonce, idempotency_key,"
                    " status, portal_time, body, signature) VALUES (?, 'k1', '/api/v1/cases', ?, ?, ?, ?, ?, ?)",
                    (stamp, "n-" + key[-2:], key, status, stamp, b"{}", "0" * 64),
                )
                answer[key] = cur.lastrowid
        sent = ", answer_id = :answer" if version >= 8 else ""
        conn.execute(
            f"UPDATE outbox SET state = 'sent', attempts = 1, sent_at = :at{sent} WHERE case_id = :case",
            {"at": stamp, "answer": answer.get(CASE_A), "case": CASE_A},
        )
        conn.execute(
            "UPDATE outbox SET attempts = 2, next_attempt_at = ?, last_error = ? WHERE case_id = ?",
            (
                (later + timedelta(minutes=2)).isoformat(timespec="seconds"),
                "connection refused",
                CASE_B,
            ),
        )
        refused = {"at": stamp, "case": CASE_C, "answer": answer.get(CASE_C)}
        extra = ""
        if version >= 3:
            extra = ", reason = :reason, problem = :problem, quarantined_at = :at"
            refused["reason"] = (
                '{"id": "sync.reason.invalid", "params": {"receipt_no": "XH-W01-20261120-0003"}}'
            )
            refused["problem"] = '{"type": "urn:tongban:problem:invalid", "status": 422}'
        if version >= 8:
            extra += ", answer_id = :answer"
        conn.execute(
            "UPDATE outbox SET state = 'quarantined', attempts = 1, last_error = 'refused by the portal'"
            f"{extra} WHERE case_id = :case",
            refused,
        )
    if hasattr(casebook, "bind_portal_number"):  # the API of v1 … v9's code
        casebook.bind_portal_number(store, CASE_A, PORTAL_NO, at=later)
        casebook.change_state(store, CASE_A, CaseState.SYNCED, actor="sync", at=later)
        casebook.change_state(store, CASE_A, CaseState.IN_PROGRESS, actor="portal", at=later)
    else:  # later code: the same steps through terminal/case_state.py
        from terminal import case_state

        with store.write():
            case_state.bind(store.conn, CASE_A, PORTAL_NO, actor="sync", at=later)
            case_state.change(store.conn, CASE_A, CaseState.SYNCED, actor="sync", at=later)
            case_state.change(store.conn, CASE_A, CaseState.IN_PROGRESS, actor="portal", at=later)
    if version >= 4:
        from terminal import ratings

        ratings.record_rating(
            store,
            CASE_A,
            4,
            "办事很快，态度很好",
            channel="counter",
            terminal=TERMINAL,
            actor="test.clerk",
            at=later,
        )
    if version >= 6:
        ratings.record_hall_rating(
            store,
            HALL_CASE,
            "XH-W02-20261120-0007",
            "0030",
            5,
            "",
            terminal="XH-K90",
            actor="kiosk",
            at=later,
        )
    if version >= 12:
        from terminal import followups

        ratings.record_hall_rating(
            store,
            HALL_CASE_2,
            "XH-W02-20261120-0008",
            "0030",
            1,
            "",
            terminal="XH-K90",
            actor="kiosk",
            at=later,
            reason="wait",
            followup=followups.rule_for((1, 2), 5, default_calendar()),
            service="T-GA-JZZ",
        )
    if version >= 14:
        from terminal import hall

        t, _ = hall.issue_local(store, group="A", window=3, terminal=TERMINAL, at=at)
        step = timedelta(minutes=7)
        hall.call_next_local(
            store, window=3, groups=["A"], terminal=TERMINAL, at=at + step, clerk="test.clerk"
        )
        hall.act_local(
            store, t.id, "finish", window=3, terminal=TERMINAL, at=at + 3 * step, clerk="test.clerk"
        )
    if version >= 15:
        from terminal import handover
        from terminal.attachments.letters import LETTER_MATERIAL
        from terminal.attachments.model import Attachment

        letter = Attachment(LETTER_MATERIAL, "cd" * 32, 1, 54321, "test.clerk", at.isoformat())
        agent = handover.collector_of(
            "", "测试戊", ID_2, from_card=True, relation="parent", letter=letter
        )
        body = {"handover_id": "h-XH-W01-1", "case_id": HALL_CASE, "items": ["JZZ"],
                "signature_sha256": "ef" * 32, "collector": agent.for_portal()}  # fmt: skip
        with store.write():
            answer_id = conn.execute(
                "INSERT INTO portal_answers (received_at, key_id, path, nonce, idempotency_key,"
                " status, portal_time, body, signature) VALUES (?, 'k1', ?, 'n-h1', ?, 201, ?, ?, ?)",
                (
                    stamp,
                    f"/api/v1/cases/{HALL_CASE}/handover",
                    "h-XH-W01-1",
                    stamp,
                    b"{}",
                    "0" * 64,
                ),
            ).lastrowid
            handover.record(
                conn, HALL_CASE, "XH-W02-20261120-0007", body, state="collected", waybill=None,
                answer_id=answer_id, collector=agent, terminal_id=TERMINAL, clerk="test.clerk",
                at=later,
            )  # fmt: skip
    store.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fill"]:
        fill(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        for v in [int(a) for a in sys.argv[1:]] or sorted(SOURCES):
            make(v)
