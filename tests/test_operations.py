"""What IT staff rely on: doctor, the diagnostics archive, backup and restore, logs."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
import threading
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from terminal import backup, doctor, drafts, logs
from terminal.backup import BackupError
from terminal.cli import main
from terminal.clock import CHINA

from .conftest import AS_ADMIN, add_first_admin
from .test_cli import EXAMPLE, run


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    d = tmp_path / "data"
    assert main(["init", "--data-dir", str(d)]) == 0
    add_first_admin(d)
    assert (
        run(
            capsys,
            "clerk",
            "add",
            "zhou.shili",
            "--role",
            "clerk",
            "--display-name",
            "周示例员",
            "--data-dir",
            str(d),
            stdin=AS_ADMIN + "long-enough-1\n",
        )[0]
        == 0
    )
    assert run(capsys, "case", "import", str(EXAMPLE), "--data-dir", str(d), stdin=AS_ADMIN)[0] == 0
    capsys.readouterr()
    return d


WHO = {
    "actor": "zhang.admin",
    "terminal": "XH-W01",
    "at": datetime(2026, 11, 26, 9, 30, tzinfo=CHINA),
}


def checks_by_id(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.id: c for c in checks}


def test_doctor_on_a_healthy_terminal(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "doctor", "--json", "--data-dir", str(data))
    report = json.loads(out)
    found = {c["id"]: c for c in report["checks"]}
    for core in ("config", "data_dir", "store", "journal", "outbox", "font"):
        assert found[core]["status"] == "ok", found[core]
    # In December the calendar warns until next year's holidays are in (tests/test_workdays.py).
    assert found["calendar"]["status"] != "failure", found["calendar"]
    assert "5" in found["outbox"]["summary"]  # the five imported cases wait for the portal
    assert code == (1 if report["worst"] == "failure" else 0)


def test_doctor_names_a_broken_config_and_a_tampered_journal(data: Path) -> None:
    (data / "config.toml").write_text('window = "three"\n', "utf-8")
    conn = sqlite3.connect(data / "tongban.db")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET action = 'x' WHERE seq = 2")
    conn.commit()
    conn.close()
    found = checks_by_id(
        doctor.examine(doctor.Patient(data, data / "config.toml"), doctor.CORE_CHECKS)
    )
    assert found["config"].status is doctor.Status.FAILURE and "window" in found["config"].summary
    assert found["journal"].status is doctor.Status.FAILURE and found["journal"].fix
    assert doctor.worst(found.values()) is doctor.Status.FAILURE


def test_doctor_on_an_empty_folder_says_to_init(tmp_path: Path) -> None:
    found = checks_by_id(
        doctor.examine(doctor.Patient(tmp_path, tmp_path / "config.toml"), doctor.CORE_CHECKS)
    )
    assert found["store"].status is doctor.Status.FAILURE and "tongban init" in found["store"].fix


def test_a_crashing_check_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    def broken(p: doctor.Patient) -> list[doctor.Check]:
        raise RuntimeError("boom")

    [finding] = doctor.examine(doctor.Patient(tmp_path, tmp_path / "c.toml"), [broken])
    assert finding.status is doctor.Status.FAILURE and "boom" in finding.summary


def test_the_diagnostics_archive_has_no_personal_data(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TONGBAN_LOG_DIR", str(tmp_path / "logs"))
    logs.setup("debug")
    # A careless log line with personal data: the archive must not carry it either.
    store_conn = sqlite3.connect(data / "tongban.db")
    people = store_conn.execute("SELECT applicant_name, id_number FROM cases").fetchall()
    clerks = store_conn.execute("SELECT username, display_name FROM clerks").fetchall()
    store_conn.close()
    logs.get("test").warning("case for %s %s", people[0][0], people[0][1])
    archive = tmp_path / "diag.zip"
    run(capsys, "doctor", "--bundle", str(archive), "--data-dir", str(data))
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        text = "\n".join(z.read(n).decode("utf-8") for n in names)
        summary = json.loads(z.read("store.json"))
        tail = [json.loads(line) for line in z.read("journal-tail.jsonl").splitlines()]
    assert {"doctor.json", "versions.txt", "store.json", "journal-tail.jsonl"} <= set(names)
    assert any(n.startswith("logs/") for n in names)
    # What support reads first: how much the store holds, and the journal's newest first.
    assert summary["rows"]["cases"] == len(people) and summary["rows"]["journal"] >= len(tail)
    seqs = [entry["seq"] for entry in tail]
    assert seqs and seqs == sorted(seqs, reverse=True)
    for name, number in people:
        assert name not in text and number not in text
    for username, display in clerks:
        assert username not in text and display not in text


def test_the_archive_keeps_no_last_four_of_any_id_number(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Receipt number + last four opens a case's status at the kiosk: the archive, which goes
    to outside support and holds receipt numbers, has no masked number with its last four."""
    from terminal import journal
    from terminal.clock import now
    from terminal.identity import mask_id_number
    from terminal.store import open_store

    monkeypatch.setenv("TONGBAN_LOG_DIR", str(tmp_path / "logs"))
    logs.setup("debug")
    with open_store(data / "tongban.db") as store:
        numbers = [r[0] for r in store.conn.execute("SELECT id_number FROM cases")]
        # A careless log line (masked by the log's filter, last four kept for IT on the machine)
        # and a card read journaled by an older version, with its masked number.
        logs.get("test").warning("read card %s", numbers[0])
        with store.write():
            journal.append(
                store.conn,
                at=now(),
                actor="zhang.admin",
                terminal="XH-W01",
                action="card.read",
                subject="sim",
                details={"card_type": "resident_id", "number": mask_id_number(numbers[1])},
            )
    archive = tmp_path / "diag.zip"
    assert run(capsys, "doctor", "--bundle", str(archive), "--data-dir", str(data))[0] in (0, 1)
    with zipfile.ZipFile(archive) as z:
        text = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert "XH-W01-2026" in text  # receipt numbers are there (support needs them)...
    for number in numbers:  # ...so no masked number with its last four may be
        assert mask_id_number(number) not in text
        assert "*" + number[-4:] not in text


