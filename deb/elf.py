"""What the bundle's ELF files ask of the system: the glibc floor and the libraries it lacks.

The floor reuses terminal/os_floor.py's reader (``GLIBC_x.y`` version names), over every
ELF file of the bundle rather than the few Qt libraries ``doctor`` reads. The libraries come
from each file's DT_NEEDED entries, read from the ELF headers here so the build needs no
binutils.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from terminal.os_floor import Version, glibc_needed, shown

SHT_DYNAMIC = 6
DT_NEEDED = 1


def elf_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    yield path


def glibc_floor(root: Path) -> Version | None:
    """The highest glibc any ELF file in ``root`` needs: the package's ``libc6 (>= …)``."""
    return glibc_needed(elf_files(root))


def needed(path: Path) -> list[str]:
    """The sonames a 64-bit little-endian ELF file names as DT_NEEDED ([] for others)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    names: list[str] = []
    for sh in sections:
        if sh[1] != SHT_DYNAMIC:
            continue
        strtab = sections[sh[6]]  # sh_link: the dynamic string table
        str_off = strtab[4]
        for at in range(sh[4], sh[4] + sh[5], 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == DT_NEEDED:
                end = data.index(b"\0", str_off + value)
                names.append(data[str_off + value : end].decode())
    return names


def missing_libraries(root: Path) -> set[str]:
    """Sonames some ELF file in the bundle needs that the bundle does not carry itself."""
    shipped = {p.name for p in root.rglob("*.so*")}
    wanted = {name for path in elf_files(root) for name in needed(path)}
    return wanted - shipped


def main() -> None:
    """``python -m deb.elf [BUNDLE]``: the floor ``./dev build`` prints after each build."""
    import sys

    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/tongban")
    floor = shown(glibc_floor(bundle))
    print(f"glibc floor: {floor} (the highest GLIBC_x.y any ELF file in {bundle} needs)")


if __name__ == "__main__":
    main()
