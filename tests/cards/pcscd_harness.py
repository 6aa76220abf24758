"""A real pcscd with the vsmartcard virtual reader driver, started and stopped by the tests.

Facts this relies on (DESIGN.md, "Testing against real components"): start
pcscd with ``--foreground`` and our own reader configuration; remove a stale
``pcscd.comm`` first; never connect to the vpcd port to see whether it is up
(that is a card insertion): ask pcscd for its reader list instead.

pcscd's socket path is compiled in (``/run/pcscd``), so two test runs on one
machine, or a desktop's own pcscd, would collide. Where mount namespaces are
allowed (root, as in CI), our pcscd runs with a private directory mounted over
``/run/pcscd`` and the client library is pointed at it with
``PCSCLITE_CSOCK_NAME``; the vpcd ports are chosen free. Elsewhere the global
socket is used, and a pcscd already running is a clear failure.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from smartcard import scard  # type: ignore[import-untyped,unused-ignore]

from ..polling import wait_until

GLOBAL_RUN_DIR = Path("/run/pcscd")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READERS = ("Virtual PCD 00 00", "Virtual PCD 00 01")
INSTALL_HINT = (
    "apt-get install --no-install-recommends pcscd vsmartcard-vpcd libpcsclite-dev swig "
    "(the card tests run a real pcscd with the virtual reader driver)"
)


def _namespaces_allowed() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        [unshare, "--mount", "--propagation", "private", "true"], capture_output=True, check=False
    )
    return probe.returncode == 0


def _free_port_pair() -> int:
    """Two free consecutive TCP ports for vpcd's two slots (binding is no card insertion)."""
    bases: list[int] = [0x8C7B, *range(36100, 36400, 2)]
    for base in bases:
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("", base))
                b.bind(("", base + 1))
        except OSError:
            continue
        return base
    raise RuntimeError("no free port pair for vpcd")


PRIVATE = _namespaces_allowed()
if PRIVATE:
    RUN_DIR = Path(tempfile.mkdtemp(prefix="tongban-pcscd-"))
    atexit.register(shutil.rmtree, RUN_DIR, ignore_errors=True)
    VPCD_PORT = _free_port_pair()
else:
    RUN_DIR = GLOBAL_RUN_DIR
    VPCD_PORT = 0x8C7B  # 35963: slot 0; vpcd opens slot 1 on the next port
SOCKET = RUN_DIR / "pcscd.comm"
PID_FILE = RUN_DIR / "pcscd.pid"
# Read by libpcsclite at its first call in this process: set before any pyscard use.
os.environ["PCSCLITE_CSOCK_NAME"] = str(SOCKET)


class PcscdUnavailable(RuntimeError):
    pass


def _pcscd_binary() -> str:
    found = shutil.which("pcscd") or (
        "/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None
    )
    if found is None:
        raise PcscdUnavailable(f"pcscd is not installed: {INSTALL_HINT}")
    if not VPCD_DRIVER.exists():
        raise PcscdUnavailable(f"the vpcd driver {VPCD_DRIVER} is not installed: {INSTALL_HINT}")
    return found


def _other_pcscd() -> int | None:
    try:
        pid = int("".join(c for c in PID_FILE.read_text("latin-1") if c.isdigit()))
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


class Pcscd:
    def __init__(self, workdir: Path) -> None:
        self.binary = _pcscd_binary()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None
        self.with_readers = True

    def start(self, *, with_readers: bool = True) -> None:
        other = _other_pcscd()
        if other is not None:
            raise PcscdUnavailable(
                f"another pcscd (pid {other}) is running; stop it before the card tests "
                "(they need their own, with the virtual reader)"
            )
        SOCKET.unlink(missing_ok=True)  # stale after a crash, and pcscd refuses to start beside it
        self.with_readers = with_readers
        conf = self.workdir / ("reader.conf" if with_readers else "empty.conf")
        conf.write_text(
            f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x{VPCD_PORT:04X}\n'
            f"LIBPATH {VPCD_DRIVER}\nCHANNELID 0x{VPCD_PORT:04X}\n"
            if with_readers
            else ""
        )
        log = (self.workdir / "pcscd.log").open("ab")
        command = [self.binary, "--foreground", "--config", str(conf)]
        if PRIVATE:
            GLOBAL_RUN_DIR.mkdir(exist_ok=True)  # the mount point; pcscd would create it anyway
            mount = 'mount --bind "$0" /run/pcscd && exec "$@"'
            command = [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                mount,
                str(RUN_DIR),
                *command,
            ]
        self.process = subprocess.Popen(command, stdout=log, stderr=log)
        self._wait_ready(len(READERS) if with_readers else 0)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.process = None

    def restart(self, *, with_readers: bool = True) -> None:
        self.stop()
        self.start(with_readers=with_readers)

    def _wait_ready(self, readers: int, timeout: float = 10.0) -> None:
        def ready() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                log = (self.workdir / "pcscd.log").read_text("utf-8", "replace")[-2000:]
                raise PcscdUnavailable(
                    f"pcscd exited at start (code {self.process.returncode}):\n{log}"
                )
            return SOCKET.exists() and reader_count() == readers

        try:
            wait_until(ready, f"pcscd to offer {readers} reader(s)", timeout)
        except AssertionError as e:
            raise PcscdUnavailable(str(e)) from None


def reader_count() -> int | None:
    hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return None
    try:
        hr, readers = scard.SCardListReaders(context, [])
        return len(readers) if hr == scard.SCARD_S_SUCCESS else 0
    finally:
        scard.SCardReleaseContext(context)


def cards_present() -> dict[str, bool]:
    """Which virtual readers hold a card now, as pcscd sees it."""
    hr, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return {}
    try:
        hr, readers = scard.SCardListReaders(context, [])
        if hr != scard.SCARD_S_SUCCESS:
            return {}
        hr, states = scard.SCardGetStatusChange(
            context, 0, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]
        )
        return {name: bool(state & scard.SCARD_STATE_PRESENT) for name, state, _ in states}
    finally:
        scard.SCardReleaseContext(context)
