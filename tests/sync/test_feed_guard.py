"""A feed entry the terminal cannot apply is journaled and skipped; the rest of the page lands."""

from __future__ import annotations

from pathlib import Path

from sync.hall import feed as queue_feed
from terminal import hall
from terminal.clock import now
from terminal.store import open_store


def ticket_entry(seq: int, number: str) -> dict[str, object]:
    return {
        "seq": seq,
        "kind": "queue.ticket",
        "data": {
            "ticket_id": f"id-{number}",
            "ticket_no": number,
            "day": hall.day_of(now()),
            "group": "A",
            "priority": "normal",
            "state": "waiting",
            "issued_at": now().isoformat(timespec="seconds"),
            "order": float(seq),
        },
    }


def test_a_bad_entry_is_journaled_and_the_rest_of_the_page_is_applied(tmp_path: Path) -> None:
    store = open_store(tmp_path / "tongban.db", create=True)
    try:
        broken = ticket_entry(2, "A002")
        del broken["data"]["group"]  # type: ignore[attr-defined]  # a portal bug: a key missing
        page = {
            "changes": [ticket_entry(1, "A001"), broken, ticket_entry(3, "A003")],
            "last_seq": 3,
        }
        applied = queue_feed.apply_page(store, page, "XH-W03", now())
        assert applied == 2
        numbers = {r[0] for r in store.conn.execute("SELECT ticket_no FROM queue_tickets")}
        assert numbers == {"A001", "A003"}
        failed = store.conn.execute(
            "SELECT subject, details FROM journal WHERE action = 'sync.change_failed'"
        ).fetchall()
        assert [r[0] for r in failed] == ["2"] and "KeyError" in failed[0][1]
        assert queue_feed.cursor(store.conn) == 3, "the page is done: it is not asked again"
    finally:
        store.close()
