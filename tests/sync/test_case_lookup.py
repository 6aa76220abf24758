"""A citizen's question at a kiosk: the portal's answer when it answers, the store's otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from sync.cases.lookup import CaseLookup
from sync.link import protocol
from sync.link.client import PortalClient
from terminal.case_status import StatusRefused
from terminal.catalogue import Catalogue

from .conftest import Terminal
from .faultproxy import FaultProxy
from .helpers import FAST, Admin, client_for, drain, invented_id, record_cases


def _receipt(terminal: Terminal, case_id: str) -> tuple[str, str]:
    row = terminal.store.conn.execute(
        "SELECT receipt_no, id_number FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    return str(row[0]), str(row[1])[-4:]


def test_the_portals_state_comes_first_and_says_so(
    terminal: Terminal, admin: Admin, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    drain(terminal.store, client_for(terminal.key))
    admin.set_state(case_id, "in_progress")  # the terminal has not pulled it yet
    receipt, last4 = _receipt(terminal, case_id)
    lookup = CaseLookup(lambda: client_for(terminal.key))
    status = lookup(terminal.store, f"http://127.0.0.1:8700/track/{receipt}", last4, str.lower)
    assert (status.source, status.state, status.state_text) == ("portal", "in_progress", "办理中")
    assert status.receipt_no == receipt and status.portal_case_no.startswith("SH")
    assert status.service == "t-ga-jzz" and status.updated_at[:2] == "20"
    # By the portal's number as well; a wrong last four is "not found", from both ends alike.
    assert lookup(terminal.store, status.portal_case_no, last4).source == "portal"
    with pytest.raises(StatusRefused) as refused:
        lookup(terminal.store, receipt, "0000" if last4 != "0000" else "1111")
    assert refused.value.msg_id == "status.not_found"
    lookup.close()


def test_portal_down_the_store_answers_and_the_next_one_does_not_wait(
    terminal: Terminal, proxy: FaultProxy, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)
    receipt, last4 = _receipt(terminal, case_id)
    asked: list[str] = []

    class Counting(PortalClient):
        def case_status(self, reference: str, id_last4: str) -> dict[str, Any] | None:
            asked.append(reference)
            return super().case_status(reference, id_last4)

    proxy.refuse()
    lookup = CaseLookup(
        lambda: Counting(proxy.url, terminal.key, timeouts=FAST, trust_env=False), retry_after=60
    )
    assert lookup(terminal.store, receipt, last4).source == "local"
    assert lookup(terminal.store, receipt, last4).source == "local"
    assert len(asked) == 1  # the second citizen is answered from the store at once
    lookup.close()


def test_a_case_not_on_the_portal_yet_is_answered_from_the_store(
    terminal: Terminal, mini_catalogue: Catalogue
) -> None:
    (case_id,) = record_cases(terminal.store, mini_catalogue, 1)  # accepted offline, unsent
    receipt, last4 = _receipt(terminal, case_id)
    status = CaseLookup(lambda: client_for(terminal.key))(terminal.store, receipt, last4)
    assert status.source == "local"
    with pytest.raises(StatusRefused) as refused:
        CaseLookup(None)(terminal.store, receipt, "12")
    assert refused.value.msg_id == "status.last4"


def test_the_portal_refuses_a_malformed_question(terminal: Terminal) -> None:
    client = client_for(terminal.key)
    body = protocol.canonical_json({"receipt_no": "A/B", "id_last4": invented_id(1)})
    assert client.send("POST", protocol.PATH_CASE_STATUS, body).status == 422
    unsigned = client.send("POST", protocol.PATH_CASE_STATUS, body, signed=False)
    assert unsigned.status == 401
    client.close()
