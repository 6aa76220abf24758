"""A social-security card read through a real pcscd and vpcd: our time on top of the round trips.

From the moment our loop sees the card (SCardGetStatusChange returns) to the
decoded-document event: SCardConnect, the APDUs (with the T=0 61xx/6Cxx
detours) and SCardDisconnect are the wire; parsing and the event are ours.
Target: ours ≤ 20 ms. pcscd's own polling (insertion → seen) is shown apart.
Needs root and the packages the card tests need (pcscd, vsmartcard-vpcd).
Run: .venv/bin/python -m bench.cards_pcsc [--reads N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import percentiles
from devices.cards.events import CardPresent, CardRemoved, DocumentRead
from devices.cards.pcsc_reader import PcscReader
from tests.cards.conftest import device_thread
from tests.cards.pcscd_harness import Pcscd
from tests.cards.ssc_card import SocialSecurityCardLogic
from tests.cards.virtual_card import VirtualCard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=30)
    args = parser.parse_args()
    totals, wires, ours, exchanges, detect = [], [], [], [], []
    with tempfile.TemporaryDirectory() as d:
        pcscd = Pcscd(Path(d))
        pcscd.start()
        try:
            with device_thread(PcscReader()) as log:
                for i in range(args.reads + 2):
                    logic = SocialSecurityCardLogic()
                    card = VirtualCard(logic)
                    inserted = time.perf_counter()
                    card.insert()
                    seen = log.wait_for(CardPresent)
                    read = log.wait_for(DocumentRead)
                    if i >= 2:
                        detect.append((seen.at - inserted) * 1000)
                        totals.append(read.read_seconds * 1000)
                        wires.append(read.wire_seconds * 1000)
                        ours.append(read.own_seconds * 1000)
                        exchanges.append(len(logic.log))
                    card.remove()
                    log.wait_for(CardRemoved)
        finally:
            pcscd.stop()
    print(f"PC/SC social security card via pcscd + vpcd on 127.0.0.1, {args.reads} reads")
    print(f"  APDUs a read: {statistics.median(exchanges):.0f} (select, T=0 detours, 8 records)")
    print(f"  card seen → document event: {percentiles(totals)}")
    print(f"  of which wire (connect, transmits, disconnect): {percentiles(wires)}")
    print(f"  ours (total − wire): {percentiles(ours)}")
    print(
        f"  card inserted → seen (pcscd polling, not counted above): median {statistics.median(detect):.0f} ms"
    )


if __name__ == "__main__":
    main()
