from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from terminal import config
from terminal.config import Config, ConfigError


def test_the_default_file_is_valid_commented_and_complete() -> None:
    text = config.default_text()
    assert config.parse(tomllib.loads(text), "default") == Config()
    assert text.count("\n#") > 10
    for key in Config.__dataclass_fields__:
        assert f"\n{key} = " in text


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert config.load(tmp_path / "none.toml") == Config()


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ('window = "three"', "window", "1–999"),
        ("window = 0", "window", "1–999"),
        ('mode = "server"', "mode", "clerk, kiosk or display"),
        ('reader = "usb"', "reader", "serial:PORT"),
        ('terminal_id = "xh w1"', "terminal_id", "XH-W03"),
        ('portal_url = "ftp://x"', "portal_url", "https://"),
        ("large_type = 1", "large_type", "true or false"),
    ],
)
def test_a_bad_value_names_key_value_and_what_is_allowed(
    tmp_path: Path, text: str, key: str, fragment: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text + "\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    message = caught.value.text("en")
    assert key in message and fragment in message and str(path) in message
    assert key in caught.value.text("zh_CN")


def test_an_unknown_key_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("windows = 3\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert "windows" in caught.value.text() and "window" in caught.value.text().split("windows")[1]


def test_broken_toml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('hall = "unterminated\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert "line 1" in caught.value.text()


def test_environment_and_flags_choose_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TONGBAN_CONFIG", raising=False)
    assert config.config_path(tmp_path) == tmp_path / "config.toml"
    monkeypatch.setenv("TONGBAN_CONFIG", str(tmp_path / "env.toml"))
    assert config.config_path(tmp_path) == tmp_path / "env.toml"
    assert config.config_path(tmp_path, tmp_path / "flag.toml") == tmp_path / "flag.toml"
    monkeypatch.setenv("TONGBAN_DATA_DIR", str(tmp_path / "data"))
    assert config.default_data_dir() == tmp_path / "data"
