"""Attachments behind cases: upload throughput, and cases never slowed by 100 MB of images.

One run (the machine is shared), medians where there are samples. The portal runs in its
own process, as it would; stores and files are on /var/tmp (a disk: fsync is part of the
cost).

1. Drain: ``--cases`` cases queued offline, each with one ``--size`` attachment (1,000 x
   100 kB = 100 MB), through sync_once as the worker runs it. Printed: the time until every
   case is at the portal, with the files and without them (the same cases, no files), and
   the files' upload throughput.
2. Bare PUTs of the same bytes (one unsigned PUT per file, one keep-alive session) to a
   null sink and to a sink that writes and fsyncs each file: our throughput as a ratio.
3. Late cases: while the 100 MB uploads, a clerk records ``--late`` cases, one every
   ``--every`` seconds; each case's time from record to acknowledged, median and p95, with
   the upload running and with nothing running.

Run: .venv/bin/python -m bench.upload_attachments [--cases 1000] [--size 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from bench.common import sample_decided
from bench.sync_drain import TERMINAL, Child, portal
from sync.attachments.upload import UploadSettings
from sync.engine import sync_once
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.link.keys import load_key
from terminal import casebook
from terminal.attachments.files import attachments_folder, path_of, put_file
from terminal.attachments.model import Attachment
from terminal.clock import CHINA, now
from terminal.store import Store, open_store

AT = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)


def record(store: Store, i: int, folder: Path | None, size: int, rng: random.Random) -> str:
    decided = sample_decided(i, AT)
    if folder is not None:
        data = b"%PDF-1.7\n" + rng.randbytes(size - 9)
        sha = put_file(folder, data)
        scan = Attachment("CL-SFZ", sha, 1, size, "bench.clerk", AT.isoformat())
        decided = replace(decided, capture=replace(decided.capture, attachments=(scan,)))
    with store.write():
        casebook.record_decision(store.conn, decided, terminal_id=TERMINAL, clerk="b", at=AT)
    return decided.capture.case_id


def queue(data: Path, cases: int, size: int, files: bool) -> None:
    store = open_store(data / "tongban.db", create=True)
    rng = random.Random(1)
    folder = attachments_folder(data) if files else None
    for i in range(cases):
        record(store, i, folder, size, rng)
    store.close()


def files_expected(data: Path) -> bool:
    store = open_store(data / "tongban.db")
    try:
        return bool(store.conn.execute("SELECT count(*) FROM attachment_uploads").fetchone()[0])
    finally:
        store.close()


class Late(threading.Thread):
    """A clerk recording cases while the terminal syncs; each case's time to the portal."""

    def __init__(self, data: Path, count: int, every: float, wake: threading.Event) -> None:
        super().__init__(daemon=True)
        self.data, self.count, self.every, self.wake = data, count, every, wake
        self.latencies: list[float] = []
        self.only_during_upload = False

    def run(self) -> None:
        store = open_store(self.data / "tongban.db")
        rng = random.Random(2)
        for n in range(self.count):
            time.sleep(self.every)
            busy = store.conn.execute(
                "SELECT count(*) FROM attachment_uploads WHERE state = 'pending'"
            ).fetchone()[0]
            t0 = time.perf_counter()
            case_id = record(store, 900_000 + n, None, 0, rng)
            self.wake.set()  # as the window does: SyncWorker.wake() after a decision
            while (
                store.conn.execute(
                    "SELECT state FROM outbox WHERE case_id = ?", (case_id,)
                ).fetchone()[0]
                != "sent"
            ):
                time.sleep(0.002)
            if busy or not self.only_during_upload:  # counted while files were on their way
                self.latencies.append(time.perf_counter() - t0)
        store.close()


