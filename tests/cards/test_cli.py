"""``tongban card readers | read | decode`` as IT staff and scripts use them: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devices.cards import samples
from devices.cards.cli import EXIT_CODES
from devices.cards.errors import FailureKind
from devices.cards.ga467 import encode_contents, encode_reply
from devices.cards.text_block import encode_text_block
from terminal.cli import main

from . import vectors
from .ga467_emulator import EmulatedReader


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_decode_a_text_block_as_json(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = tmp_path / "block.bin"
    block.write_bytes(vectors.RESIDENT)
    code, out, _ = run(capsys, "card", "decode", str(block), "--json", "--data-dir", str(data))
    assert code == 0
    doc = json.loads(out)
    assert doc == doc | {
        "card_type": "resident",
        "name": "陈示例",
        "sex": "male",
        "birth_date": "1985-03-12",
        "id_number": "310104********003X",
        "valid_from": "2016-05-01",
        "valid_to": "2036-05-01",
        "ethnicity": "汉",
        "address": "上海市徐汇区示例路88弄8号101室",
        "authority": "上海市公安局徐汇分局",
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("block", "card_type", "extra"),
    [
        (vectors.RESIDENT_LONG_TERM, "resident", {"valid_to": "长期", "sex": "female"}),
        (vectors.HMT, "hkmotw_residence", {"address": "上海市静安区示范路66号"}),
        (
            vectors.FOREIGN_2017,
            "foreign_pr_2017",
            {"name_en": "SMITH, JOHN EXAMPLE", "nationality": "USA"},
        ),
        (
            vectors.FOREIGN_2023,
            "foreign_pr_2023",
            {"nationality": "DEU", "authority": "国家移民管理局"},
        ),
    ],
)
def test_decode_every_layout_with_reveal(
    tmp_path: Path,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    block: bytes,
    card_type: str,
    extra: dict[str, str],
) -> None:
    path = tmp_path / "block.bin"
    path.write_bytes(block)
    code, out, _ = run(
        capsys, "card", "decode", str(path), "--json", "--reveal", "--data-dir", str(data)
    )
    doc = json.loads(out)
    assert code == 0 and doc["card_type"] == card_type and "*" not in doc["id_number"]
    assert doc == doc | extra


def test_decode_a_whole_reply_frame_in_english(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = tmp_path / "reply.bin"
    frame.write_bytes(
        encode_reply(0x90, encode_contents(encode_text_block(samples.HUANG_EXPIRED), bytes(1024)))
    )
    code, out, _ = run(
        capsys, "--lang", "en", "card", "decode", str(frame), "--data-dir", str(data)
    )
    assert code == 0
    assert "Resident identity card" in out and "黄过期" in out and "expired" in out
    assert "310115********0018" in out and "1024 bytes" in out


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x00" * 100, "100"),
        (vectors.RESIDENT[:248] + "Q".encode("utf-16-le") + vectors.RESIDENT[250:], "U+0051"),
        (encode_reply(0x41), "41"),
        (encode_reply(0x90, b"x")[:-1] + b"\x00", "校验和"),
    ],
)
def test_decode_says_exactly_why_not(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str], raw: bytes, reason: str
) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(raw)
    code, out, err = run(capsys, "card", "decode", str(path), "--data-dir", str(data))
    assert code == 1 and out == "" and "无法解码" in err and reason in err


def test_read_from_the_demo_reader(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "card",
        "read",
        "--backend",
        "sim",
        "--sample",
        "zhou-bad-check",
        "--json",
        "--data-dir",
        str(data),
    )
    assert code == 0 and json.loads(out)["warnings"] == ["check_character"]
    assert "请在读卡器 sim 上放卡" in err


def test_read_from_a_serial_reader(
    emulator: EmulatedReader, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.place(encode_text_block(samples.SMITH_2017))
    code, out, _ = run(
        capsys,
        "card",
        "read",
        "--backend",
        f"serial:{emulator.port}",
        "--timeout",
        "5",
        "--data-dir",
        str(data),
    )
    assert code == 0 and "SMITH, JOHN EXAMPLE" in out and "外国人永久居留身份证（2017版）" in out


def test_read_exit_codes(
    emulator: EmulatedReader, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = f"serial:{emulator.port}"
    assert (
        run(
            capsys,
            "card",
            "read",
            "--backend",
            backend,
            "--timeout",
            "0.4",
            "--data-dir",
            str(data),
        )[0]
        == 4
    )
    emulator.place(encode_text_block(samples.CHEN))
    emulator.inject(status=0x32)
    code, _, err = run(
        capsys, "card", "read", "--backend", backend, "--timeout", "5", "--data-dir", str(data)
    )
    assert code == 7 and "安全认证" in err
    emulator.inject(times=0)
    missing = f"serial:{emulator.port}-missing"
    assert (
        run(
            capsys,
            "card",
            "read",
            "--backend",
            missing,
            "--timeout",
            "0.4",
            "--data-dir",
            str(data),
        )[0]
        == 3
    )
    assert run(capsys, "card", "read", "--backend", "usb", "--data-dir", str(data))[0] == 2


def test_every_failure_kind_has_an_exit_code() -> None:
    assert set(EXIT_CODES) == set(FailureKind)
    assert set(EXIT_CODES.values()) == {3, 5, 6, 7}


def test_the_configured_reader_is_the_default(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "config.toml").write_text('reader = "sim"\n', "utf-8")
    code, out, _ = run(capsys, "card", "read", "--sample", "he-hmt", "--data-dir", str(data))
    assert code == 0 and "港澳台居民居住证" in out and "H******78" in out


def test_readers_lists_sim_pcsc_and_the_configured_serial_port(
    emulator: EmulatedReader, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data.mkdir()
    (data / "config.toml").write_text(f'reader = "serial:{emulator.port}"\n', "utf-8")
    code, out, _ = run(capsys, "card", "readers", "--data-dir", str(data))
    assert code == 0
    assert "sim" in out and "PC/SC" in out
    assert f"{emulator.port}: GA 467" in out and "05.01-20101105-0011234567-1234567890" in out
