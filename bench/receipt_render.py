"""Building one receipt PDF, the font registered once: target median ≤ 15 ms.

Run: .venv/bin/python -m bench.receipt_render [--n 200]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from bench.common import percentiles, sample_decided
from terminal import catalogue
from terminal.casebook import case_body
from terminal.clock import now
from terminal.config import Config
from terminal.documents.fonts import font_set
from terminal.documents.model import case_document
from terminal.documents.render import render_case


def sample_detail() -> dict[str, object]:
    decided = sample_decided(1, now())
    body = case_body(decided, "XH-W01-20261127-0001", "XH-W01", "wang.li", False, None)
    return {
        **body,
        "id": body["case_id"],
        "id_number": body["applicant"]["id_number"],
        "applicant_name": body["applicant"]["name"],
        "portal_case_no": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    t0 = time.perf_counter()
    fonts = font_set()
    print(f"font lookup + registration (once): {(time.perf_counter() - t0) * 1000:.1f} ms")
    cat, config = catalogue.load_default(), replace(Config())
    detail = sample_detail()
    for fmt in ("a4", "roll"):
        samples = []
        for i in range(args.n + 10):
            t = time.perf_counter()
            doc = case_document(detail, cat, config, clerk_name="王丽", printed_at=now())
            pdf = render_case(doc, fmt, fonts).pdf
            if i >= 10:
                samples.append((time.perf_counter() - t) * 1000)
        print(
            f"receipt {fmt:<4} ({len(pdf) // 1024} KB): {percentiles(samples)}   target median ≤ 15 ms"
        )


if __name__ == "__main__":
    main()
