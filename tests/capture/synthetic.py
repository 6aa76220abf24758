"""Synthetic document-camera photos: an invented A4 page (blocks of 'text', no real
person's data) lying skewed on a dark mat, with uneven light, blur and sensor noise.
The true corners are known, so the sheet finder's error can be measured."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter

PHOTO = (2592, 1944)  # a 5-megapixel document camera, the common 高拍仪 sensor


def page_content(width: int = 1240, height: int = 1754, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    page = Image.new("RGB", (width, height), (246, 244, 238))
    draw = ImageDraw.Draw(page)
    line = height // 45
    for top in range(height // 10, height - height // 10, line):
        left = width // 10
        while left < width - width // 10:
            word = int(rng.integers(line // 2, line * 3))
            draw.rectangle([left, top, left + word, top + line // 2], fill=(30, 30, 35))
            left += word + line // 2
    draw.rectangle([width // 10, height // 30, width * 9 // 10, height // 15], fill=(180, 30, 30))
    return page


def photo_of(
    corners: NDArray[np.float64], seed: int = 0, content: Image.Image | None = None
) -> Image.Image:
    """``corners`` (TL, TR, BR, BL; continuous pixel coordinates) is where the page's
    corners land in the photo."""
    from devices.capture.sheet import _perspective

    rng = np.random.default_rng(seed)
    page = content or page_content(seed=seed)
    w, h = page.size
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    coeffs = tuple(_perspective(corners, src))
    warped = page.transform(PHOTO, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", page.size, 255).transform(
        PHOTO, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC
    )
    level = int(rng.integers(35, 75))
    mat = rng.normal(level, 6, (PHOTO[1], PHOTO[0], 1)).clip(0, 255).repeat(3, axis=2)
    photo = Image.fromarray(mat.astype(np.uint8), "RGB")
    photo.paste(warped, (0, 0), mask)
    # light falling off towards one side, the lens's softness, the sensor's noise
    xs = np.linspace(0, 1, PHOTO[0])[None, :, None]
    light = 1.0 - 0.25 * xs if seed % 2 else 0.8 + 0.2 * xs
    pixels = np.asarray(photo.filter(ImageFilter.GaussianBlur(1.2)), np.float64) * light
    pixels += rng.normal(0, 3, pixels.shape)
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "RGB")


def skewed_corners(seed: int) -> NDArray[np.float64]:
    """An A4 page taking 65-80 % of the photo's height, turned up to ±12°, shifted, with
    up to 4 % keystone (the camera not quite square above it); all four corners in view,
    as the clerk is told to lay it."""
    rng = np.random.default_rng(1000 + seed)
    while True:
        height = PHOTO[1] * rng.uniform(0.65, 0.8)
        width = height * 210 / 297
        half = np.array([[-width, -height], [width, -height], [width, height], [-width, height]])
        half /= 2
        half[:2, 0] *= 1 - rng.uniform(0, 0.04)  # keystone: the far edge a little shorter
        angle = np.radians(rng.uniform(-12, 12))
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        centre = np.array(PHOTO) / 2 + rng.uniform(-120, 120, 2)
        corners = np.asarray(half @ rot.T + centre, np.float64)
        if (corners > 30).all() and (corners < np.array(PHOTO) - 30).all():
            return corners
