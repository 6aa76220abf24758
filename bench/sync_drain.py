"""Drain 10,000 cases queued offline to the reference portal on loopback.

Target: ≥ 1,000 cases/s. Also measured, on the same batch bodies: bare signed
POSTs to a fresh reference portal (the portal's own cost, no terminal store),
and bare POSTs to a null HTTP sink (transport only). Our cost is reported as a
ratio to each. The portal runs in its own process, as it would; both stores
are on /var/tmp (a disk, not tmpfs), since fsync is part of the cost.

Also reported: what answer signing costs (the portal signing a batch's answer, the
terminal checking it), timed alone on an answer of the real shape and size.

Run: .venv/bin/python -m bench.sync_drain [--cases 10000] [--batch 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from bench.common import sample_decided
from sync.cases.push import Pusher
from sync.engine import sync_once
from sync.feed.pull import pull
from sync.link import protocol
from sync.link.client import PortalClient
from sync.link.enrol import enrol
from sync.link.keys import TerminalKey, load_key
from terminal import casebook
from terminal.clock import CHINA, now
from terminal.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TERMINAL = "XH-W01"


class Child:
    """A server in its own process; the first line it prints holds its address."""

    def __init__(self, *argv: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:\d+", self.proc.stdout.readline())
        assert found
        self.url = found.group(0)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(20)


def portal(workdir: Path, code: str) -> Child:
    return Child(
        "-m",
        "terminal.cli",
        "portal",
        "--port",
        "0",
        "--db",
        str(workdir / "portal.db"),
        "--enrol-code",
        code,
        "--enrol-terminal",
        TERMINAL,
        "--enrol-hall",
        "bench",
        "--data-dir",
        str(workdir),
        "--lang",
        "en",
    )


def queue_offline(path: Path, cases: int) -> None:
    store = open_store(path, create=True)
    at = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)
    for start in range(0, cases, 1000):
        with store.write():
            for i in range(start, min(cases, start + 1000)):
                casebook.record_decision(
                    store.conn, sample_decided(i, at), terminal_id=TERMINAL, clerk="b", at=at
                )
    store.close()


def bodies(path: Path) -> list[tuple[str, str]]:
    store = open_store(path)
    rows = store.conn.execute("SELECT idempotency_key, body FROM outbox ORDER BY id").fetchall()
    store.close()
    return [(r[0], r[1]) for r in rows]


def payloads(items: list[tuple[str, str]], batch: int) -> list[bytes]:
    out = []
    for i in range(0, len(items), batch):
        parts = [
            '{"idempotency_key":' + json.dumps(k) + ',"case":' + b + "}"
            for k, b in items[i : i + batch]
        ]
        out.append(('{"items":[' + ",".join(parts) + "]}").encode())
    return out


def run_ours(template: Path, work: Path, batch: int) -> tuple[float, float, int]:
    """(push seconds, push + pull seconds, cases) for one drain through the real code."""
    data = work / "terminal"
    data.mkdir()
    shutil.copy(template, data / "tongban.db")
    code = secrets.token_hex(8)
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
        t0 = time.perf_counter()
        result = Pusher(store, client, terminal=TERMINAL, now=now, batch_size=batch).run()
        t1 = time.perf_counter()
        pull(store, client, terminal=TERMINAL, now=now)
        t2 = time.perf_counter()
        left = sync_once(store, client, terminal=TERMINAL).status.waiting
        assert left == 0, left
        store.close()
        client.close()
        return t1 - t0, t2 - t0, result.sent
    finally:
        server.stop()


def run_bare_portal(items: list[tuple[str, str]], work: Path, batch: int) -> float:
    """The same batch bodies, signed and POSTed with a bare session: the portal's own cost."""
    code = secrets.token_hex(8)
    server = portal(work, code)
    try:
        http = requests.Session()
        http.trust_env = False
        enrolling = PortalClient(server.url, trust_env=False)
        answer = enrolling.enrol(code, TERMINAL, "bench", secrets.token_hex(8))
        enrolling.close()
        key = TerminalKey(answer["key_id"], answer["secret"], server.url, TERMINAL, "-")
        bodies_ = payloads(items, batch)
        t0 = time.perf_counter()
        for body in bodies_:
            ts, nonce = int(time.time()), secrets.token_hex(16)
            message = protocol.string_to_sign("POST", protocol.PATH_CASES_BATCH, ts, nonce, body)
            r = http.post(
                server.url + protocol.PATH_CASES_BATCH,
                data=body,
                headers={
                    "Content-Type": "application/json",
                    protocol.H_KEY_ID: key.key_id,
                    protocol.H_TIMESTAMP: str(ts),
                    protocol.H_NONCE: nonce,
                    protocol.H_SIGNATURE: protocol.sign(key.secret, message),
                },
            )
            assert r.status_code == 200, r.text[:200]
        return time.perf_counter() - t0
    finally:
        server.stop()


