"""Finding and straightening the sheet in a document camera's photo (numpy + Pillow)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from devices.capture.base import CaptureError, CaptureFailure
from devices.capture.sheet import (
    A4_MM,
    ID1_MM,
    black_and_white,
    card_sides_on_a4,
    find_sheet,
    straighten,
)
from tests.capture.synthetic import PHOTO, page_content, photo_of, skewed_corners

# Measured on 40 photos (bench/capture_pdf.py prints it): median worst corner 1.7 px,
# worst 2.7 px, in a 2592 x 1944 photo where 1 px is about 0.2 mm of the sheet.
CORNER_LIMIT_PX = 4.0


@pytest.mark.parametrize("seed", range(6))
def test_the_corners_of_a_skewed_page_are_found_within_a_millimetre(seed: int) -> None:
    truth = skewed_corners(seed)
    found = find_sheet(photo_of(truth, seed))
    errors = np.linalg.norm(found.corners - truth, axis=1)
    assert errors.max() < CORNER_LIMIT_PX, errors
    assert not found.landscape


def test_the_straightened_page_is_a4_and_square() -> None:
    truth = skewed_corners(3)
    photo = photo_of(truth, 3)
    page = straighten(photo, find_sheet(photo), A4_MM, 200)
    assert page.size == (1654, 2339)
    pixels = np.asarray(page.convert("RGB"), np.int16)
    # The invented page's red header spans 1/30..1/15 of the height, 1/10..9/10 across:
    # after straightening it is a level band at the same place, all four of its corners red.
    for x in (200, 1450):
        for y in (100, 145):
            r, g, b = pixels[y, x]
            assert r > 120 and g < 90 and b < 90, (x, y, pixels[y, x])
    assert pixels[20, 20].min() > 150  # paper, not the dark mat, in the corner


def test_an_identity_card_lying_across_is_straightened_to_id1() -> None:
    card = page_content(856, 540, seed=5)
    corners = np.array([[900, 700], [1760, 760], [1725, 1300], [865, 1240]], np.float64)
    photo = photo_of(corners, 5, content=card)
    found = find_sheet(photo)
    assert found.landscape
    assert np.linalg.norm(found.corners - corners, axis=1).max() < CORNER_LIMIT_PX
    assert straighten(photo, found, ID1_MM, 300).size == (1011, 638)


def test_both_card_sides_go_on_one_a4_page() -> None:
    front, back = Image.new("RGB", (1011, 638), "red"), Image.new("RGB", (1011, 638), "blue")
    page = card_sides_on_a4(front, back)
    assert page.size == (2480, 3508)
    assert page.getpixel((1240, 600 + 319)) == (255, 0, 0)
    assert page.getpixel((1240, 1500 + 319)) == (0, 0, 255)
    assert page.getpixel((1240, 3300)) == (255, 255, 255)


def test_black_and_white_keeps_text_black_under_uneven_light() -> None:
    page = page_content(seed=2).convert("L")
    light = np.linspace(0.55, 1.0, page.width)[None, :]  # one side much darker
    dim = Image.fromarray((np.asarray(page, np.float64) * light).astype(np.uint8), "L")
    result = np.asarray(black_and_white(dim))
    original = np.asarray(page)
    assert set(np.unique(result)) <= {0, 255}
    ink, paper = original < 100, original > 200
    assert (result[ink] == 0).mean() > 0.9
    assert (result[paper] == 255).mean() > 0.97  # the dim side's paper stays white


def test_a_photo_with_no_sheet_says_so() -> None:
    rng = np.random.default_rng(0)
    mat = rng.normal(50, 6, (PHOTO[1], PHOTO[0])).clip(0, 255).astype(np.uint8)
    mat[:40, :40] = 250  # a glint in a corner is not a sheet
    with pytest.raises(CaptureError) as e:
        find_sheet(Image.fromarray(mat, "L"))
    assert e.value.kind is CaptureFailure.NO_SHEET
