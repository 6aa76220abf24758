"""What a citizen's phone or USB stick can bring to 从文件添加, and how each bad file is told."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from devices.capture.base import CaptureError, CaptureFailure
from devices.capture.files import image_pages, read_document


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_named_pipe_on_the_stick_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "扫描件.jpg"
    os.mkfifo(pipe)  # its size is 0; reading it waits for a writer that never comes
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(read_document(pipe))
        except CaptureError as e:
            outcome.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(3)
    hung = t.is_alive()
    if hung:  # let the thread go: open a writer and close it (EOF)
        with open(pipe, "wb"):
            pass
        t.join(3)
    # One capture thread runs every job in order: a hung read would block 完成 for good.
    assert not hung, "reading a named pipe blocked the capture thread"
    assert isinstance(outcome[0], CaptureError)
    assert outcome[0].kind is CaptureFailure.NOT_A_DOCUMENT


@pytest.mark.parametrize("kind", ["TIFF", "GIF"])
def test_a_multi_page_file_cut_short_is_told_in_a_sentence(kind: str) -> None:
    # Three "scanned pages"; the copy to the stick stopped somewhere in the later ones.
    frames = [Image.new("L", (300, 400), 60 * i) for i in range(3)]
    for n, frame in enumerate(frames):
        frame.paste(255, (10 * n, 10, 200 + 10 * n, 300))
        for y in range(0, 400, 7):
            frame.paste((y * 37 + n) % 256, (0, y, 300, y + 3))
    out = io.BytesIO()
    frames[0].save(out, kind, save_all=True, append_images=frames[1:])
    data = out.getvalue()
    raw = []
    for cut in range(len(data) * 2 // 3, len(data), max(1, len(data) // 60)):
        try:
            image_pages(data[:cut], "扫描.tif")
        except CaptureError:
            continue
        except Exception as e:  # would be shown raw: "采集失败：image file is truncated …"
            raw.append(f"{cut}: {type(e).__name__}: {e}")
    assert raw == []


def test_a_password_protected_pdf_asks_for_a_copy_without_the_password(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="1234", owner="5678"))
    path = tmp_path / "营业执照.pdf"
    path.write_bytes(out.getvalue())
    with pytest.raises(CaptureError) as caught:
        read_document(path)
    # "not an image or PDF" would send the clerk looking for another file.
    assert caught.value.kind is CaptureFailure.PDF_PASSWORD
    assert "密码" in caught.value.text("zh_CN")
    assert "password" in caught.value.text("en")


def test_a_huge_image_is_called_too_large_and_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "扫描.png"
    Image.new("1", (14000, 14000), 1).save(path)  # 196 Mpx in a few kB: a scan at 1600 dpi
    Image.new("1", (10000, 10000), 1).save(tmp_path / "大图.png")  # 100 Mpx: Pillow only warns
    for name in ("扫描.png", "大图.png"):
        with pytest.raises(CaptureError) as caught:
            read_document(tmp_path / name)
        assert caught.value.kind is CaptureFailure.TOO_LARGE
        text = caught.value.text("zh_CN")
        assert "过大" in text and "不是图片" not in text and name in text


def test_a_file_over_the_size_limit_is_called_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("devices.capture.files.MAX_FILE_BYTES", 1000)
    path = tmp_path / "录像.jpg"
    path.write_bytes(b"\xff\xd8" + bytes(2000))
    with pytest.raises(CaptureError) as caught:
        read_document(path)
    assert caught.value.kind is CaptureFailure.TOO_LARGE
    assert "MB" in caught.value.text("en")


def test_a_cut_photo_and_a_broken_pdf_are_called_damaged_by_name(tmp_path: Path) -> None:
    photo = io.BytesIO()
    Image.effect_noise((800, 600), 60).convert("RGB").save(photo, "JPEG")
    (tmp_path / "身份证.jpg").write_bytes(photo.getvalue()[: len(photo.getvalue()) // 2])
    (tmp_path / "户口本.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    for name in ("身份证.jpg", "户口本.pdf"):
        with pytest.raises(CaptureError) as caught:
            read_document(tmp_path / name)
        assert caught.value.kind is CaptureFailure.DAMAGED
        text = caught.value.text("zh_CN")
        assert "损坏" in text and text.endswith(f"({name})"), text  # not "stream <_io.BytesIO …>"


def test_a_tiny_gif_with_thousands_of_frames_is_refused_in_a_sentence(tmp_path: Path) -> None:
    frames = [Image.new("L", (8, 8), i % 256) for i in range(3000)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    (tmp_path / "bomb.gif").write_bytes(out.getvalue())
    with pytest.raises(CaptureError) as refused:
        read_document(tmp_path / "bomb.gif")
    assert refused.value.kind is CaptureFailure.TOO_MANY_PAGES
    assert "100" in refused.value.text("zh_CN") and "bomb.gif" in refused.value.text("zh_CN")
    # A real multi-page file (a three-page TIFF from an office scanner) still comes in whole.
    pages = [Image.new("L", (300, 400), 60 * i) for i in range(3)]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    assert len(image_pages(out.getvalue(), "three.tif")) == 3
