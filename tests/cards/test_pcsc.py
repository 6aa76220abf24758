"""The PC/SC backend on a real pcscd, with virtual cards plugged into vpcd over loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.cards import samples
from devices.cards.errors import FailureKind
from devices.cards.events import (
    CardFailure,
    CardRemoved,
    DocumentRead,
    ReaderAttached,
    ReaderGone,
)
from devices.cards.pcsc_reader import PcscReader, describe_readers

from ..polling import wait_until
from .conftest import device_thread
from .pcscd_harness import READERS, Pcscd, cards_present
from .ssc_card import Holder, SocialSecurityCardLogic, unsupported_card
from .virtual_card import MIFARE_ATR, VirtualCard

pytestmark = pytest.mark.slow


@pytest.fixture
def cards(fresh_pcscd: Pcscd) -> Iterator[list[VirtualCard]]:
    """Virtual cards made by the test; all taken out of the readers afterwards."""
    made: list[VirtualCard] = []
    yield made
    for card in made:
        card.remove()


def insert(cards: list[VirtualCard], card: VirtualCard) -> VirtualCard:
    cards.append(card)
    card.insert()
    return card


def test_insert_read_remove(cards: list[VirtualCard]) -> None:
    logic = SocialSecurityCardLogic()
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        assert {log.wait_for(ReaderAttached).reader for _ in READERS} == set(READERS)
        card = insert(cards, VirtualCard(logic))
        read = log.wait_for(DocumentRead)
        assert read.reader == READERS[0]
        assert read.document == samples.CHEN_SOCIAL_SECURITY
        assert read.warnings == ()
        # T=0 detours were taken: the FCI fetched with GET RESPONSE, records re-asked after 6Cxx
        assert any(apdu[1] == 0xC0 for apdu in logic.log)
        log.settle(0.6)  # the card stays: pcscd polls on, no second read
        assert len(log.of(DocumentRead)) == 1
        card.remove()
        assert log.wait_for(CardRemoved).reader == READERS[0]
        insert(cards, VirtualCard(SocialSecurityCardLogic(Holder(name="林样本", sex=b"2"))))
        second = log.wait_for(DocumentRead)
        assert second.document.name == "林样本" and second.document.sex is not None


def test_card_removed_in_the_middle_of_the_read(cards: list[VirtualCard]) -> None:
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        card = VirtualCard(SocialSecurityCardLogic())
        card.remove_after_apdus = 5
        insert(cards, card)
        failure = log.wait_for(CardFailure)
        assert failure.kind is FailureKind.CARD_REMOVED_EARLY
        assert failure.error.detail is not None
        assert failure.error.detail.params["code"] in ("0x80100069", "0x80100016")
        log.wait_for(CardRemoved)
        insert(cards, VirtualCard(SocialSecurityCardLogic()))
        log.wait_for(DocumentRead)


def test_unsupported_card_is_named_with_its_atr(cards: list[VirtualCard]) -> None:
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        insert(cards, VirtualCard(unsupported_card, MIFARE_ATR))
        failure = log.wait_for(CardFailure)
        assert failure.kind is FailureKind.UNSUPPORTED_CARD
        assert "3B 8F 80 01" in failure.message_en and "3B 8F 80 01" in failure.message_zh


def test_two_cards_in_the_two_slots(cards: list[VirtualCard]) -> None:
    insert(cards, VirtualCard(SocialSecurityCardLogic()))
    second = insert(cards, VirtualCard(SocialSecurityCardLogic(Holder(name="林样本")), slot=1))
    wait_until(
        lambda: all(cards_present().values()), "both readers to hold a card"
    )  # both down before we look
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        assert log.wait_for(CardFailure).kind is FailureKind.TWO_CARDS
        log.settle(0.5)
        assert log.of(DocumentRead) == [] and len(log.of(CardFailure)) == 1
        second.remove()
        assert log.wait_for(CardRemoved).reader == READERS[1]
        read = log.wait_for(DocumentRead)
        assert read.reader == READERS[0] and read.document.name == "陈示例"


def test_pcscd_restart_while_running(cards: list[VirtualCard], fresh_pcscd: Pcscd) -> None:
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        log.wait_for(ReaderAttached)
        fresh_pcscd.stop()
        log.wait_for(ReaderGone)
        assert log.wait_for(CardFailure).kind is FailureKind.SERVICE_NOT_RUNNING
        fresh_pcscd.start()
        log.wait_for(ReaderAttached)
        insert(cards, VirtualCard(SocialSecurityCardLogic()))
        assert log.wait_for(DocumentRead).document == samples.CHEN_SOCIAL_SECURITY
        assert [f.kind for f in log.of(CardFailure)] == [FailureKind.SERVICE_NOT_RUNNING]


def test_no_reader_then_a_reader(cards: list[VirtualCard], fresh_pcscd: Pcscd) -> None:
    """pcscd without readers, then with: as a reader unplugged and plugged while we watch."""
    fresh_pcscd.restart(with_readers=False)
    with device_thread(PcscReader(), retry_seconds=0.1) as log:
        assert log.wait_for(CardFailure).kind is FailureKind.NO_READER
        fresh_pcscd.restart(with_readers=True)
        log.wait_for(ReaderAttached)
        insert(cards, VirtualCard(SocialSecurityCardLogic()))
        log.wait_for(DocumentRead)
        fresh_pcscd.restart(with_readers=False)
        log.wait_for(ReaderGone)
        log.wait_for(CardFailure, lambda f: f.kind is FailureKind.NO_READER)


def test_reader_filter_and_expired_card(cards: list[VirtualCard]) -> None:
    expired = Holder(valid_to=bytes.fromhex("20240101"))
    with device_thread(PcscReader("00 01"), retry_seconds=0.1) as log:
        assert log.wait_for(ReaderAttached).reader == READERS[1]
        insert(cards, VirtualCard(SocialSecurityCardLogic(expired), slot=1))
        read = log.wait_for(DocumentRead)
        assert [w.value for w in read.warnings] == ["expired"]
        assert {e.reader for e in log.of(ReaderAttached)} == {READERS[1]}


def test_describe_readers(cards: list[VirtualCard]) -> None:
    insert(cards, VirtualCard(SocialSecurityCardLogic()))
    wait_until(lambda: cards_present().get(READERS[0], False), "the card in the first reader")
    seen = {r.name: r for r in describe_readers()}
    assert seen[READERS[0]].card_present and seen[READERS[0]].atr.startswith(b"\x3b")
    assert not seen[READERS[1]].card_present
