"""The signed confirmations (申请确认书, 补正告知签收; issue 16) are signed by the person at the
counter: in an agent's case the 代办人, as agent for the applicant (review 6)."""

from __future__ import annotations

from terminal import confirmations
from terminal.cases import Decision
from terminal.catalogue import load_default
from terminal.identity import mask_id_number
from terminal.parties import AGENT, Parties

from .test_parties import ALL_JZZ, CHEN, LIN, decided, jzz, person

SERVICE = "居住证申领"


def test_in_an_agents_case_the_agent_signs_as_agent_for_the_applicant() -> None:
    catalogue = load_default()
    agent = Parties(AGENT, person(LIN), "relative")
    for decision, given in ((Decision.ACCEPTED, {**ALL_JZZ, "CL-WTS": 1}),
                            (Decision.NEEDS_CORRECTION, {"CL-SFZ": 1})):  # fmt: skip
        case = decided(catalogue, jzz(agent, given), decision)
        assert confirmations.signer_of(case.capture) == person(LIN)  # the agent's card signs
        text = confirmations.text_for(case, SERVICE)
        body = text.split("\n", 1)[1]
        # The signer first ("本人" is the agent), as agent, for the applicant (number masked).
        assert body.startswith(
            f"本人{LIN.name}（证件号码 {mask_id_number(LIN.id_number)}）作为代办人"
        )
        assert f"受申请人{CHEN.name}（证件号码 {mask_id_number(CHEN.id_number)}）委托，代为" in body
        assert CHEN.id_number not in text and LIN.id_number not in text
        assert confirmations.signer_label(text) == "代办人（签名）："


def test_in_ones_own_case_the_applicant_signs() -> None:
    case = decided(load_default(), jzz(Parties(), ALL_JZZ))
    assert confirmations.signer_of(case.capture) == person(CHEN)
    text = confirmations.text_for(case, SERVICE)
    assert text.split("\n", 1)[1].startswith(f"本人{CHEN.name}（证件号码 ")
    assert "代办人" not in text and confirmations.signer_label(text) == "申请人（签名）："
