"""The journal: a chain that shows any edited, removed, reordered or cut-off entry."""

from __future__ import annotations

from datetime import datetime

import pytest

from terminal import journal
from terminal.store import Store


def fill(store: Store, at: datetime, n: int = 5) -> None:
    with store.write():
        for i in range(n):
            journal.append(
                store.conn,
                at=at,
                actor="wang",
                terminal="XH-W01",
                action="case.decided",
                subject=f"case-{i}",
                details={"n": i},
            )


def tamper(store: Store, *sql: str) -> None:
    """What someone with the file and sqlite3 could do: drop the guard triggers and edit."""
    with store.write():
        store.conn.execute("DROP TRIGGER journal_no_update")
        store.conn.execute("DROP TRIGGER journal_no_delete")
        for statement in sql:
            store.conn.execute(statement)


def test_intact_chain_verifies(store: Store, at: datetime) -> None:
    fill(store, at)
    assert journal.verify(store.conn) == journal.Verdict(True, 5)


def test_the_program_cannot_edit_or_delete(store: Store, at: datetime) -> None:
    fill(store, at)
    with pytest.raises(Exception, match="append-only"), store.write():
        store.conn.execute("UPDATE journal SET actor = 'x'")
    with pytest.raises(Exception, match="append-only"), store.write():
        store.conn.execute("DELETE FROM journal WHERE seq = 2")


@pytest.mark.parametrize(
    ("sql", "seq", "problem"),
    [
        (["UPDATE journal SET actor = 'li' WHERE seq = 3"], 3, "edited"),
        (["UPDATE journal SET details = '{\"n\":9}' WHERE seq = 4"], 4, "edited"),
        (["DELETE FROM journal WHERE seq = 2"], 3, "removed_or_reordered"),
        (
            [
                "UPDATE journal SET seq = 99 WHERE seq = 2",
                "UPDATE journal SET seq = 2 WHERE seq = 3",
                "UPDATE journal SET seq = 3 WHERE seq = 99",
            ],
            2,
            "removed_or_reordered",
        ),
        (["DELETE FROM journal WHERE seq = 5"], 5, "truncated"),
    ],
)
def test_tampering_is_found_at_the_first_broken_entry(
    store: Store, at: datetime, sql: list[str], seq: int, problem: str
) -> None:
    fill(store, at)
    tamper(store, *sql)
    verdict = journal.verify(store.conn)
    assert not verdict.ok
    assert (verdict.broken_seq, verdict.problem) == (seq, problem)


def test_recomputing_one_hash_does_not_hide_an_edit(store: Store, at: datetime) -> None:
    fill(store, at)
    row = store.conn.execute("SELECT * FROM journal WHERE seq = 2").fetchone()
    forged = journal.entry_hash(
        2,
        row["at"],
        "li",
        row["terminal"],
        row["action"],
        row["subject"],
        row["details"],
        row["prev_hash"],
    )
    tamper(store, f"UPDATE journal SET actor = 'li', hash = '{forged}' WHERE seq = 2")
    verdict = journal.verify(store.conn)
    assert (verdict.ok, verdict.broken_seq) == (False, 3)


def test_append_outside_a_transaction_is_a_programming_error(store: Store, at: datetime) -> None:
    with pytest.raises(RuntimeError):
        journal.append(store.conn, at=at, actor="a", terminal="t", action="x", subject="y")
