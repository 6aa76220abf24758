"""A GA 467 read over a pseudo-terminal at 115,200 baud: our time on top of the wire time.

From the moment the program knows a card is there (the "find card" reply) to
the decoded-document event: the select and read exchanges (wire: the time
blocked on the port, which the emulated reader paces at the baud rate) plus
decoding and the event (ours). Target: ours ≤ 20 ms.
Run: .venv/bin/python -m bench.cards_serial [--reads N] [--baud B]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import percentiles
from devices.cards import samples
from devices.cards.events import CardPresent, CardRemoved, DocumentRead
from devices.cards.serial_reader import SerialReader
from devices.cards.text_block import encode_text_block
from tests.cards.conftest import device_thread
from tests.cards.ga467_emulator import EmulatedReader

# select: 10-byte command + 19-byte reply; read: 10-byte command + 1,295-byte reply
LINE_BYTES = 10 + 19 + 10 + 1295


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=100)
    parser.add_argument("--baud", type=int, default=115_200)
    args = parser.parse_args()
    blocks = [encode_text_block(samples.CHEN), encode_text_block(samples.SMITH_2017)]
    photo = bytes(range(256)) * 4
    totals, wires, ours, detect = [], [], [], []
    with tempfile.TemporaryDirectory() as d:
        emulator = EmulatedReader(Path(d) / "ttyGA467", baud=args.baud)
        reader = SerialReader(emulator.port, args.baud, poll_seconds=0.05)
        try:
            with device_thread(reader) as log:
                for i in range(args.reads + 3):
                    placed = time.perf_counter()
                    emulator.place(blocks[i % 2], photo)
                    seen = log.wait_for(CardPresent)
                    read = log.wait_for(DocumentRead)
                    if i >= 3:  # warm-up: imports, first allocations
                        detect.append((seen.at - placed) * 1000)
                        totals.append(read.read_seconds * 1000)
                        wires.append(read.wire_seconds * 1000)
                        ours.append(read.own_seconds * 1000)
                    emulator.remove()
                    log.wait_for(CardRemoved)
        finally:
            emulator.stop()
    line = LINE_BYTES * 10 / args.baud * 1000
    print(f"GA 467 over a pty at {args.baud} baud, {args.reads} reads (text + 1,024-byte photo)")
    print(f"  card seen → document event: {percentiles(totals)}")
    print(f"  of which wire (blocked on the port): {percentiles(wires)}")
    print(f"  line time of the {LINE_BYTES} bytes at {args.baud} baud: {line:.1f} ms")
    print(f"  ours (total − wire): {percentiles(ours)}")
    print(
        f"  card placed → seen (poll every 50 ms, not counted above): median {statistics.median(detect):.1f} ms"
    )


if __name__ == "__main__":
    main()
