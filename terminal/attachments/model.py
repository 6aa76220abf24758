"""What a decided case says about its captured materials (the seam with capture)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_HEX = re.compile(r"[0-9a-f]{64}")
# The largest scan a case may carry (docs/portal-api.yaml: Attachment.size, UploadCreate.
# length). A 40-page colour scan is easily 16 MiB, and chunks make one request's size
# irrelevant; past this a scan is a wrong setting (a raw 600 dpi TIFF) and is refused at
# the decision, where the clerk can rescan, never at the portal where it would wait forever.
MAX_SIZE = 256 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    """One material's PDF: which material, its file's hash, and who captured it when."""

    material: str  # catalogue material code
    sha256: str
    pages: int
    size: int
    captured_by: str  # the clerk's login id
    captured_at: str  # ISO 8601 with offset

    def to_json(self) -> dict[str, Any]:
        return {
            "material": self.material,
            "sha256": self.sha256,
            "pages": self.pages,
            "size": self.size,
            "captured_by": self.captured_by,
            "captured_at": self.captured_at,
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> Attachment:
        return Attachment(
            str(raw["material"]),
            str(raw["sha256"]),
            int(raw["pages"]),
            int(raw["size"]),
            str(raw["captured_by"]),
            str(raw["captured_at"]),
        )

    def problem(self) -> str | None:
        """What is wrong with this record on its face (a message id), or None."""
        if not _HEX.fullmatch(self.sha256):
            return "case.attachment_bad_hash"
        if self.pages < 1 or self.size < 1:
            return "case.attachment_empty"
        if self.size > MAX_SIZE:
            return "case.attachment_too_large"
        if not self.captured_by.strip():
            return "case.attachment_no_clerk"
        return None
