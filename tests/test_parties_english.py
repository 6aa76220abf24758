"""A refusal naming a service reads in the language it is shown in (review 5, finding 15):
the catalogue's English name in English, its Chinese name in Chinese."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from terminal.cases import CaseInvalid, Decision
from terminal.catalogue import load_default

from .test_parties import AGENT, LIN, MARRIAGE, Parties, decided, jzz, person

CJK = re.compile(r"[\u3400-\u9fff]")


def test_a_service_that_takes_no_agent_is_named_in_the_readers_language() -> None:
    catalogue = load_default()
    marriage = replace(jzz(Parties(AGENT, person(LIN), "relative"), {}), intake_code=MARRIAGE)
    with pytest.raises(CaseInvalid) as refused:
        decided(catalogue, marriage, Decision.REJECTED)
    intake = catalogue.intake(MARRIAGE)
    english = refused.value.text("en")
    assert intake.name_en in english and not CJK.search(english)
    assert intake.name in refused.value.text("zh_CN")