def test_a_window_that_dies_in_native_code_leaves_its_threads_stacks_for_it(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "logs"
    # A fault as Qt or a driver would raise it, in a process set up as the windows are.
    crash = (
        "import faulthandler, sys; from pathlib import Path; from terminal import logs\n"
        "def reading_the_card():\n    faulthandler._sigsegv()\n"
        "logs.record_crashes(Path(sys.argv[1])); reading_the_card()\n"
    )
    died = subprocess.run([sys.executable, "-c", crash, str(folder)], capture_output=True)
    assert died.returncode != 0
    report = (folder / logs.CRASH_FILE).read_text("utf-8")
    assert "Segmentation fault" in report and "reading_the_card" in report
    # And it travels in the diagnostics archive IT sends on.
    monkeypatch.setenv("TONGBAN_LOG_DIR", str(folder))
    archive = tmp_path / "diag.zip"
    run(capsys, "doctor", "--bundle", str(archive), "--data-dir", str(data))
    with zipfile.ZipFile(archive) as z:
        assert "reading_the_card" in z.read(f"logs/{logs.CRASH_FILE}").decode("utf-8")


def test_log_lines_never_carry_an_id_number(tmp_path: Path) -> None:
    path = logs.setup("info", tmp_path)
    logs.get("t").info("reading card 310104199003070018 phone 13812345678")
    for handler in logging.getLogger("tongban").handlers:
        handler.flush()
    line = path.read_text("utf-8")
    assert "310104199003070018" not in line and "310104********0018" in line
    assert "13812345678" not in line


def test_backup_is_consistent_while_writing_and_restore_protects_unsent(
    data: Path, tmp_path: Path
) -> None:
    db = data / "tongban.db"
    stop = threading.Event()

    def keep_writing() -> None:
        from terminal.store import open_store

        store = open_store(db)
        while not stop.is_set():
            drafts.save_draft(
                store,
                "d1",
                terminal_id="T",
                clerk="w",
                intake_code=None,
                payload={"n": 1},
                at=__import__("terminal.clock", fromlist=["now"]).now(),
            )
        store.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        info = backup.backup(db, tmp_path / "b.db")
    finally:
        stop.set()
        writer.join()
    assert info.cases == 5 and info.unsent == 5 and info.journal_entries >= 6
    # The store now has unsent cases: restoring the backup over it is refused, with the count.
    with pytest.raises(BackupError) as caught:
        backup.restore(tmp_path / "b.db", db, **WHO)
    assert "5" in caught.value.text() and "--force" in caught.value.text()
    assert backup.restore(tmp_path / "b.db", db, force=True, **WHO).info.cases == 5


def test_restore_refuses_a_file_that_is_not_a_store(data: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BackupError):
        backup.restore(junk, data / "tongban.db", force=True, **WHO)


def test_backup_and_restore_commands(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "backup", str(tmp_path / "x.db"), "--data-dir", str(data))
    assert code == 0 and "5" in out
    code, _, err = run(
        capsys, "restore", str(tmp_path / "x.db"), "--data-dir", str(data), stdin=AS_ADMIN
    )
    assert code == 1 and "--force" in err
