"""Opening a recorded case for a withdrawal, a void or a correction (ui/case_actions.py),
with the rules of terminal/case_lookup.py (review 5, finding 6) and of who may withdraw
(terminal/withdrawal.py, finding 9).

A withdrawal is the citizen's request: the case opens by its number only with them present
(their or the recorded agent's card read, or the applicant's last 4 typed), as for a return.
A void or a correction is the hall's own act, approved by a supervisor: it opens by number,
and the opening is journaled with what for. Kept apart so the actions' module stays the
actions'."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from terminal.clock import now
from terminal.identity import mask_name, normalise_id_number
from terminal.store import Store
from terminal.withdrawal import agent_of_record

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def card_role(detail: dict[str, Any], card_id: str | None) -> str | None:
    """Whose card this is for the case: "applicant", "agent" (of record), or None."""
    if card_id is None:
        return None
    card = normalise_id_number(card_id)
    if card == normalise_id_number(str(detail["id_number"])):
        return "applicant"
    agent = agent_of_record({"parties": detail.get("parties")})
    if agent is not None and card == normalise_id_number(str(agent["id_number"])):
        return "agent"
    return None


def card_for(window: MainWindow, detail: dict[str, Any]) -> str | None:
    """Of the cards read at this counter (either panel), the one that is the case's, if any."""
    from ui.comeback import cards_read

    cards = cards_read(window)
    return next((c for c in cards if card_role(detail, c)), cards[0] if cards else None)


def ask_withdrawal(window: MainWindow, title: str, then: Callable[[dict[str, Any]], None]) -> None:
    """The receipt's number and the citizen's presence; ``then`` the case, once shown theirs.
    Never prefilled: Enter alone must not open a case the clerk did not name."""
    from terminal import case_lookup
    from terminal.case_status import reference_from
    from ui.comeback import cards_read
    from ui.widgets.lookup_dialog import LookupDialog

    editor = window.editor
    panels = (editor.applicant, editor.parties.agent_if_built)
    held = next((p.document() for p in panels if p and p.document() is not None), None)
    dialog = LookupDialog(mask_name(held.name) if held else None, window, title)
    if not window.run_dialog(dialog) or not dialog.number.text().strip():
        return
    key, cards = reference_from(dialog.number.text()), cards_read(window)
    last4 = dialog.last4.text().strip()
    clerk, terminal_id = window.ctx.clerk_name, window.ctx.config.terminal_id

    def look_for(wanted: str, fetched: bool) -> None:
        def look(store: Store) -> dict[str, Any]:
            return case_lookup.look_up(
                store, wanted, cards=cards, last4=last4, clerk=clerk, terminal_id=terminal_id,
                at=now(),
            )  # fmt: skip

        def missing(error: Exception) -> None:
            from terminal.case_state import CaseNotFound

            if isinstance(error, CaseNotFound) and not fetched:
                # Recorded at another window of the hall: fetched from the portal first.
                from ui import hall_case

                hall_case.fetch_then(window, key, lambda case_id: look_for(case_id, True), last4)
            else:
                window.fail(error)

        window.ctx.store_jobs.submit(look, then, missing)

    look_for(key, False)


def journal_staff(window: MainWindow, kind: str, detail: dict[str, Any]) -> None:
    """A void's or correction's opening of a case by number, journaled with what for."""
    from terminal import case_lookup

    clerk, terminal_id = window.ctx.clerk_name, window.ctx.config.terminal_id
    case_id, receipt_no = str(detail["id"]), str(detail["receipt_no"])

    def write(store: Store) -> None:
        case_lookup.opened_by_staff(
            store, case_id, receipt_no, purpose=kind, clerk=clerk, terminal_id=terminal_id, at=now()
        )

    window.ctx.store_jobs.submit(write)
