from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from terminal import clerks, journal
from terminal.clerks import ClerkError, Role
from terminal.store import Store


def add(store: Store, at: datetime, name: str = "wang.li", role: Role = Role.CLERK) -> None:
    clerks.add_clerk(
        store,
        username=name,
        display_name="王丽",
        role=role,
        password="s3cret-pass",
        actor="cli",
        terminal="XH-W01",
        at=at,
    )


def test_password_is_stored_as_salted_scrypt(store: Store, at: datetime) -> None:
    add(store, at)
    add(store, at, "li.na")
    rows = store.conn.execute("SELECT salt, password_hash, kdf FROM clerks").fetchall()
    assert rows[0]["salt"] != rows[1]["salt"]
    assert rows[0]["password_hash"] != rows[1]["password_hash"]  # same password, other salt
    assert b"s3cret-pass" not in rows[0]["password_hash"] and "scrypt" in rows[0]["kdf"]


def test_sign_in_works_and_is_journaled(store: Store, at: datetime) -> None:
    add(store, at, role=Role.SUPERVISOR)
    clerk = clerks.authenticate(store, "wang.li", "s3cret-pass", terminal="XH-W01", at=at)
    assert clerk.role is Role.SUPERVISOR
    assert journal.recent(store.conn, 1)[0].action == "clerk.login"


def test_failures_bring_a_growing_delay_not_a_lock(store: Store, at: datetime) -> None:
    add(store, at)
    waits = []
    t = at
    for _ in range(6):
        with pytest.raises(ClerkError) as caught:
            clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=t)
        waits.append(caught.value.msg_id)
        # The next try comes as soon as the delay allows.
        t = t + clerks.delay_after(len(waits)) + timedelta(seconds=1)
    assert waits == ["clerk.login_failed"] * 2 + ["clerk.wait"] * 4
    assert [clerks.delay_after(n).total_seconds() for n in (3, 4, 5)] == [10, 20, 40]
    assert clerks.delay_after(50) == clerks.MAX_DELAY
    # During the delay even the right password waits (and says until when)...
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(
            store, "wang.li", "s3cret-pass", terminal="T", at=t - timedelta(seconds=2)
        )
    assert caught.value.msg_id == "clerk.wait"
    # ...and once it has run out the account works: no 15-minute lock, no admin needed.
    assert clerks.authenticate(store, "wang.li", "s3cret-pass", terminal="T", at=t)
    # A success starts the count again.
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=t)
    assert caught.value.msg_id == "clerk.login_failed"
    assert journal.verify(store.conn).ok


def test_an_admin_can_lift_the_delay(store: Store, at: datetime) -> None:
    add(store, at)
    for _ in range(5):
        with pytest.raises(ClerkError):
            clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=at)
    clerks.unlock(store, "wang.li", actor="admin", terminal="T", at=at)
    assert clerks.authenticate(store, "wang.li", "s3cret-pass", terminal="T", at=at)


def test_unknown_names_answer_and_wait_exactly_like_known_ones(store: Store, at: datetime) -> None:
    add(store, at)
    answers: dict[str, list[str]] = {}
    for name in ("wang.li", "nobody"):
        answers[name] = []
        for _ in range(5):
            with pytest.raises(ClerkError) as caught:
                clerks.authenticate(store, name, "x", terminal="T", at=at)
            answers[name].append(caught.value.text())
    assert answers["wang.li"] == answers["nobody"]
    assert answers["nobody"][0] == "用户名或密码不正确。"


def test_a_disabled_account_gets_the_same_answer(store: Store, at: datetime) -> None:
    add(store, at)
    with store.write():
        store.conn.execute("UPDATE clerks SET active = 0")
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(store, "wang.li", "s3cret-pass", terminal="T", at=at)
    assert caught.value.text() == "用户名或密码不正确。"


def test_a_name_that_is_no_clerks_is_not_journaled_verbatim(store: Store, at: datetime) -> None:
    # Someone typed their password into the name box.
    with pytest.raises(ClerkError):
        clerks.authenticate(store, "hunter2-secret", "x", terminal="T", at=at)
    entry = journal.recent(store.conn, 1)[0]
    assert entry.details["reason"] == "unknown"
    everything = store.conn.execute("SELECT group_concat(value) FROM meta").fetchone()[0]
    rows = " ".join(str(tuple(r)) for r in store.conn.execute("SELECT * FROM journal"))
    assert "hunter2" not in rows and "hunter2" not in everything
    assert entry.subject == clerks.name_key("hunter2-secret") and entry.actor == "system"


def test_the_sign_in_table_stays_small_whatever_is_typed(store: Store, at: datetime) -> None:
    for i in range(clerks._THROTTLE_MAX + 20):
        with store.write():
            clerks._record_attempt(store, f"name{i}", False, "T", at)
    assert len(clerks._throttle(store.conn)) == clerks._THROTTLE_MAX


@pytest.mark.parametrize(
    ("name", "password", "msg"),
    [("Wang Li", "s3cret-pass", "clerk.bad_username"), ("wang", "short", "clerk.password_short")],
)
def test_bad_accounts_are_refused(
    store: Store, at: datetime, name: str, password: str, msg: str
) -> None:
    with pytest.raises(ClerkError) as caught:
        clerks.add_clerk(
            store,
            username=name,
            display_name="",
            role=Role.CLERK,
            password=password,
            actor="cli",
            terminal="T",
            at=at,
        )
    assert caught.value.msg_id == msg


def test_a_flood_of_made_up_names_does_not_lift_a_running_delay(
    store: Store, at: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /work/review-scratch/throttle_evict.py, with a smaller table so the test stays quick.
    monkeypatch.setattr(clerks, "_THROTTLE_MAX", 20)
    add(store, at)
    t = at
    for _ in range(4):
        with pytest.raises(ClerkError):
            clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=t)
    for _ in range(4):  # an unknown name, waiting too: it must keep waiting like a clerk's
        with pytest.raises(ClerkError):
            clerks.authenticate(store, "nobody", "x", terminal="T", at=t)
    for i in range(clerks._THROTTLE_MAX + 10):
        t += timedelta(milliseconds=5)
        with pytest.raises(ClerkError):
            clerks.authenticate(store, f"junk{i:04d}", "x", terminal="T", at=t)
    assert len(clerks._throttle(store.conn)) <= clerks._THROTTLE_MAX + 2
    for name, password in (("wang.li", "s3cret-pass"), ("nobody", "x")):
        with pytest.raises(ClerkError) as caught:
            clerks.authenticate(store, name, password, terminal="T", at=t)
        assert caught.value.msg_id == "clerk.wait", name


def test_a_flood_does_not_give_a_clerks_name_its_free_tries_back(
    store: Store, at: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clerks, "_THROTTLE_MAX", 20)
    add(store, at)
    for _ in range(2):  # two of the three free tries used
        with pytest.raises(ClerkError):
            clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=at)
    for i in range(clerks._THROTTLE_MAX + 10):
        with store.write():
            clerks._record_attempt(store, f"junk{i:04d}", False, "T", at)
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=at)
    assert caught.value.msg_id == "clerk.wait"
