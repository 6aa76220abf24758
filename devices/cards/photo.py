"""The card photo: 1,024 bytes of the proprietary WLT format, decoded only by a vendor's library.

A vendor (or the hall's IT) installs a package that declares an entry point in
the ``tongban.photo_decoders`` group: a callable taking the WLT bytes and
returning an image file's bytes (PNG, JPEG or BMP). Without one, the clerk
sees a neutral placeholder; the WLT bytes are kept either way.
"""

from __future__ import annotations

import logging
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

log = logging.getLogger(__name__)

PHOTO_DECODER_GROUP = "tongban.photo_decoders"
WLT_SIZE = 1024
PHOTO_WIDTH, PHOTO_HEIGHT = 102, 126  # the decoded ID photo's size in pixels

PhotoDecoder = Callable[[bytes], bytes]


@cache
def find_photo_decoder() -> PhotoDecoder | None:
    for entry in entry_points(group=PHOTO_DECODER_GROUP):
        try:
            decoder: PhotoDecoder = entry.load()
        except Exception:
            log.warning("photo decoder %s failed to load", entry.name, exc_info=True)
            continue
        return decoder
    return None


@dataclass(frozen=True)
class Portrait:
    """The card's photo as the clerk sees it beside the name, to compare with the face."""

    image: bytes  # an image file (PNG, JPEG or BMP)
    decoded: bool  # False: the placeholder, no decoder installed (or it failed on this card)


def portrait_of(wlt: bytes | None, decoder: PhotoDecoder | None = None) -> Portrait | None:
    """None for a card without a photo (a social security card); else the decoded photo or
    the placeholder."""
    if not wlt:
        return None
    return Portrait(*photo_image(wlt, decoder))


def photo_image(wlt: bytes | None, decoder: PhotoDecoder | None = None) -> tuple[bytes, bool]:
    """An image file for ``wlt``: (bytes, True) when decoded, (placeholder PNG, False) when not."""
    decoder = decoder or find_photo_decoder()
    if wlt and decoder is not None:
        try:
            return decoder(wlt), True
        except Exception:
            # A vendor library failing on one card must not stop the read; never log the bytes.
            log.warning("the photo decoder failed on a card photo", exc_info=False)
    return placeholder_png(), False


@cache
def placeholder_png() -> bytes:
    """A grey head-and-shoulders outline on white, the photo's size, drawn without any imaging library."""
    rows = []
    cx, head_cy, head_r = PHOTO_WIDTH / 2, PHOTO_HEIGHT * 0.38, PHOTO_WIDTH * 0.2
    for y in range(PHOTO_HEIGHT):
        row = bytearray([0])  # PNG filter type: none
        for x in range(PHOTO_WIDTH):
            in_head = (x - cx) ** 2 + (y - head_cy) ** 2 <= head_r**2
            shoulders = y > PHOTO_HEIGHT * 0.62 and abs(x - cx) <= (y - PHOTO_HEIGHT * 0.55) * 1.3
            row.append(0xB0 if in_head or shoulders else 0xF2)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", PHOTO_WIDTH, PHOTO_HEIGHT, 8, 0, 0, 0, 0)  # 8-bit grey

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
