"""Captured materials reach the portal whole, once, behind their cases; a file leaves the
terminal only after the portal confirmed it and its days have passed."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
import requests

from sync.attachments import retention, wire
from sync.attachments.upload import UploadSettings
from sync.engine import Summary, sync_once
from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from sync.portal import RunningPortal
from sync.portal.uploads import taken
from terminal import journal
from terminal.attachments import files
from terminal.catalogue import Catalogue
from terminal.store import Store

from .attaching import record_cases_with_files
from .conftest import Terminal
from .faultproxy import Fault, FaultProxy
from .helpers import AT, TERMINAL, client_for, record_cases


def _http() -> requests.Session:
    http = requests.Session()
    http.trust_env = False
    return http


def drain_files(store: Store, client: PortalClient, passes: int = 300, **kw: Any) -> Summary:
    """Sync until no case and no file waits and a pass ran online."""
    summary = None
    for _ in range(passes):
        summary = sync_once(store, client, terminal=TERMINAL, **kw)
        status = summary.status
        if summary.online and status.waiting == 0 and status.attachments_waiting == 0:
            return summary
        if not summary.online:
            time.sleep(0.02)  # the link is down: as the worker, wait a moment before again
    raise AssertionError(f"did not drain: {summary}")


def assert_arrived_once(portal: RunningPortal, stored: dict[str, bytes]) -> None:
    """Every file at the portal, complete, each byte written once, the right bytes served."""
    held = taken(portal.portal)
    assert set(held) == set(stored)
    http = _http()
    for sha, data in stored.items():
        assert held[sha]["complete"] and held[sha]["taken"] == len(data), sha
        answer = http.get(f"{portal.url}/admin/attachments/{sha}", timeout=10)
        assert answer.status_code == 200 and answer.content == data


def test_files_arrive_whole_and_the_back_office_opens_them(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    ids, stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 3, [700_000, 90_000]
    )
    client = client_for(terminal.key)
    settings = UploadSettings(folder, chunk_bytes=128 * 1024)
    drain_files(terminal.store, client, attachments=settings)
    assert_arrived_once(portal, stored)
    conn = terminal.store.conn
    states = conn.execute("SELECT state, count(*) FROM attachment_uploads GROUP BY state")
    assert [tuple(r) for r in states] == [("confirmed", 6)]
    # The journal says who captured each file, and that the portal confirmed each.
    entries = journal.recent(conn, 500)
    decided = [e for e in entries if e.action == "case.decided"]
    captured = {a["sha256"]: a["captured_by"] for e in decided for a in e.details["attachments"]}
    assert captured == dict.fromkeys(stored, "test.clerk")
    confirmed = [e.subject for e in entries if e.action == "attachment.confirmed"]
    assert sorted(confirmed) == sorted(stored)
    # Nothing is sent again: another pass writes no byte at the portal.
    before = taken(portal.portal)
    drain_files(terminal.store, client, attachments=settings)
    assert taken(portal.portal) == before
    # The back office lists a case's files.
    listed = _http().get(f"{portal.url}/admin/cases/{ids[0]}/attachments", timeout=10).json()
    assert [a["exists"] for a in listed["attachments"]] == [True, True]


LINK_FAULTS = [
    Fault.RESET_BEFORE,
    Fault.RESET_AFTER_COMMIT,
    Fault.ERROR_503,
    Fault.ERROR_500_AFTER_COMMIT,
    Fault.GARBLE,
    Fault.TAMPER,
    Fault.REPLAY_OLD,
    Fault.FOREIGN_200,
    Fault.LIE_AFTER_COMMIT,
]


def test_through_a_faulty_link_every_file_arrives_once_whole_and_is_never_sent_again(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 4, [300_000, 45_000], seed=7
    )
    proxy.at_random(LINK_FAULTS, rate=0.3, seed=3)
    client = client_for(terminal.key, proxy.url)
    settings = UploadSettings(folder, chunk_bytes=32 * 1024)
    drain_files(terminal.store, client, attachments=settings)
    assert proxy.applied[Fault.TAMPER] > 0 and proxy.applied[Fault.RESET_AFTER_COMMIT] > 0
    assert_arrived_once(portal, stored)
    # Once confirmed, a file is never offered again: not a chunk, not even an offset query.
    proxy.at_random([], 0.0, 0)
    proxy.recording = True
    drain_files(terminal.store, client, attachments=settings)
    paths = [request.split(b" ", 2)[1].decode() for request, _ in proxy.exchanges]
    assert not [p for p in paths if p.startswith(protocol.PATH_UPLOADS)]


def test_a_tampered_chunk_is_refused_and_the_file_still_arrives_whole(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    (case_id,), stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 1, [100_000]
    )
    ((sha, data),) = stored.items()
    client = client_for(terminal.key, proxy.url)
    sync_once(terminal.store, client, terminal=TERMINAL)  # the case, without its file
    wire.create(client, sha, len(data), case_id)
    proxy.then(Fault.TAMPER)
    with pytest.raises(LinkDown):
        wire.send_chunk(client, sha, len(data), 0, data, protocol.chunk_checksum(data))
    assert taken(portal.portal)[sha]["taken"] == 0  # not one byte of it kept
    # A checksum that does not fit the bytes is refused too (what tus's extension checks).
    with pytest.raises(LinkDown):
        wire.send_chunk(client, sha, len(data), 0, data, protocol.chunk_checksum(b"x"))
    assert taken(portal.portal)[sha]["taken"] == 0
    drain_files(terminal.store, client, attachments=UploadSettings(folder))
    assert_arrived_once(portal, stored)
    assert case_id


def test_cases_recorded_during_an_upload_go_before_its_next_chunk(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [400_000])
    client = client_for(terminal.key)
    late: list[str] = []

    def clerk_decides_another(progress: Any) -> None:
        if not late:  # a clerk accepts a case while the first chunks are on their way
            late.extend(record_cases(terminal.store, mini_catalogue, 1, start=50))

    settings = UploadSettings(folder, chunk_bytes=32 * 1024)
    sync_once(
        terminal.store,
        client,
        terminal=TERMINAL,
        attachments=settings,
        upload_progress=clerk_decides_another,
    )
    entries = list(reversed(journal.recent(terminal.store.conn, 200)))
    order = [(e.action, e.subject) for e in entries]
    bound = order.index(("case.portal_bound", late[0]))
    confirmed = order.index(("attachment.confirmed", next(iter(stored))))
    assert bound < confirmed  # the late case did not wait for the file


def test_a_capped_upload_keeps_to_its_cap(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [300_000])
    sync_once(terminal.store, client_for(terminal.key), terminal=TERMINAL)
    settings = UploadSettings(folder, cap_bytes_per_second=400_000)
    started = time.monotonic()
    drain_files(terminal.store, client_for(terminal.key), attachments=settings)
    assert time.monotonic() - started >= 0.7  # 300 kB at 400 kB/s: at least 0.75 s


def test_a_confirmed_file_is_removed_only_after_its_days(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    _, sent = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [20_000])
    drain_files(
        terminal.store, client_for(terminal.key), attachments=UploadSettings(folder), now=lambda: AT
    )
    # A file the portal has not confirmed (its case not even sent) is never removed.
    _, waiting = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 1, [20_000], seed=9, start=5
    )
    store = terminal.store

    def sweep(days: int) -> int:
        at = AT + timedelta(days=days)
        return retention.sweep(store, folder, keep_days=30, terminal=TERMINAL, at=at)

    assert sweep(29) == 0
    assert all((folder / s[:2] / s).exists() for s in [*sent, *waiting])
    space = retention.space(store.conn, folder)
    assert (space.files, space.waiting, space.kept) == (2, 1, 1)
    assert sweep(31) == 1
    assert not any((folder / s[:2] / s).exists() for s in sent)
    assert all((folder / s[:2] / s).exists() for s in waiting)
    assert sweep(400) == 0  # the waiting file stays, however old
    removed = [e for e in journal.recent(store.conn, 50) if e.action == "attachments.removed"]
    assert removed[0].details == {"count": 1, "bytes": 20_000, "keep_days": 30}


def test_a_file_missing_here_is_reported_lost_not_silently_skipped(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [10_000])
    ((sha, _),) = stored.items()
    (folder / sha[:2] / sha).unlink()
    drain_files(terminal.store, client_for(terminal.key), attachments=UploadSettings(folder))
    state = terminal.store.conn.execute(
        "SELECT state FROM attachment_uploads WHERE sha256 = ?", (sha,)
    ).fetchone()[0]
    assert state == "lost"
    assert any(e.action == "attachment.lost" for e in journal.recent(terminal.store.conn, 50))
    assert retention.space(terminal.store.conn, folder).lost == 1


def test_a_lost_file_captured_again_for_a_new_case_is_sent(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    """The file went missing before its turn ('lost'); later the same bytes (the same
    e-document PDF) are captured for a new case: now the portal gets them."""
    folder = terminal.data_dir / "attachments"
    settings = UploadSettings(folder)
    client = client_for(terminal.key)
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [20_000])
    ((sha, _),) = stored.items()
    files.remove_file(folder, sha)
    sync_once(terminal.store, client, terminal=TERMINAL, attachments=settings)
    assert _state(terminal.store, sha) == "lost"
    record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [20_000], start=7)
    drain_files(terminal.store, client, attachments=settings)
    assert _state(terminal.store, sha) == "confirmed"
    assert taken(portal.portal)[sha]["complete"]


def _state(store: Store, sha: str) -> str:
    row = store.conn.execute("SELECT state FROM attachment_uploads WHERE sha256 = ?", (sha,))
    return str(row.fetchone()[0])


def test_a_file_that_does_not_hash_right_at_the_portal_is_discarded_and_sent_again(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    from sync.portal.uploads import folder as portal_folder

    folder = terminal.data_dir / "attachments"
    (case_id,), stored = record_cases_with_files(
        terminal.store, mini_catalogue, folder, 1, [90_000]
    )
    ((sha, data),) = stored.items()
    client = client_for(terminal.key)
    sync_once(terminal.store, client, terminal=TERMINAL)  # the case first
    wire.create(client, sha, len(data), case_id)
    head = data[:40_000]
    wire.send_chunk(client, sha, len(data), 0, head, protocol.chunk_checksum(head))
    # The portal's disk spoils a byte of what it holds: completion must not keep it.
    partial = portal_folder(portal.portal) / "partial" / sha
    spoiled = bytearray(partial.read_bytes())
    spoiled[10] ^= 0xFF
    partial.write_bytes(bytes(spoiled))
    drain_files(terminal.store, client, attachments=UploadSettings(folder, chunk_bytes=40_000))
    held = taken(portal.portal)[sha]
    assert held["restarts"] == 1 and held["taken"] == 2 * len(data)  # sent whole once more
    answer = _http().get(f"{portal.url}/admin/attachments/{sha}", timeout=10)
    assert answer.content == data


def test_doctor_reports_the_space_the_scans_take_and_what_waits(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    from sync import doctor as sync_doctor
    from terminal.doctor import Patient, Status

    folder = terminal.data_dir / "attachments"
    record_cases_with_files(terminal.store, mini_catalogue, folder, 2, [1_500_000])

    def attachments() -> tuple[Status, str]:
        patient = Patient(terminal.data_dir, terminal.data_dir / "c.toml")
        found = {c.id: c for c in sync_doctor.checks(patient)}["attachments"]
        return found.status, found.summary

    status, summary = attachments()
    assert status is Status.OK
    assert "2 个文件" in summary and "3.0 MB" in summary and "待上传 2 个" in summary
    drain_files(terminal.store, client_for(terminal.key), attachments=UploadSettings(folder))
    status, summary = attachments()
    assert "待上传 0 个" in summary and "未满 2 个" in summary


def test_the_sync_worker_uploads_and_reports_each_file_in_flight(
    terminal: Terminal, portal: RunningPortal, mini_catalogue: Catalogue
) -> None:
    import queue

    from sync.worker import SyncEvent, SyncWorker

    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 2, [200_000])
    events: queue.Queue[SyncEvent] = queue.Queue()
    worker = SyncWorker(
        terminal.store.path,
        lambda: client_for(terminal.key),
        terminal=TERMINAL,
        listener=events.put,
        poll_seconds=60,
        attachments=UploadSettings(folder, chunk_bytes=50_000),
    )
    worker.start()
    seen: list[SyncEvent] = []
    try:
        while True:
            event = events.get(timeout=30)
            seen.append(event)
            if event.kind == "status":
                break
    finally:
        assert worker.stop()
    assert event.status is not None and event.status.attachments_waiting == 0
    uploads = [e.upload for e in seen if e.kind == "upload" and e.upload is not None]
    assert {u.current for u in uploads} == set(stored)
    assert [u.current_offset for u in uploads][:4] == [50_000, 100_000, 150_000, 200_000]
    assert uploads[0].files_waiting == 2 and uploads[-1].files_waiting == 1
    assert_arrived_once(portal, stored)


def test_a_link_dropped_mid_file_resumes_from_the_offset_once_back(
    terminal: Terminal, portal: RunningPortal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    import threading

    folder = terminal.data_dir / "attachments"
    _, stored = record_cases_with_files(terminal.store, mini_catalogue, folder, 1, [900_000])
    ((sha, _),) = stored.items()
    settings = UploadSettings(folder, cap_bytes_per_second=300_000, chunk_bytes=64 * 1024)
    done = threading.Event()

    def sync() -> None:  # the sync worker's own thread, with its own connection and client
        from terminal.store import open_store

        store = open_store(terminal.store.path)
        try:
            drain_files(store, client_for(terminal.key, proxy.url), attachments=settings)
        finally:
            store.close()
        done.set()

    threading.Thread(target=sync, daemon=True).start()
    deadline = time.monotonic() + 20
    while taken(portal.portal).get(sha, {}).get("taken", 0) < 200_000:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proxy.refuse()  # the hall's uplink goes, mid-file
    at_drop = taken(portal.portal)[sha]["taken"]
    time.sleep(0.5)
    proxy.accept()
    assert done.wait(30)
    assert 200_000 <= at_drop < 900_000
    assert_arrived_once(portal, stored)  # from the offset held: no byte written twice
