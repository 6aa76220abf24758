"""For tests/test_package.py: bundles and packages built from a source tree, a fresh Debian 12
root to install them into, and a signed apt repository the root's apt reads.

The root is ``debootstrap --variant=minbase bookworm`` with the package's Depends already
installed (so a run needs no network once cached), kept as a tar under build/debroot/ (git
ignores build/) and unpacked fresh for every run. Every command in the root runs in a mount
namespace of its own (``unshare -m``): /dev and /proc vanish with it, nothing to clean up.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "debroot"
SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/tongban-archive-keyring.gpg"
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "__pycache__", "*.db", "*.db-wal", ".*_cache", ".demo-data"
)

timings: dict[str, float] = {}


@contextmanager
def timed(step: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        timings[step] = round(time.monotonic() - started, 1)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)  # type: ignore[call-overload,no-any-return]


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (
        f"{result.args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def build_bundle(source: Path, work: Path) -> Path:
    """PyInstaller of ``source`` (its own terminal/, ui/, … first on the path)."""
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    ok(
        run(
            [str(pyinstaller), "--noconfirm", "--log-level", "ERROR", "--distpath",
             str(work / "dist"), "--workpath", str(work / "build"), str(source / "build.spec")],
            cwd=source,
            env={**os.environ, "PYTHONPATH": str(source)},
        )
    )  # fmt: skip
    return work / "dist" / "tongban"


def build_package(source: Path, bundle: Path, out: Path, version: str) -> tuple[Path, str]:
    """``python -m deb.build`` of ``source``; the package and what the build printed."""
    result = ok(
        run(
            [sys.executable, "-m", "deb.build", "--bundle", str(bundle), "--out", str(out),
             "--work", str(out / "work"), "--version", version],
            cwd=source,
            env={**os.environ, "PYTHONPATH": str(source)},
        )
    )  # fmt: skip
    return next(out.glob(f"tongban_{version}_*.deb")), result


def schema_change_tree(target: Path, version: str) -> int:
    """A copy of this source tree with one more schema step and a newer version: the second
    build an upgrade goes to. Returns the new schema's number."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    migrations = target / "terminal" / "migrations.py"
    text = migrations.read_text()
    last = max(int(n) for n in re.findall(r"from terminal\.schema\.v(\d+) import", text))
    new = last + 1
    (target / "terminal" / "schema" / f"v{new}.py").write_text(
        f'"""Test-only schema step: the upgrade test\'s second build."""\n\n'
        "from terminal.schema.script import Script\n\n\n"
        f"def v{new}_upgrade_probe(conn: Script) -> None:\n"
        '    conn.executescript("CREATE TABLE upgrade_probe (note TEXT NOT NULL)")\n'
    )
    text = text.replace(
        "\n\nclass SchemaTooNew",
        f"\nfrom terminal.schema.v{new} import v{new}_upgrade_probe\n\n\nclass SchemaTooNew",
    )
    text = text.replace("\n]\nLATEST", f"\n    v{new}_upgrade_probe,\n]\nLATEST")
    migrations.write_text(text)
    init = target / "terminal" / "__init__.py"
    init.write_text(
        re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text())
    )
    return new


def depends_of(deb: Path) -> list[str]:
    """The package names of a .deb's Depends (first of each alternative, no versions)."""
    field = ok(run(["dpkg-deb", "--field", str(deb), "Depends"]))
    return [d.split("|")[0].split("(")[0].strip() for d in field.split(",")]


def fresh_root(target: Path, packages: list[str]) -> Path:
    """A Debian 12 minbase root with ``packages`` installed, unpacked from the cache (made
    once per set of packages: a new dependency makes a new tar)."""
    key = hashlib.sha256(" ".join(sorted(packages)).encode()).hexdigest()[:12]
    tar = CACHE / f"{SUITE}-minbase-{key}.tar"
    if not tar.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        staging = CACHE / f"staging-{key}"
        shutil.rmtree(staging, ignore_errors=True)
        with timed("debootstrap (not cached)"):
            ok(
                run(
                    ["debootstrap", "--variant=minbase", f"--include={','.join(packages)}",
                     SUITE, str(staging), MIRROR]
                )
            )  # fmt: skip
        # Packages come from the city's repository alone: no network after this.
        (staging / "etc/apt/sources.list").unlink(missing_ok=True)
        shutil.rmtree(staging / "var/cache/apt/archives", ignore_errors=True)
        (staging / "var/cache/apt/archives/partial").mkdir(parents=True)
        ok(run(["tar", "-C", str(staging), "-cf", f"{tar}.part", "."]))
        os.replace(f"{tar}.part", tar)
        shutil.rmtree(staging)
        for stale in CACHE.glob(f"{SUITE}-minbase-*.tar"):  # one root of 400 MB is enough
            if stale != tar:
                stale.unlink()
    target.mkdir(parents=True)
    with timed("unpack the cached root"):
        ok(run(["tar", "-C", str(target), "-xf", str(tar)]))
    return target


def in_root(root: Path, script: str, env: dict[str, str] | None = None) -> list[str]:
    """``sh -c script`` inside the root, in a mount namespace with /dev and /proc."""
    setup = f'mount --rbind /dev "{root}/dev" && mount -t proc proc "{root}/proc" && exec chroot'
    exports = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", **(env or {})}
    return [
        "unshare", "--mount", "--propagation", "private", "sh", "-c", f'{setup} "$@"', "-",
        str(root), "env", "-i", *(f"{k}={v}" for k, v in exports.items()), "sh", "-c", script,
    ]  # fmt: skip


def root_run(root: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(in_root(root, script, env))


def publish(repo: Path, channel: str, deb: Path, gnupg: Path) -> None:
    ok(
        run(
            [str(ROOT / "deb" / "apt_repo.sh"), "publish", str(repo), channel, str(deb)],
            env={**os.environ, "GNUPGHOME": str(gnupg)},
        )
    )


def make_repo(repo: Path, gnupg: Path) -> None:
    gnupg.mkdir(mode=0o700)
    ok(
        run(
            [str(ROOT / "deb" / "apt_repo.sh"), "key", str(repo), "Test City IT <it@example.invalid>"],
            env={**os.environ, "GNUPGHOME": str(gnupg)},
        )
    )  # fmt: skip


def client_points_at(root: Path, repo: Path, channel: str) -> None:
    """The root's apt reads ``repo`` (copied in at /srv/tongban-repo), trusting only its key."""
    inside = root / "srv" / "tongban-repo"
    shutil.rmtree(inside, ignore_errors=True)
    shutil.copytree(repo, inside)
    shutil.copyfile(repo / "tongban-archive-keyring.gpg", root / KEYRING.lstrip("/"))
    (root / "etc/apt/sources.list.d/tongban.sources").write_text(
        f"Types: deb\nURIs: file:/srv/tongban-repo\nSuites: {channel}\nComponents: main\n"
        f"Signed-By: {KEYRING}\n"
    )
