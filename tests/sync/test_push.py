"""Pushing the outbox to the reference portal: sent once, numbered, journaled."""

from __future__ import annotations

from terminal.catalogue import Catalogue

from .conftest import Terminal
from .helpers import Admin, assert_exactly_once, client_for, drain, record_cases


def test_offline_cases_reach_the_portal_once_and_get_its_numbers(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    ids = record_cases(terminal.store, mini_catalogue, 25)
    client = client_for(terminal.key)
    summary = drain(terminal.store, client, batch_size=10)
    assert summary.online and summary.status.waiting == 0
    assert_exactly_once(terminal.store, admin, ids)
    states = {r[0] for r in terminal.store.conn.execute("SELECT state FROM cases")}
    assert states == {"synced"}
