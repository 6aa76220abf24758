"""领取回执 (issue 16), read back from the PDF: what was handed over, to whom (an agent named with
their relation, the numbers masked), the portal's handover record and the signature drawn."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw

from terminal.clock import CHINA
from terminal.documents.fonts import font_set
from terminal.documents.handover_receipt import HandoverDocument
from terminal.documents.render import render_handover

from .conftest import page_text

AGENT_NUMBER = "110101198001010037"  # invented


def _signature() -> bytes:
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (400, 160), (580, 30)], fill="black", width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_an_agents_handover_receipt_names_them_masked_and_carries_the_signature(
    tmp_path: Path,
) -> None:
    doc = HandoverDocument(
        hall="徐汇区行政服务中心", window="5号窗口", clerk="赵敏",
        handed_at=datetime(2026, 12, 1, 10, 5, tzinfo=CHINA), receipt_no="XH-W03-20261126-0001",
        service="居住证签注", items=["居住证"], collector_name="测试代领", collector_number=AGENT_NUMBER,
        role="agent", relation="spouse", applicant_name="测试申请", operation="h-1234",
        signature_png=_signature(), letter_sha256="ab" * 32,
    )  # fmt: skip
    rendered = render_handover(doc, font_set())
    assert rendered.missing_glyphs == []
    pdf = tmp_path / "handover.pdf"
    pdf.write_bytes(rendered.pdf)
    text = page_text(pdf).replace("\n", "").replace(" ", "")
    assert "办理结果领取回执" in text and "XH-W03-20261126-0001" in text
    assert "系申请人测试申请的配偶" in text and "居住证" in text and "h-1234" in text
    # The letter is kept with the handover's record now (terminal/attachments/letters.py).
    assert "委托书已当场核验，扫描件随出件记录留存（摘要abababababab）" in text
    assert AGENT_NUMBER not in text and "110101********0037" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout  # fmt: skip
    assert len(images.strip().splitlines()) >= 3  # header, rule, and the signature
    unsigned = render_handover(
        HandoverDocument(**{**doc.__dict__, "signature_png": None, "role": "applicant"}), font_set()
    )
    pdf.write_bytes(unsigned.pdf)
    text = page_text(pdf).replace("\n", "").replace(" ", "")
    assert "申请人本人" in text and "领取人签名：____" in text
