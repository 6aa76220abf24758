"""The card's photo beside the name, for the clerk to compare with the face at the counter;
gone with that citizen when the next one's card is read."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from devices.cards.events import DocumentRead
from devices.cards.photo import PHOTO_HEIGHT, PHOTO_WIDTH, Portrait, placeholder_png
from devices.cards.samples import CHEN_SOCIAL_SECURITY
from ui.demo import sample_cards
from ui.main_window import MainWindow


def png(colour: str) -> bytes:
    image = QImage(PHOTO_WIDTH, PHOTO_HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def read(window: MainWindow, card: object, portrait: Portrait | None) -> None:
    window.on_card_event(DocumentRead("sim", card, (), 0.0, 0.1, 0.05, portrait))  # type: ignore[arg-type]


def centre_colour(window: MainWindow) -> str:
    shown = window.editor.applicant.photo.pixmap().toImage()
    return shown.pixelColor(shown.width() // 2, shown.height() // 2).name()


def test_the_decoded_photo_is_shown_and_goes_with_the_next_citizen(window: MainWindow) -> None:
    read(window, sample_cards()[0], Portrait(png("#c03020"), decoded=True))
    panel = window.editor.applicant
    assert not panel.photo.pixmap().isNull()
    assert centre_colour(window) == "#c03020"
    assert "解码" not in panel.source.text()
    # The next citizen's card has no photo (a social security card): no face from before.
    read(window, CHEN_SOCIAL_SECURITY, None)
    assert panel.photo.pixmap().isNull() and panel.photo.text() == "照片"


def test_without_a_decoder_the_outline_is_shown_and_the_clerk_told_to_look_at_the_card(
    window: MainWindow,
) -> None:
    read(window, sample_cards()[0], Portrait(placeholder_png(), decoded=False))
    panel = window.editor.applicant
    assert not panel.photo.pixmap().isNull()
    assert "请核对证件上的照片" in panel.source.text()
    # Typing a citizen by hand after it: neither the outline nor the note stays.
    window.new_case()
    assert window.editor.applicant.photo.pixmap().isNull()
    assert "解码" not in window.editor.applicant.source.text()
