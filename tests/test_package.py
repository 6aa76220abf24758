"""The .deb IT rolls out, end to end: build, package, install into a fresh Debian 12 root
from the city's signed apt repository, run the installed program, upgrade through apt to a
second build whose store schema is one step newer, and see cases, config and enrolment
survive; a tampered index and a downgrade are refused.

The second build is a real one: a copy of this tree with one more (test-only) schema step
and a higher version, through PyInstaller and deb.build like the first. Patching the first
bundle instead would save about 1m45 but test a package no build ever makes.

About five minutes (measured on two shared cores: PyInstaller 45 s and dpkg-deb 60 s per
build, apt install or upgrade 10 s, debootstrap 80 s when the root is not cached). It needs
root, debootstrap and (once, for the cached root) deb.debian.org: it runs when
TONGBAN_PACKAGE_TEST=1, which .ci/run sets when a commit touches the packaging (deb/,
build.spec, terminal/schema/, terminal/migrations.py, this test).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from terminal import __version__
from terminal.migrations import LATEST
from tests import package_root as pr

pytestmark = [
    pytest.mark.slow,
    # The module's first test pays for both builds and the root: about three minutes.
    pytest.mark.timeout(900),
    pytest.mark.skipif(
        os.environ.get("TONGBAN_PACKAGE_TEST") != "1",
        reason="the package test runs when TONGBAN_PACKAGE_TEST=1 (.ci/run: packaging changed)",
    ),
    pytest.mark.skipif(
        os.environ.get("TONGBAN_PACKAGE_TEST") == "1"
        and (os.geteuid() != 0 or not shutil.which("debootstrap")),
        reason="needs root and debootstrap",
    ),
]

NEW_VERSION = f"{__version__}+schema{LATEST + 1}"
DB = "/var/lib/tongban/tongban.db"
SCHEMA_OF = f"od -An -tu4 --endian=big -j60 -N4 {DB} | tr -d ' '"


@dataclass
class World:
    root: Path
    repo: Path
    gnupg: Path
    old: Path
    new: Path
    new_schema: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("package")
    old, new = packages(tmp)
    repo, gnupg = tmp / "repo", tmp / "gnupg"
    with pr.timed("repository: key, publish, sign"):
        pr.make_repo(repo, gnupg)
        pr.publish(repo, "stable", old, gnupg)
    root = pr.fresh_root(tmp / "root", pr.depends_of(old))
    pr.client_points_at(root, repo, "stable")
    yield World(root, repo, gnupg, old, new, LATEST + 1)
    subprocess.run(["gpgconf", "--kill", "all"], env={**os.environ, "GNUPGHOME": str(gnupg)})
    (pr.ROOT / "build").mkdir(exist_ok=True)
    (pr.ROOT / "build" / "package-test-timings.json").write_text(
        json.dumps(pr.timings, indent=1, ensure_ascii=False)
    )
    shutil.rmtree(root, ignore_errors=True)


def packages(tmp: Path) -> tuple[Path, Path]:
    """The two packages; with TONGBAN_PACKAGE_TEST_KEEP=1 (working on this test) the ones the
    last run left in build/package-test/ when there are two."""
    keep = pr.ROOT / "build" / "package-test"
    if os.environ.get("TONGBAN_PACKAGE_TEST_KEEP") == "1":
        tmp = keep
        kept = [next(keep.glob(f"{d}/deb/*.deb"), None) for d in ("a", "b")]
        if kept[0] and kept[1]:
            return kept[0], kept[1]
        shutil.rmtree(keep, ignore_errors=True)
    with pr.timed("PyInstaller, first build"):
        bundle = pr.build_bundle(pr.ROOT, tmp / "a")
    with pr.timed("deb.build, first package (gzip)"):
        old, said = pr.build_package(pr.ROOT, bundle, tmp / "a" / "deb", __version__)
    assert "glibc floor: 2." in said and "libc6 (>= 2." in said
    with pr.timed("PyInstaller, second build (schema step added)"):
        assert pr.schema_change_tree(tmp / "src-b", NEW_VERSION) == LATEST + 1
        bundle_b = pr.build_bundle(tmp / "src-b", tmp / "b")
    with pr.timed("deb.build, second package"):
        new, _ = pr.build_package(tmp / "src-b", bundle_b, tmp / "b" / "deb", NEW_VERSION)
    return old, new


def apt(world: World, what: str) -> subprocess.CompletedProcess[str]:
    return pr.root_run(
        world.root,
        f"apt-get {what}",
        DEBIAN_FRONTEND="noninteractive",
    )


def tongban(world: World, args: str, **env: str) -> str:
    return pr.ok(pr.root_run(world.root, f"tongban {args}", **env))


def test_installs_from_the_signed_repository_and_runs(world: World) -> None:
    with pr.timed("apt: install from the signed repository"):
        pr.ok(apt(world, "update"))
        pr.ok(apt(world, "install -y --no-install-recommends tongban"))
    assert tongban(world, "--version").strip() == f"tongban {__version__}"
    config = world.root / "etc/tongban/config.toml"
    assert oct(config.stat().st_mode & 0o777) == "0o640"
    assert pr.ok(pr.root_run(world.root, SCHEMA_OF)).strip() == str(LATEST)
    groups = pr.ok(pr.root_run(world.root, "id -nG tongban")).split()
    assert {"tongban", "dialout", "lp", "scanner"} <= set(groups)
    with pr.timed("offscreen window self-test (installed files)"):
        tongban(world, "demo --quit-after 1", QT_QPA_PLATFORM="offscreen")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def enrol(world: World) -> None:
    port = free_port()
    portal = subprocess.Popen(
        pr.in_root(
            world.root,
            f"exec /opt/tongban/tongban portal --port {port} --data-dir /root/portal "
            "--enrol-code TEST-CODE-1 --enrol-terminal XH-W07",  # the default config's hall
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert portal.stdout is not None
        for line in portal.stdout:
            if str(port) in line:
                break
        tongban(world, f"enrol --portal http://127.0.0.1:{port} --code TEST-CODE-1")
    finally:
        portal.terminate()
        portal.wait(timeout=30)


def facts(world: World) -> dict[str, str]:
    """What must survive an upgrade: the cases, the unsent ones, the config, the enrolment."""
    data = world.root / "var/lib/tongban"
    return {
        "cases": tongban(world, "case list --json"),
        "sync": tongban(world, "sync status"),
        "config": (world.root / "etc/tongban/config.toml").read_text(),
        "key": (data / "portal-key.json").read_text(),
    }


def test_an_upgrade_through_apt_keeps_cases_config_and_enrolment(world: World) -> None:
    config = world.root / "etc/tongban/config.toml"
    config.write_text(
        config.read_text().replace('terminal_id = "XH-W01"', 'terminal_id = "XH-W07"')
    )
    shutil.copyfile(pr.ROOT / "docs/examples/case-import.json", world.root / "tmp/case-import.json")
    tongban(world, "case import /tmp/case-import.json")
    with pr.timed("enrol against a portal in the root"):
        enrol(world)
    before = facts(world)
    assert len(json.loads(before["cases"])) >= 1 and "XH-W07" in before["key"]
    pr.publish(world.repo, "stable", world.new, world.gnupg)
    pr.client_points_at(world.root, world.repo, "stable")
    with pr.timed("apt: upgrade to the second package (backup, migration)"):
        pr.ok(apt(world, "update"))
        pr.ok(apt(world, "install -y --no-install-recommends tongban"))
    assert tongban(world, "--version").strip() == f"tongban {NEW_VERSION}"
    assert pr.ok(pr.root_run(world.root, SCHEMA_OF)).strip() == str(world.new_schema)
    assert facts(world) == before
    backups = list((world.root / "var/lib/tongban/backups").glob("before-*.db"))
    assert [b.name.split("-")[1:3] for b in backups] == [[NEW_VERSION, f"schema{LATEST}"]]


def tamper(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text


def test_a_tampered_index_is_refused(world: World) -> None:
    dists = world.root / "srv/tongban-repo/dists/stable"
    packages = next(dists.glob("main/binary-*/Packages"))
    (packages.parent / "Packages.gz").unlink()
    original = tamper(packages, "Priority: optional", "Priority: required")
    # A terminal that reads the index afresh (apt keeps what it verified before).
    forget = "rm -rf /var/lib/apt/lists/* && apt-get update"
    result = pr.root_run(world.root, forget)
    assert result.returncode != 0 and "Hash Sum mismatch" in result.stdout + result.stderr
    packages.write_text(original)
    tamper(dists / "InRelease", "Suite: stable", "Suite: stab1e")
    result = pr.root_run(world.root, forget)
    assert result.returncode != 0 and "BADSIG" in result.stdout + result.stderr
    # Nothing from the repository is offered to install.
    assert "tongban-repo" not in pr.root_run(world.root, "apt-cache madison tongban").stdout
    pr.client_points_at(world.root, world.repo, "stable")  # the untouched copy again


def test_a_downgrade_below_the_store_schema_is_refused(world: World) -> None:
    pr.ok(apt(world, "update"))
    before = facts(world)
    result = apt(world, f"install -y --allow-downgrades tongban={__version__}")
    assert result.returncode != 0
    said = result.stdout + result.stderr  # dpkg passes the script's words on either
    assert "downgrade refused" in said and "拒绝降级" in said
    assert tongban(world, "--version").strip() == f"tongban {NEW_VERSION}"
    assert pr.ok(pr.root_run(world.root, SCHEMA_OF)).strip() == str(world.new_schema)
    assert facts(world) == before