def answer_signing_seconds(batch: int, rounds: int = 2000) -> tuple[float, int]:
    """(median seconds to sign and check one batch answer, its size in bytes)."""
    from sync.link.answers import AnswerProof

    result = {
        "idempotency_key": "0" * 36,
        "status": 201,
        "replayed": False,
        "receipt": {
            "case_id": "0" * 36,
            "portal_case_no": "SH20261126000001",
            "state": "received",
            "seq": 1,
        },
    }
    body = json.dumps({"results": [result] * batch}, ensure_ascii=False).encode()
    secret = secrets.token_bytes(32)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        nonce = secrets.token_hex(16)
        signature = protocol.sign(secret, protocol.answer_to_sign(nonce, "", 200, "1.0", body))
        proof = AnswerProof("k", protocol.PATH_CASES_BATCH, nonce, "", 200, "1.0", body, signature)
        assert proof.holds(secret)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(body)


def run_sink(items: list[tuple[str, str]], batch: int) -> float:
    server = Child("-m", "bench.sync_drain", "--serve-sink")
    try:
        http = requests.Session()
        http.trust_env = False
        bodies_ = payloads(items, batch)
        t0 = time.perf_counter()
        for body in bodies_:
            r = http.post(server.url + "/", data=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 200
        return time.perf_counter() - t0
    finally:
        server.stop()


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as the portal: no delayed-ACK stall between head and body

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def serve_sink() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    print(f"sink http://127.0.0.1:{server.server_address[1]}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--serve-sink", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sink:
        serve_sink()
        return
    with tempfile.TemporaryDirectory(dir=args.dir or "/var/tmp") as d:
        root = Path(d)
        template = root / "queued.db"
        t = time.perf_counter()
        queue_offline(template, args.cases)
        print(f"queued {args.cases} cases offline in {time.perf_counter() - t:.1f} s")
        items = bodies(template)
        mb = sum(len(b) for _, b in items) / 1e6
        print(f"bodies: {mb:.1f} MB, {mb * 1e6 / len(items):.0f} bytes a case, batch {args.batch}")
        push, total, sink, bare = [], [], [], []
        for run in range(args.runs):
            work = root / f"run{run}"
            work.mkdir()
            p, tot, sent = run_ours(template, work, args.batch)
            assert sent == args.cases, sent
            push.append(p)
            total.append(tot)
            bare_dir = root / f"bare{run}"
            bare_dir.mkdir()
            bare.append(run_bare_portal(items, bare_dir, args.batch))
            sink.append(run_sink(items, args.batch))
            print(
                f"run {run + 1}: ours push {args.cases / p:,.0f}/s (push+pull {args.cases / tot:,.0f}/s),"
                f" bare POSTs to the portal {args.cases / bare[-1]:,.0f}/s,"
                f" to a null sink {args.cases / sink[-1]:,.0f}/s"
            )
        mp, mt, mb_, ms = (statistics.median(x) for x in (push, total, bare, sink))
        print(f"median over {args.runs} runs, {args.cases} cases:")
        print(
            f"  drain (push) through sync/:        {args.cases / mp:8,.0f} cases/s   target ≥ 1,000"
        )
        print(f"  drain + pull of their statuses:    {args.cases / mt:8,.0f} cases/s")
        print(
            f"  bare signed POSTs, same bodies:    {args.cases / mb_:8,.0f} cases/s   ours costs {mp / mb_:.2f}×"
        )
        print(
            f"  bare POSTs to a null sink:         {args.cases / ms:8,.0f} cases/s   ours costs {mp / ms:.2f}×"
        )
        signing, size = answer_signing_seconds(args.batch)
        batches = -(-args.cases // args.batch)
        print(
            f"  answer signing (portal signs, terminal checks, {size / 1000:.0f} kB a batch):"
            f" {signing * 1e6:.0f} µs a batch, {signing * batches / mp * 100:.2f} % of the drain"
        )


if __name__ == "__main__":
    main()
