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


def test_five_failures_lock_then_time_unlocks(store: Store, at: datetime) -> None:
    add(store, at)
    messages = []
    for i in range(5):
        with pytest.raises(ClerkError) as caught:
            clerks.authenticate(
                store, "wang.li", "wrong", terminal="T", at=at + timedelta(seconds=i)
            )
        messages.append(caught.value.msg_id)
    assert messages == ["clerk.wrong_password"] * 4 + ["clerk.locked"]
    # The right password does not open a locked account...
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(
            store, "wang.li", "s3cret-pass", terminal="T", at=at + timedelta(minutes=1)
        )
    assert caught.value.msg_id == "clerk.locked" and "09:45" in caught.value.text()
    # ...until the lock runs out.
    assert clerks.authenticate(
        store, "wang.li", "s3cret-pass", terminal="T", at=at + timedelta(minutes=16)
    )
    actions = [e.action for e in reversed(journal.recent(store.conn, 8))]
    assert actions.count("clerk.login_failed") == 5 and "clerk.locked" in actions
    assert journal.verify(store.conn).ok


def test_an_admin_can_unlock(store: Store, at: datetime) -> None:
    add(store, at)
    for _ in range(5):
        with pytest.raises(ClerkError):
            clerks.authenticate(store, "wang.li", "wrong", terminal="T", at=at)
    clerks.unlock(store, "wang.li", actor="admin", terminal="T", at=at)
    assert clerks.authenticate(store, "wang.li", "s3cret-pass", terminal="T", at=at)


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(store: Store, at: datetime) -> None:
    with pytest.raises(ClerkError) as caught:
        clerks.authenticate(store, "nobody", "x", terminal="T", at=at)
    assert caught.value.text() == "用户名或密码不正确。"
    assert journal.recent(store.conn, 1)[0].details == {"reason": "unknown"}


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
