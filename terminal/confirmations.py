"""The citizen's signed confirmation of an application or of a one-time notice (issue 16), where
the hall asks for one (config ``sign_decisions``).

Before the case is written the citizen reads, beside the pad, what they confirm: the service
applied for and that what they filled in and handed over is true (受理); or that they received
the one-time notice and what they must bring, by when (补正). The envelope is an attachment of
the case (material ``SIGN-CONFIRM``): listed in its journal entry by hash, uploaded with it,
and printed after the receipt or the notice, checked first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from terminal import signatures
from terminal.attachments import files
from terminal.cases import Decided, Decision
from terminal.documents.model import PromisePage, day
from terminal.identity import mask_id_number

CODE = "SIGN-CONFIRM"
TITLES = {Decision.ACCEPTED: "申请确认书", Decision.NEEDS_CORRECTION: "补正告知签收"}


def text_for(decided: Decided, service: str) -> str:
    """What the citizen reads and signs; its first line is the title printed over it."""
    c = decided.capture
    who = f"{c.applicant.name}（证件号码 {mask_id_number(c.applicant.id_number)}）"
    if decided.decision is Decision.NEEDS_CORRECTION:
        missing = "；".join(m.requirement.material.name for m in decided.missing)
        by = f"，于{day(decided.return_by)}前补齐" if decided.return_by else ""
        body = f"本人{who}已收到办理“{service}”的一次性补正告知，需补交：{missing}{by}。"
    else:
        body = (
            f"本人{who}申请办理“{service}”。本人承诺所填申请表内容和所交材料真实、有效，"
            "如有不实，愿承担相应责任。"
        )
    return f"{TITLES[decided.decision]}\n{body}"


def pages(scans: list[Any], folder: Path) -> list[PromisePage]:
    """The case's signed confirmations for its paper, each read and checked before printing:
    a damaged or altered one is refused in a sentence, never printed."""
    out = []
    for scan in scans:
        if scan.material != CODE:
            continue
        try:
            envelope = signatures.from_bytes(files.read_file(folder, scan.sha256))
        except OSError:
            raise signatures.SignatureError("signature.file_missing", material=CODE) from None
        text = str(envelope.get("document", {}).get("text", ""))
        found = signatures.problem(envelope, text.encode("utf-8"))
        if found is not None:
            raise signatures.SignatureError(found)
        out.append(PromisePage(text, signatures.png_of(envelope), str(envelope["signed_at"]),
                               "申请人（签名）："))  # fmt: skip
    return out
