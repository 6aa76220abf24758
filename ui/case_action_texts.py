"""The words of the counter's case actions (撤回, 作废, 更正), in one place: the window's
titles and the sentence the supervisor reads in the approval box (ui/widgets/approval_dialog.py).

The supervisor approves what this sentence shows, and the approval is bound to the digest of
the same change (terminal/case_approvals.py): every field with its value before and after,
and the reason, so the box shows exactly what the approval will allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

# The window's keys for the actions on a recorded case (ui/case_actions.py asks what they need).
KEYS = {"withdrawn": "Ctrl+Shift+W", "voided": "Ctrl+Shift+X", "corrected": "Ctrl+Shift+G"}


# Context "CaseActions", as ui/case_actions.py: a sentence is translated once.
def texts() -> dict[str, str]:
    return {
        "withdrawn": QCoreApplication.translate("CaseActions", "撤回办件"),
        "voided": QCoreApplication.translate("CaseActions", "作废办件"),
        "corrected": QCoreApplication.translate("CaseActions", "更正办件"),
    }


def shown(value: Any) -> str:
    """A value as the supervisor reads it: an empty one said, counts in words."""
    if value is None or value == "":
        return QCoreApplication.translate("CaseActions", "（空）")
    if isinstance(value, dict) and set(value) == {"originals", "copies"}:
        return (
            QCoreApplication.translate("CaseActions", "原件%1份、复印件%2份")
            .replace("%1", str(value["originals"]))
            .replace("%2", str(value["copies"]))
        )
    return str(value)


def void_what(receipt_no: str, reason: str) -> str:
    return (
        QCoreApplication.translate("CaseActions", "作废办件 %1。\n原因：%2")
        .replace("%1", receipt_no)
        .replace("%2", reason)
    )


def correction_what(receipt_no: str, lines: Sequence[tuple[str, Any, Any]], reason: str) -> str:
    """``lines``: (the field's name, before, after) for every change."""
    changes = "\n".join(
        QCoreApplication.translate("CaseActions", "%1：“%2” 改为 “%3”")
        .replace("%1", name)
        .replace("%2", shown(before))
        .replace("%3", shown(after))
        for name, before, after in lines
    )
    return (
        QCoreApplication.translate("CaseActions", "更正办件 %1：\n%2\n原因：%3")
        .replace("%1", receipt_no)
        .replace("%2", changes)
        .replace("%3", reason)
    )
