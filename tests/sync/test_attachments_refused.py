"""A file the portal keeps refusing is not sent again every pass for ever: after a few
refusals it waits for a person, doctor says so, and a new capture offers it again."""

from __future__ import annotations

from sync import doctor as sync_doctor
from sync.attachments.retention import MAX_REFUSALS
from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.portal import RunningPortal
from terminal import journal
from terminal.catalogue import Catalogue
from terminal.doctor import Patient, Status

from .attaching import record_cases_with_files
from .conftest import Terminal
from .helpers import TERMINAL, client_for


def test_a_file_the_portal_keeps_refusing_stops_being_offered_and_doctor_says_so(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    settings = UploadSettings(folder)
    client = client_for(terminal.key)
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [8_000])
    ((sha, _),) = stored.items()
    sync_once(terminal.store, client, terminal=TERMINAL)  # the case goes, its file not yet
    with portal.portal.db.write() as conn:  # the portal's copy lists it at another size
        conn.execute("UPDATE cases SET body = json_set(body, '$.attachments[0].size', 1)")

    def attempts() -> int:
        row = terminal.store.conn.execute(
            "SELECT attempts FROM attachment_uploads WHERE sha256 = ?", (sha,)
        ).fetchone()
        return int(row[0])

    for _ in range(MAX_REFUSALS + 3):
        sync_once(terminal.store, client, terminal=TERMINAL, attachments=settings)
    assert attempts() == MAX_REFUSALS  # not one more request after the last refusal
    said = [e for e in journal.recent(terminal.store.conn, 50) if e.action == "attachment.refused"]
    assert [e.details["problem"] for e in said] == ["upload-not-listed"]
    patient = Patient(terminal.data_dir, terminal.data_dir / "c.toml")
    found = {c.id: c for c in sync_doctor.checks(patient)}["attachments"]
    assert found.status is Status.WARNING and "多次拒收" in found.summary, found.summary

    record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [8_000], start=7)
    assert attempts() == 0  # captured again for a new case: offered again
