"""The routes of a case's result (sync/portal/results.py): the terminals' three, the admin's two."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync.link import protocol
from sync.portal import results
from sync.portal.wire import Answer, Handler, Request

if TYPE_CHECKING:
    import sqlite3

    from sync.portal.app import Portal

_CASE = "(?P<case_id>[0-9a-f-]{36})"


def _lookup(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    terminal = portal.signed(request)
    return Answer(200, results.lookup(portal.db, terminal, request.json(), portal.clock()))


def _taking(op: Callable[..., tuple[int, dict[str, Any], bool]]) -> Handler:
    """A handover or a mailing: signed, once per key, decided in one write transaction."""

    def handler(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
        terminal = portal.signed(request)
        key = portal.idempotency_key(request)
        with portal.db.write() as conn:
            status, answer, replayed = op(
                conn, terminal, key, match["case_id"], request.json(), portal.clock()
            )
        return Answer(status, answer, {protocol.H_REPLAYED: "true"} if replayed else {})

    return handler


def _admin(op: Callable[[sqlite3.Connection, str, float], dict[str, Any]] | None = None) -> Handler:
    def handler(portal: Portal, request: Request, match: dict[str, str]) -> Answer:
        portal.admin(request)
        with portal.db.write() as conn:
            if op is None:
                return Answer(
                    201, results.publish(conn, match["case_id"], request.json(), portal.clock())
                )
            return Answer(200, op(conn, match["case_id"], portal.clock()))

    return handler


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("POST", re.compile(protocol.PATH_RESULTS_LOOKUP), _lookup),
    ("POST", re.compile(protocol.path_case_handover(_CASE)), _taking(results.hand_over)),
    ("POST", re.compile(protocol.path_case_mailing(_CASE)), _taking(results.mail)),
    ("POST", re.compile(f"/admin/cases/{_CASE}/result"), _admin()),
    ("POST", re.compile(f"/admin/cases/{_CASE}/delivered"), _admin(results.delivered)),
]
