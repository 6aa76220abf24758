"""The admin rule behind a proxy on the same machine, and a portal that will not start with a
rule that cannot hold."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from sync.link import protocol
from sync.portal import Portal, RunningPortal, make_server

from .test_cli import data, run  # noqa: F401  (data: the fixture)

ENROL_CODE = {"code": "CODE-FOR-W02", "terminal_id": "XH-W02", "hall": "xuhui"}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[[str | None], RunningPortal]]:
    started: list[RunningPortal] = []

    def start(token: str | None = None) -> RunningPortal:
        portal = Portal(tmp_path / "p.db", admin_token=token)
        started.append(RunningPortal(make_server(portal, "127.0.0.1", 0)))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def _admin_call(running: RunningPortal, headers: dict[str, str]) -> int:
    # Over HTTP from this machine: as nginx in front of the portal would connect.
    with requests.Session() as http:
        http.trust_env = False
        return http.post(
            running.url + "/admin/enrol-codes", json=ENROL_CODE, headers=headers, timeout=10
        ).status_code


@pytest.mark.parametrize(
    "forwarded",
    [
        {"X-Forwarded-For": "203.0.113.9"},
        {"Forwarded": "for=203.0.113.9"},
        {"X-Real-IP": "203.0.113.9"},
    ],
)
def test_without_a_token_a_proxied_admin_call_is_refused(
    served: Callable[[str | None], RunningPortal], forwarded: dict[str, str]
) -> None:
    running = served(None)
    assert _admin_call(running, forwarded) == 403
    # IT at the portal's own machine, calling directly, still may.
    assert _admin_call(running, {}) == 201


def test_with_a_token_only_the_token_counts(
    served: Callable[[str | None], RunningPortal],
) -> None:
    running = served("s3cret-token")
    assert _admin_call(running, {}) == 403  # loopback alone is not enough
    proxied = {"X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer s3cret-token"}
    assert _admin_call(running, proxied) == 201


@pytest.mark.parametrize(
    "options", [["--trusted-proxy", "127.0.0.1"], ["--host", "0.0.0.0"], ["--host", "hall-pc"]]
)
def test_a_portal_behind_a_proxy_or_open_needs_an_admin_token_to_start(
    data: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    options: list[str],
) -> None:
    argv = ["portal", "--port", "0", "--data-dir", str(data), *options]
    code, _, err = run(capsys, *argv)
    assert code == 3 and "--admin-token" in err and "Traceback" not in err
    assert not (data / "reference-portal.db").exists(), "refused before anything was made"


def test_a_proxy_the_portal_was_not_told_about_is_named_in_the_log_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    running = RunningPortal(make_server(Portal(tmp_path / "p.db"), "127.0.0.1", 0))
    try:
        with requests.Session() as http:
            http.trust_env = False
            for _ in range(3):
                reply = http.get(
                    running.url + protocol.PATH_TIME, headers={"X-Forwarded-For": "203.0.113.9"}
                )
                assert reply.status_code == 200
    finally:
        running.stop()
    told = [r for r in caplog.records if "--trusted-proxy" in r.getMessage()]
    assert len(told) == 1 and told[0].levelno == logging.WARNING
