"""The reference portal's admin endpoints (tests, the demo, IT): a real portal does these
in its own back office; the feed entries they cause are the contract."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync.portal import admin, anchor
from sync.portal.wire import Answer, Handler, Request

if TYPE_CHECKING:
    from sync.portal.app import Portal


def _admin_write(
    op: Callable[..., dict[str, Any]], status: int = 201, *, with_body: bool = True
) -> Handler:
    def handler(portal: Portal, request: Request, params: dict[str, str]) -> Answer:
        portal.admin(request)
        args: list[Any] = list(params.values())
        if with_body:
            args.append(request.json())
        with portal.db.write() as conn:
            return Answer(status, op(conn, *args, portal.clock()))

    return handler


def _admin_cases(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.admin(request)
    with portal.db.read() as conn:
        return Answer(200, admin.list_cases(conn))


def _admin_ecert(portal: Portal, request: Request, _: dict[str, str]) -> Answer:
    portal.admin(request)
    body = request.json()
    with portal.db.write() as conn:
        return Answer(201, admin.hold_ecert(conn, body))


ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("GET", re.compile("/admin/cases"), _admin_cases),
    (
        "POST",
        re.compile("/admin/cases/(?P<case_id>[^/]+)/state"),
        _admin_write(admin.set_case_state, 200),
    ),
    ("POST", re.compile("/admin/appointments"), _admin_write(admin.publish_appointment)),
    ("POST", re.compile("/admin/tickets"), _admin_write(admin.publish_ticket)),
    ("POST", re.compile("/admin/ecerts"), _admin_ecert),
    (
        "POST",
        re.compile("/admin/online-applications"),
        _admin_write(admin.record_online_application),
    ),
    (
        "POST",
        re.compile("/admin/online-applications/(?P<application_no>[^/]+)/withdraw"),
        _admin_write(admin.withdraw_online_application, 200, with_body=False),
    ),
    ("POST", re.compile("/admin/catalogue"), _admin_write(admin.publish_catalogue)),
    ("POST", re.compile("/admin/enrol-codes"), _admin_write(admin.add_enrol_code)),
    (
        "POST",
        re.compile("/admin/journal-heads/(?P<terminal_id>[^/]+)/reset"),
        _admin_write(anchor.reset, 200, with_body=False),
    ),
]