def drain(
    template: Path, work: Path, cases: int, *, late: int = 0, every: float = 0.5
) -> dict[str, float | list[float]]:
    data = work / "terminal"
    shutil.copytree(template, data)
    code = os.urandom(8).hex()
    server = portal(work, code)
    try:
        store = open_store(data / "tongban.db")
        enrol(
            data,
            store,
            portal_url=server.url,
            code=code,
            terminal_id=TERMINAL,
            hall="bench",
            at=now(),
        )
        client = PortalClient(server.url, load_key(data), trust_env=False)
        settings = UploadSettings(attachments_folder(data))
        wake = threading.Event()
        clerk = Late(data, late, every, wake)
        clerk.only_during_upload = files_expected(data)
        marks: dict[str, float] = {}
        t0 = time.perf_counter()

        def pushed(sent: int) -> None:
            if sent >= cases and "cases" not in marks:
                marks["cases"] = time.perf_counter() - t0

        if late:
            clerk.start()
        while True:
            summary = sync_once(
                store, client, terminal=TERMINAL, attachments=settings, progress=pushed
            )
            status = summary.status
            files_done = status.attachments_waiting == 0
            if files_done and "files" not in marks:
                marks["files"] = time.perf_counter() - t0
            if status.waiting == 0 and files_done and not clerk.is_alive():
                break
            if files_done:
                wake.wait(1.0)
                wake.clear()
        if late:
            clerk.join()
        store.close()
        client.close()
        return {**marks, "late": clerk.latencies}
    finally:
        server.stop()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    folder: Path | None = None

    def do_PUT(self) -> None:
        data = self.rfile.read(int(self.headers["Content-Length"]))
        if self.folder is not None:  # store it as a portal must: written and fsynced
            path = self.folder / f"{time.monotonic_ns()}"
            with path.open("wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve_sink(folder: str) -> None:
    Sink.folder = Path(folder) if folder else None
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    print(f"sink http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def bare_puts(data_dir: Path, folder: str) -> float:
    store = open_store(data_dir / "tongban.db")
    hashes = [r[0] for r in store.conn.execute("SELECT sha256 FROM attachment_uploads")]
    store.close()
    blobs = [path_of(attachments_folder(data_dir), h).read_bytes() for h in hashes]
    server = Child("-m", "bench.upload_attachments", "--serve-sink", folder)
    try:
        http = requests.Session()
        http.trust_env = False
        t0 = time.perf_counter()
        for sha, blob in zip(hashes, blobs, strict=True):
            r = http.put(f"{server.url}/{sha}", data=blob)
            assert r.status_code == 204
        return time.perf_counter() - t0
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--late", type=int, default=40)
    parser.add_argument("--every", type=float, default=0.25)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--serve-sink", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sink is not None:
        serve_sink(args.serve_sink)
        return
    with tempfile.TemporaryDirectory(dir=args.dir or "/var/tmp") as d:
        root = Path(d)
        with_files, without = root / "with", root / "without"
        queue(with_files, args.cases, args.size, True)
        queue(without, args.cases, args.size, False)
        mb = args.cases * args.size / 1e6
        print(f"queued {args.cases} cases offline, with {mb:.0f} MB of attachments and without")
        for name, template in (("with files", with_files), ("without", without)):
            (root / f"run-{name}").mkdir()
            r = drain(template, root / f"run-{name}", args.cases)
            print(f"  {name:10}: all {args.cases} cases at the portal after {r['cases']:.2f} s")
            if name == "with files":
                ours = float(r["files"]) - float(r["cases"])
                print(f"  files uploaded after the cases in {ours:.1f} s: {mb / ours:.1f} MB/s")
        null_s = bare_puts(with_files, "")
        (root / "sinkfiles").mkdir()
        disk_s = bare_puts(with_files, str(root / "sinkfiles"))
        print(
            f"  bare PUTs of the same bytes to a null sink:   {mb / null_s:.1f} MB/s, ours {null_s / ours:.2f} of it"
        )
        print(
            f"  bare PUTs to a sink that fsyncs each file:    {mb / disk_s:.1f} MB/s, ours {disk_s / ours:.2f} of it"
        )
        for name, template in (("upload running", with_files), ("nothing else", without)):
            (root / f"late-{name}").mkdir()
            r = drain(template, root / f"late-{name}", args.cases, late=args.late, every=args.every)
            lat = sorted(float(x) * 1000 for x in r["late"])  # type: ignore[union-attr]
            if len(lat) < 2:
                print(f"  late cases, {name}: too few recorded while it ran ({len(lat)})")
                continue
            p95 = statistics.quantiles(lat, n=20, method="inclusive")[18]
            print(
                f"  late cases (one every {args.every} s), {name:14}: {len(lat)} recorded,"
                f" record to acknowledged median {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms"
            )


if __name__ == "__main__":
    main()
    sys.exit(0)
