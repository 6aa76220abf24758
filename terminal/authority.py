"""Who is behind a command that changes people or history.

``clerk add/unlock/role``, ``restore``, ``sync release``, a reprint of an
original and ``case import`` need a supervisor or an admin: they sign in on the
terminal (user name and password typed at the prompt, or two lines on standard
input for a script), and the journal names that person. IT staff whose OS
account is in the group ``tongban-it`` are let through without a clerk
account; the journal then names ``it:<OS account>``. The group's name is fixed
here, not in the config: the config lives in the data folder, which the
terminal's own OS account can write.

The very first clerk of a fresh store needs no sign-in (there is nobody to
sign in as) and must be an admin; the journal names that admin, marked
``first``. A restore over a store that cannot be opened (emptied, foreign) has
no accounts to check a password against: only ``tongban-it`` may run it. The
accounts inside the backup never vouch for it, or anyone could make a backup
with an admin of their own, empty the store and restore theirs.
See docs/operations.md.
"""

from __future__ import annotations

import getpass
import grp
import os
import pwd
import sys
from typing import TextIO

from terminal import clerks
from terminal.clock import now
from terminal.context import Context
from terminal.i18n import TongbanError, tr
from terminal.store import StoreError

IT_GROUP = "tongban-it"
SIGNERS = (clerks.Role.SUPERVISOR, clerks.Role.ADMIN)


class AuthorityError(TongbanError):
    pass


def os_account() -> str:
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def in_it_group() -> bool:
    """The OS account running this command is a member of ``IT_GROUP``."""
    try:
        group = grp.getgrnam(IT_GROUP)
    except KeyError:
        return False
    return group.gr_gid in os.getgroups() or group.gr_gid == os.getgid()


def read_secret(prompt_id: str, stdin: TextIO | None = None) -> str:
    """A password: hidden at a terminal, one line from a script's standard input."""
    stream = stdin or sys.stdin
    if stream.isatty():
        return getpass.getpass(tr(prompt_id))
    return stream.readline().rstrip("\r\n")


def sign_in(
    ctx: Context,
    purpose: str,
    *,
    need: tuple[clerks.Role, ...] = SIGNERS,
    stdin: TextIO | None = None,
) -> str:
    """The user name the journal records for this command, after its signer has proved who
    they are; raises ``AuthorityError`` or ``ClerkError`` (both say what to do)."""
    if in_it_group():
        return f"it:{os_account()}"
    stream = stdin or sys.stdin
    if stream.isatty():
        print(tr("authority.asks", purpose=tr("authority.purpose." + purpose)), file=sys.stderr)
        username = input(tr("authority.user_prompt")).strip()
    else:
        username = stream.readline().strip()
    password = read_secret("authority.password_prompt", stream)
    if not username:
        raise AuthorityError(
            "authority.needed", purpose=tr("authority.purpose." + purpose), group=IT_GROUP
        )
    clerk = clerks.authenticate(
        ctx.store(), username, password, terminal=ctx.config.terminal_id, at=now()
    )
    if clerk.role not in need:
        raise AuthorityError(
            "authority.role",
            username=clerk.username,
            role=clerk.role.value,
            needed=" / ".join(r.value for r in need),
        )
    return clerk.username


def sign_for_restore(ctx: Context, *, stdin: TextIO | None = None) -> str:
    """``sign_in`` for a restore. Over a store that cannot be opened (missing, emptied,
    foreign, damaged) there is nobody to check a password against: only ``IT_GROUP``."""
    try:
        ctx.store()
    except StoreError as e:
        if e.msg_id == "store.no_access":
            raise  # not ours to replace either: its message says how to get it back
        if not in_it_group():
            raise AuthorityError(
                "authority.restore_needs_it", path=str(ctx.db_path), group=IT_GROUP
            ) from None
        return f"it:{os_account()}"
    return sign_in(ctx, "restore", stdin=stdin)
