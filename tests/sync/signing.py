"""A collector's signature for the 出件 tests: an envelope over the 领取确认 they were shown, made
as the pad makes it (terminal/signatures.py), from the collector's card."""

from __future__ import annotations

from typing import Any

from terminal import signatures
from terminal.signatures import TieKey

from .helpers import AT

TEXT = "领取确认：本人已当场领取办件 {receipt} 的办理结果{extra}，核对无误。（测试）"


def signed(number: str, receipt: str, extra: str = "", key: TieKey | None = None) -> dict[str, Any]:
    """Signed for this receipt (and, for a mailing, ``extra``: the address and recipient); tied
    to the number with ``key`` (the signing terminal's portal key) when given."""
    text = TEXT.format(receipt=receipt, extra=extra)
    envelope = signatures.make_envelope(
        [[(10.0, 20.0, 0, None), (120.0, 60.0, 30, None), (240.0, 25.0, 70, None)]],
        document=text.encode("utf-8"), document_title="领取确认", purpose="handover",
        signer=signatures.Signer.from_card(number, key), terminal_id="XH-W02", at=AT,
    )  # fmt: skip
    return {"envelope": envelope, "text": text}
