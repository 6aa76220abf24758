"""E-certificate look-ups (材料通): ask the portal, keep what it confirmed for offline hours."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sync.errors import LinkDown
from sync.link import protocol
from sync.link.client import PortalClient
from terminal.clock import stamp
from terminal.identity import normalise_id_number
from terminal.store import Store


@dataclass(frozen=True)
class Ecert:
    cert_no: str
    material: str
    title: str
    issuer: str
    valid_until: str | None
    looked_up_at: str


@dataclass(frozen=True)
class EcertAnswer:
    certificates: list[Ecert]
    from_cache: bool  # the link was down: what the portal confirmed earlier
    problem: dict[str, object] | None = None


def ask(client: PortalClient, id_number: str, material: str) -> list[dict[str, Any]]:
    """The certificates the portal holds for this citizen and material (a POST, so the ID
    number is never in a URL or an access log)."""
    body = protocol.canonical_json({"id_number": id_number, "material": material})
    reply = client.send("POST", protocol.PATH_ECERTS, body)
    client.raise_for_link(reply)
    if reply.status != 200:
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    data = reply.json()
    certs = data.get("certificates") if isinstance(data, dict) else None
    if not isinstance(certs, list):
        raise LinkDown("sync.link.garbled", reached=True, status=reply.status)
    return [c for c in certs if isinstance(c, dict)]


def lookup(
    store: Store, client: PortalClient, id_number: str, material: str, at: datetime
) -> EcertAnswer:
    """The portal's answer, kept; offline, the last confirmed hits, marked as such."""
    number = normalise_id_number(id_number)
    try:
        found = ask(client, number, material)
    except LinkDown as e:
        return EcertAnswer(cached(store.conn, number, material), True, e.reason())
    when = stamp(at)
    certs = [
        Ecert(
            str(c.get("cert_no")),
            str(c.get("material", material)),
            str(c.get("title", "")),
            str(c.get("issuer", "")),
            str(c["valid_until"]) if c.get("valid_until") else None,
            when,
        )
        for c in found
    ]
    with store.write():
        store.conn.executemany(
            "INSERT INTO ecert_hits (id_number, material, cert_no, title, issuer, valid_until,"
            " looked_up_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
            " title = excluded.title, issuer = excluded.issuer,"
            " valid_until = excluded.valid_until, looked_up_at = excluded.looked_up_at",
            [
                (number, c.material, c.cert_no, c.title, c.issuer, c.valid_until, when)
                for c in certs
            ],
        )
    return EcertAnswer(certs, False)


def cached(conn: sqlite3.Connection, id_number: str, material: str) -> list[Ecert]:
    rows = conn.execute(
        "SELECT cert_no, material, title, issuer, valid_until, looked_up_at FROM ecert_hits"
        " WHERE id_number = ? AND material = ? ORDER BY cert_no",
        (normalise_id_number(id_number), material),
    ).fetchall()
    return [Ecert(*tuple(r)) for r in rows]
