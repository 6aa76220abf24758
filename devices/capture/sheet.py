"""Find the sheet in a camera photo and straighten it, in numpy and Pillow (no OpenCV:
it would add ~170 MB to the bundle; tests/capture/test_sheet.py measures the corners).

The paper is the bright region under the camera; a document camera's mat is dark. So:
threshold a small copy (Otsu), keep the bright region that holds the middle of the picture,
take its convex hull, cut the hull down to the four corners that keep the most area, then
fit a straight line to the sheet's edge along each side and intersect neighbouring lines,
which puts the corners between pixels. One perspective warp then makes A4 or ID-1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter, ImageOps

from devices.capture.base import CaptureError, CaptureFailure

A4_MM = (210.0, 297.0)
ID1_MM = (85.6, 53.98)  # an identity card (ISO/IEC 7810 ID-1), landscape
A4_DPI = 200  # what a 5 MP camera resolves over an A4 sheet; more would be invented pixels
CARD_DPI = 300
WORK_SIDE = 1000  # the long side of the copy the sheet is found in, in pixels
Corners = NDArray[np.float64]  # 4 x 2, (x, y): top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class Found:
    corners: Corners  # in the photo's pixels
    landscape: bool  # the sheet lies with its long side across the picture


def find_sheet(photo: Image.Image) -> Found:
    grey = ImageOps.grayscale(photo)
    scale = WORK_SIDE / max(grey.size)
    small = grey.resize(
        (round(grey.width * scale), round(grey.height * scale)), Image.Resampling.BILINEAR
    )
    small = small.filter(ImageFilter.GaussianBlur(1.5))
    pixels = np.asarray(small, dtype=np.uint8)
    mask = pixels > _otsu(pixels)
    region = _region_at_centre(mask)
    if region.sum() < 0.05 * mask.size:
        raise CaptureError(CaptureFailure.NO_SHEET)
    edge = region & ~_erode(region)
    ys, xs = np.nonzero(edge)
    points = np.column_stack([xs, ys]).astype(np.float64)
    hull = _hull(_row_ends(points))
    if len(hull) < 4:
        raise CaptureError(CaptureFailure.NO_SHEET)
    corners = _order(_four(hull))
    for band in (16.0, 6.0, 3.0):  # each fit starts from a better line: narrow the band
        # The last fit moves each line half a pixel out: edge pixels' centres lie inside.
        corners = _refine(corners, points, band, 0.5 if band == 3.0 else 0.0)
    corners = (corners + 0.5) / scale  # continuous coordinates: pixel i spans [i, i+1)
    top = np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])
    side = np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])
    if min(top, side) < 0.1 * min(photo.size):
        raise CaptureError(CaptureFailure.NO_SHEET)
    return Found(corners, bool(top > side))


def straighten(
    photo: Image.Image, found: Found, size_mm: tuple[float, float], dpi: int
) -> Image.Image:
    """The sheet alone, square to the page, at ``dpi``; ``size_mm`` (width, height) is
    turned to lie the way the sheet lies."""
    short, long_ = sorted(size_mm)
    width_mm, height_mm = (long_, short) if found.landscape else (short, long_)
    width, height = round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    coeffs = _perspective(target, found.corners)
    return photo.transform(
        (width, height), Image.Transform.PERSPECTIVE, tuple(coeffs), Image.Resampling.BICUBIC
    )


def black_and_white(image: Image.Image) -> Image.Image:
    """Text black, paper white, whatever the light across the sheet: each pixel against
    the mean of its neighbourhood (about 5 mm), not one threshold for the page."""
    grey = ImageOps.grayscale(image)
    radius = max(8, round(max(grey.size) / 120))
    local = np.asarray(grey.filter(ImageFilter.BoxBlur(radius)), np.int16)
    pixels = np.asarray(grey, np.int16)
    ink = pixels < local - 12
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), "L")


def card_sides_on_a4(front: Image.Image, back: Image.Image, dpi: int = 300) -> Image.Image:
    """Both sides of an identity card at their real size on one A4 page, front above back,
    as a photocopy of the card is laid out."""
    page = Image.new("RGB", (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)), "white")
    card = (round(ID1_MM[0] / 25.4 * dpi), round(ID1_MM[1] / 25.4 * dpi))
    left = (page.width - card[0]) // 2
    for index, side in enumerate((front, back)):
        fitted = side.convert("RGB").resize(card, Image.Resampling.LANCZOS)
        page.paste(fitted, (left, round(dpi * (2.0 + index * 3.0))))
    return page


def photo_page(photo: Image.Image, card: bool, bw: bool) -> Image.Image:
    """A camera's still as a page: the sheet (or card) found, straightened, maybe
    black-and-white. Run off the GUI thread: it takes a few hundred ms on a counter PC."""
    found = find_sheet(photo)
    size, dpi = (ID1_MM, CARD_DPI) if card else (A4_MM, A4_DPI)
    sheet = straighten(photo, found, size, dpi)
    return black_and_white(sheet) if bw else sheet


def _otsu(pixels: NDArray[np.uint8]) -> int:
    counts = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    below = np.cumsum(counts)
    total = below[-1]
    sums = np.cumsum(counts * levels)
    above = total - below
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = sums / below
        mean_above = (sums[-1] - sums) / above
        between = below * above * (mean_below - mean_above) ** 2
    return int(np.nanargmax(between))


def _region_at_centre(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The bright region nearest the middle: grown from a seed inside the mask on a copy
    a quarter the size (a geodesic dilation, vectorised), then cut back to the full mask."""
    coarse = mask[::4, ::4]
    h, w = coarse.shape
    ys, xs = np.nonzero(coarse)
    if len(xs) == 0:
        return coarse.repeat(4, 0).repeat(4, 1)[: mask.shape[0], : mask.shape[1]]
    nearest = np.argmin((xs - w / 2) ** 2 + (ys - h / 2) ** 2)
    region = np.zeros_like(coarse)
    region[ys[nearest], xs[nearest]] = True
    while True:
        grown = _dilate(region, 3) & coarse
        if (grown == region).all():
            break
        region = grown
    near = _dilate(region, 1).repeat(4, 0).repeat(4, 1)[: mask.shape[0], : mask.shape[1]]
    return near & mask


