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
from terminal.cases import Applicant, Capture, Decided, Decision
from terminal.documents.model import PromisePage, day
from terminal.identity import mask_id_number
from terminal.parties import AGENT

CODE = "SIGN-CONFIRM"
TITLES = {Decision.ACCEPTED: "申请确认书", Decision.NEEDS_CORRECTION: "补正告知签收"}


# In an agent's case the 代办人 stands at the counter and signs, as agent (review 6):
# the text says so, and the printed line under the signature names them 代办人.
AS_AGENT = "作为代办人"


def signer_of(capture: Capture, *, agent_present: bool = True) -> Applicant:
    """Who signs the confirmation: the person at the counter. The applicant, or in an agent's
    case the agent when their card was read at this visit (``agent_present``): an applicant
    who brings back her agent's case herself signs as herself. A company's 经办人 is its
    capture's applicant."""
    agent = capture.parties.agent
    if capture.parties.kind == AGENT and agent is not None and agent_present:
        return agent
    return capture.applicant


def _who(person: Applicant) -> str:
    return f"{person.name}（证件号码 {mask_id_number(person.id_number)}）"


def text_for(decided: Decided, service: str, *, agent_present: bool = True) -> str:
    """What the signer reads and signs; its first line is the title printed over it."""
    c = decided.capture
    signer = signer_of(c, agent_present=agent_present)
    who = _who(signer)
    if signer is not c.applicant:  # "本人林样本（…）作为代办人，受申请人陈示例（…）委托，"
        who += f"{AS_AGENT}，受申请人{_who(c.applicant)}委托，代为"
    if decided.decision is Decision.NEEDS_CORRECTION:
        missing = "；".join(m.requirement.material.name for m in decided.missing)
        by = f"，于{day(decided.return_by)}前补齐" if decided.return_by else ""
        got = "已收到" if signer is c.applicant else "签收"  # 代为签收
        body = f"本人{who}{got}办理“{service}”的一次性补正告知，需补交：{missing}{by}。"
    else:
        body = (
            f"本人{who}申请办理“{service}”。本人承诺所填申请表内容和所交材料真实、有效，"
            "如有不实，愿承担相应责任。"
        )
    return f"{TITLES[decided.decision]}\n{body}"


def signer_label(text: str) -> str:
    """The line under the signature on paper: who signed, as the text they signed says."""
    body = text.split("\n", 1)[-1]
    return "代办人（签名）：" if AS_AGENT in body.split("。", 1)[0] else "申请人（签名）："


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
                               signer_label(text)))  # fmt: skip
    return out
