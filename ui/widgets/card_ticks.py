"""Which ID-card materials the cards read into a case present, and for whom (review 5,
finding 5): a card ticks only the material of the person it belongs to in this case (the
applicant's 居民身份证, the agent's or a company's 经办人's 受托人居民身份证), only while it
is the card in that panel; a number keyed by hand shows no card and ticks nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terminal.parties import AGENT, card_materials, holder_of_card

if TYPE_CHECKING:
    from ui.widgets.case_editor import CaseEditor


def wanted(editor: CaseEditor, kind: str) -> dict[str, str]:
    """Material code → the ID number of the card that presents it, for the case's mode."""
    intake = editor.intake
    if intake is None:
        return {}
    answers = editor.form.answers()
    out: dict[str, str] = {}
    agent = editor.parties.agent_if_built  # never asked for: no agent's card to tick
    panels = ((editor.applicant, "applicant"), *(((agent, "agent"),) if agent else ()))
    for panel, which in panels:
        document = panel.document()  # a card read; a typed person has none
        if document is None or (which == "agent" and kind != AGENT):
            continue
        holder = holder_of_card(kind, which)
        for code in card_materials(intake, answers, document.kind, holder):
            out[code] = document.id_number
    return out


def without_card_ticks(materials: dict[str, Any], ticks: dict[str, str]) -> dict[str, Any]:
    """A draft's materials with the originals that cards ticked taken back: a resumed draft's
    applicant is keyed, not read, until their card is read again (which ticks them again)."""
    handed = {code: dict(counts) for code, counts in (materials.get("handed") or {}).items()}
    for code in ticks:
        counts = handed.get(code)
        if counts is not None and counts.get("originals") == 1:
            counts["originals"] = 0
    return {**materials, "handed": handed}
