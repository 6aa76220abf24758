"""The 告知承诺书 as printed (issue 16): on a page of its own after the receipt, the text the
citizen read on the pad's screen, line for line, and their signature picture under it."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from terminal import signatures
from terminal.documents.model import PromisePage, moment
from terminal.documents.styles import Writer


def promise_story(page: PromisePage, w: Writer) -> list[Flowable]:
    lines = page.text.split("\n")
    story: list[Flowable] = [PageBreak(), w.p(lines[0], "title"), Spacer(1, 3 * mm)]
    story += [w.p(line) for line in lines[1:]]
    width = 70 * mm  # about a signature's size on paper
    height = width * signatures.HEIGHT / signatures.WIDTH
    picture = Image(io.BytesIO(page.png), width=width, height=height)
    picture.hAlign = "RIGHT"
    story += [Spacer(1, 6 * mm), w.p(page.signer_label, "sign"), picture]
    story.append(w.p(f"签署时间：{moment(datetime.fromisoformat(page.signed_at))}", "sign"))
    return story
