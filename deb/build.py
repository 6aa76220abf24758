"""``python -m deb.build``: the .deb of the bundle in dist/tongban (``./dev package``).

The package carries the bundle under /opt/tongban, ``tongban`` on PATH (deb/files/tongban),
the window, kiosk and display units, the menu entries, the default config (copied to
/etc/tongban/config.toml once, by postinst) and the maintainer scripts, into which the
version and the schema this build's store has are written. It declares the glibc floor read
from every ELF file of the bundle and the system libraries the bundle needs but does not carry.

gzip, not zstd or xz: deepin's older dpkg cannot read zstd, and xz takes about four minutes
for this bundle on two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from deb import elf
from terminal import __version__, config, migrations
from terminal.os_floor import shown

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"
UNITS = ("tongban-window.service", "tongban-kiosk.service", "tongban-display.service")
DESKTOP = ("tongban-window.desktop", "tongban-kiosk.desktop", "tongban-display.desktop")
SCRIPTS = ("preinst", "postinst", "prerm", "postrm")
# Provided by libc6 itself: the floor (libc6 >= …) covers them.
LIBC = {
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libresolv.so.2",
    "libutil.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}
# Not found through ELF headers: a Chinese font for receipts (through fontconfig), useradd,
# and the PC/SC client library pyscard opens with dlopen (without it the bundle prints
# "Failed to dlopen libpcsclite.so.1" at every start, seen in the Debian root).
ALWAYS = [
    "fontconfig",
    "fonts-wqy-microhei | fonts-wqy-zenhei | fonts-noto-cjk",
    "passwd",
    "libpcsclite1",
]
# The hall's devices, the notices' serif face, spoken calls and the units' own X server:
# a counter without one of them still works, and doctor names what is missing.
RECOMMENDS = [
    "pcscd",
    "cups-client",
    "fonts-arphic-uming",
    "espeak-ng",
    "xinit",
    "xserver-xorg-core",
]


class PackageError(Exception):
    pass


def package_of(soname: str) -> str:
    """The Debian package that provides ``soname`` on this (the build) machine."""
    found = subprocess.run(
        ["dpkg-query", "-S", f"*/{soname}"], capture_output=True, text=True, check=False
    )
    for line in found.stdout.splitlines():
        package, _, path = line.partition(": ")
        if path.rsplit("/", 1)[-1] == soname and "diversion" not in package:
            return package.split(",")[0].split(":")[0].strip()
    raise PackageError(
        f"no installed package provides {soname}, which the bundle needs and does not carry: "
        "install it on the build machine (./dev setup) so the package can name it"
    )


def depends(bundle: Path) -> tuple[str, list[str]]:
    """The glibc floor (``2.36``) and the Depends field's entries."""
    floor = elf.glibc_floor(bundle)
    if floor is None:
        raise PackageError(f"{bundle} holds no ELF file: is it a bundle (./dev build)?")
    libraries = sorted(elf.missing_libraries(bundle) - LIBC)
    packages = sorted({package_of(name) for name in libraries})
    return shown(floor), [f"libc6 (>= {shown(floor)})", *packages, *ALWAYS]


def control(version: str, arch: str, deps: list[str], size_kb: int) -> str:
    return f"""\
Package: tongban
Version: {version}
Architecture: {arch}
Maintainer: Tongban Terminal <tongban@invalid>
Installed-Size: {size_kb}
Depends: {", ".join(deps)}
Recommends: {", ".join(RECOMMENDS)}
Section: misc
Priority: optional
Description: 通办终端 Tongban Terminal (counter window, kiosk, hall display)
 The government service hall's terminal: the clerk's window, the self-service
 kiosk and the hall's calling board, with its local store and the portal sync.
 Data in /var/lib/tongban, per-terminal config in /etc/tongban/config.toml.
"""


def stage(bundle: Path, tree: Path, version: str, schema: int) -> None:
    if tree.exists():
        shutil.rmtree(tree)
    (tree / "opt").mkdir(parents=True)
    try:  # hard links: 250 MB staged in a second, and dpkg-deb reads them like copies
        subprocess.run(["cp", "-al", str(bundle), str(tree / "opt" / "tongban")], check=True)
    except subprocess.CalledProcessError:
        shutil.copytree(bundle, tree / "opt" / "tongban", symlinks=True)
    put(FILES / "tongban", tree / "usr/bin/tongban", 0o755)
    for unit in UNITS:
        put(FILES / unit, tree / "lib/systemd/system" / unit, 0o644)
    for entry in DESKTOP:
        put(FILES / entry, tree / "usr/share/applications" / entry, 0o644)
    put(FILES / "60-tongban.rules", tree / "usr/share/polkit-1/rules.d/60-tongban.rules", 0o644)
    defaults = tree / "usr/share/tongban/config.toml"
    defaults.parent.mkdir(parents=True, exist_ok=True)
    defaults.write_text(config.default_text(), encoding="utf-8")
    os.chmod(defaults, 0o644)
    (tree / "DEBIAN").mkdir()
    for script in SCRIPTS:
        text = (FILES / script).read_text().replace("@SCHEMA@", str(schema))
        target = tree / "DEBIAN" / script
        target.write_text(text.replace("@VERSION@", version))
        os.chmod(target, 0o755)


def put(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, mode)


def installed_size_kb(tree: Path) -> int:
    total = sum(p.lstat().st_size for p in tree.rglob("*") if not p.is_dir())
    return (total + 1023) // 1024


def build(bundle: Path, out: Path, version: str, work: Path) -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    started = time.monotonic()
    floor, deps = depends(bundle)
    print(f"glibc floor: {floor} (the highest GLIBC_x.y any ELF file in {bundle} needs)")
    print(f"Depends: {', '.join(deps)}")
    tree = work / "tree"
    stage(bundle, tree, version, migrations.LATEST)
    (tree / "DEBIAN" / "control").write_text(
        control(version, arch, deps, installed_size_kb(tree)), encoding="utf-8"
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"tongban_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(tree)
    took = time.monotonic() - started
    print(f"package: {target} ({target.stat().st_size // 2**20} MB, {took:.0f} s)")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deb.build", description=__doc__)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "tongban")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    parser.add_argument("--version", default=__version__, help="the package's version")
    args = parser.parse_args(argv)
    try:
        build(args.bundle, args.out, args.version, args.work)
    except PackageError as e:
        print(f"package: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