def _dilate(mask: NDArray[np.bool_], radius: int) -> NDArray[np.bool_]:
    """A square dilation by ``radius``, as two running sums (cost independent of radius)."""
    out = mask
    for axis in (0, 1):
        padded = np.pad(out.astype(np.int32), [(radius + 1, radius)] * 2)
        sums = np.cumsum(padded, axis=axis)
        size = out.shape[axis]
        upper = np.take(sums, np.arange(2 * radius + 1, 2 * radius + 1 + size), axis=axis)
        lower = np.take(sums, np.arange(0, size), axis=axis)
        window = upper - lower
        other = 1 - axis
        cut = np.arange(radius + 1, radius + 1 + out.shape[other])
        out = np.take(window, cut, axis=other) > 0
    return out


def _erode(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    image = Image.fromarray(mask.astype(np.uint8) * 255, "L")
    return np.asarray(image.filter(ImageFilter.MinFilter(3))) > 0


def _row_ends(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """The leftmost and rightmost edge pixel of each row: the hull is theirs alone, and
    the Python loop of the hull then runs over ~2,000 points, not every edge pixel."""
    ys = points[:, 1].astype(np.int64)
    order = np.lexsort((points[:, 0], ys))
    sorted_ys = ys[order]
    first = np.r_[True, sorted_ys[1:] != sorted_ys[:-1]]
    last = np.r_[sorted_ys[1:] != sorted_ys[:-1], True]
    return np.asarray(points[order[first | last]], np.float64)


def _hull(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Convex hull, counter-clockwise in image coordinates (Andrew's monotone chain)."""
    pts = np.unique(points, axis=0)
    pts = pts[np.lexsort((pts[:, 1], pts[:, 0]))]

    def chain(seq: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        out: list[NDArray[np.float64]] = []
        for p in seq:
            while len(out) >= 2 and _cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = chain(pts), chain(pts[::-1])
    return np.array(lower[:-1] + upper[:-1])


def _cross(o: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    return float((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))


def _four(hull: NDArray[np.float64]) -> NDArray[np.float64]:
    """Drop, one at a time, the hull vertex whose removal loses the least area."""
    pts = list(hull)
    while len(pts) > 4:
        n = len(pts)
        losses = [abs(_cross(pts[i - 1], pts[i], pts[(i + 1) % n])) for i in range(n)]
        del pts[int(np.argmin(losses))]
    return np.array(pts)


def _order(quad: NDArray[np.float64]) -> Corners:
    """Top-left, top-right, bottom-right, bottom-left (clockwise on screen)."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    quad = quad[np.argsort(angles)]  # clockwise on screen, from the left
    start = int(np.argmin(quad.sum(axis=1)))  # top-left: smallest x + y
    return np.roll(quad, -start, axis=0)


def _refine(corners: Corners, points: NDArray[np.float64], band: float, outward: float) -> Corners:
    """Fit each side's line to the sheet's outline along its middle, intersect neighbours.
    Per step along a side only the outermost edge pixel counts: the edges of a red header
    or a photo just inside the sheet's border never pull the line in."""
    centre = corners.mean(axis=0)
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        length = float(np.linalg.norm(b - a))
        direction = (b - a) / length
        normal = np.array([-direction[1], direction[0]])
        if (a - centre) @ normal < 0:
            normal = -normal  # pointing out of the sheet
        along = (points - a) @ direction
        across = (points - a) @ normal
        near = (np.abs(across) < band) & (along > 0.15 * length) & (along < 0.85 * length)
        line = _outline_fit(points[near], along[near], across[near])
        lines.append((line[0] + outward * normal, line[1]) if line else (a, direction))
    refined = np.empty_like(corners)
    for i in range(4):
        (p, d), (q, e) = lines[i - 1], lines[i]
        matrix = np.column_stack([d, -e])
        if abs(np.linalg.det(matrix)) < 1e-9:
            refined[i] = corners[i]
            continue
        t = np.linalg.solve(matrix, q - p)
        refined[i] = p + t[0] * d
    return refined


def _outline_fit(
    points: NDArray[np.float64], along: NDArray[np.float64], across: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    if len(points) < 10:
        return None
    steps = np.floor(along).astype(np.int64)
    order = np.lexsort((-across, steps))  # per step, outermost first
    first = np.ones(len(order), bool)
    first[1:] = steps[order][1:] != steps[order][:-1]
    chosen = points[order[first]]
    for _ in range(2):  # fit, drop what lies more than 1.5 px off (a torn corner), fit again
        mean = chosen.mean(axis=0)
        _, _, vt = np.linalg.svd(chosen - mean, full_matrices=False)
        off = np.abs((chosen - mean) @ np.array([-vt[0][1], vt[0][0]]))
        keep = off < 1.5
        if keep.sum() < 10 or keep.all():
            break
        chosen = chosen[keep]
    mean = chosen.mean(axis=0)
    _, _, vt = np.linalg.svd(chosen - mean, full_matrices=False)
    return mean, vt[0]


def _perspective(target: Corners, source: Corners) -> NDArray[np.float64]:
    """Pillow's PERSPECTIVE coefficients: for each output (target) pixel, where to read."""
    rows = []
    rhs = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, np.float64), np.array(rhs, np.float64))
