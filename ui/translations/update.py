"""Bring tongban_en.ts up to date with the widgets' texts, and fill in English.

    .venv/bin/python -m ui.translations.update [NEW.json ...]

Runs pyside6-lupdate over ui/ (it keeps every translation already made), then
takes English for new texts from the JSON files given ({"中文": "English"}),
and lists what is still untranslated (tests/ui/test_language_and_look.py fails
on those). ``./dev`` compiles the .qm.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent
TS = HERE / "tongban_en.ts"


def main(argv: list[str]) -> int:
    english: dict[str, str] = {}
    for name in argv:
        english.update(json.loads(Path(name).read_text(encoding="utf-8")))
    sources = sorted(str(p) for p in HERE.parent.rglob("*.py") if "translations" not in p.parts)
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *sources, "-ts", str(TS)], check=True, capture_output=True)
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("vanished", "obsolete"):
            continue
        if source in english:
            translation.text = english[source]
        if translation.text:
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print("untranslated:", source)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
