"""The portal's part of ``tongban doctor``: enrolled, reachable, TLS valid, key accepted, clock, the queue."""

from __future__ import annotations

from collections.abc import Iterable

from sync.errors import LinkDown, SyncError
from sync.link.keys import TerminalKey
from terminal.doctor import Check, Patient, failure, ok, warning
from terminal.i18n import TongbanError, tr

SKEW_LIMIT = 60.0


def checks(p: Patient) -> Iterable[Check]:
    from sync.attachments.doctor import doctor_checks
    from sync.link.client import PortalClient
    from sync.link.keys import key_path, load_key

    yield from doctor_checks(p)
    if not key_path(p.data_dir).exists():
        yield warning("portal", tr("sync.doctor.not_enrolled"), tr("sync.doctor.fix_enrol"))
        return
    try:
        key = load_key(p.data_dir)
    except TongbanError as e:
        yield failure("portal", e.text(), tr("sync.doctor.fix_enrol_again"))
        return
    client = PortalClient(key.portal_url, key, ca_bundle=key.ca_bundle)
    try:
        # One signed request: it proves the address, TLS, our key and the clock at once.
        client.changes(0, 1)
    except (LinkDown, SyncError) as e:
        yield failure(
            "portal",
            tr("sync.doctor.unreachable", url=key.portal_url, error=e.text()),
            tr("sync.doctor.fix_link"),
        )
        return
    except Exception as e:  # a link failure of another kind (TLS, DNS) in the portal's words
        yield failure(
            "portal",
            tr("sync.doctor.unreachable", url=key.portal_url, error=str(e)),
            tr("sync.doctor.fix_link"),
        )
        return
    finally:
        client.close()
    yield ok("portal", tr("sync.doctor.ok", url=key.portal_url, key=key.key_id))
    skew = client.clock_skew
    if skew is not None and abs(skew) > SKEW_LIMIT:
        yield warning(
            "clock", tr("sync.doctor.skew", seconds=f"{skew:+.0f}"), tr("sync.doctor.fix_clock")
        )
    elif skew is not None:
        yield ok("clock", tr("sync.doctor.skew_ok", seconds=f"{skew:+.1f}"))
    yield from _answers(p, key)


# The newest answers checked again: enough to catch a store edited by hand, cheap at 1 M rows.
ANSWERS_CHECKED = 500


def _answers(p: Patient, key: TerminalKey) -> Iterable[Check]:
    """What settled the outbox is the portal's word: every sent row holds a signed answer,
    and the newest answers still check out under this terminal's key."""
    import sqlite3

    from sync.cases.outbox import recent_answers
    from sync.report import fork_text
    from sync.state import read_status

    try:
        conn = sqlite3.connect(f"file:{p.db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # the store's own check says what is wrong with it
    try:
        unproven = conn.execute(
            "SELECT count(*) FROM outbox WHERE state = 'sent' AND answer_id IS NULL"
        ).fetchone()[0]
        answers = recent_answers(conn, key.key_id, ANSWERS_CHECKED)
        fork = read_status(conn).journal_fork
    except sqlite3.Error:
        return
    finally:
        conn.close()
    if fork:
        yield failure("journal-anchor", fork_text(fork), tr("sync.doctor.fix_anchor"))
    forged = sum(not a.holds(key.secret) for a in answers)
    if unproven or forged:
        yield failure(
            "answers",
            tr("sync.doctor.answers_bad", unproven=unproven, forged=forged),
            tr("sync.doctor.fix_answers"),
        )
    else:
        yield ok("answers", tr("sync.doctor.answers_ok", count=len(answers)))
