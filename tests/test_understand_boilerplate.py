"""Letter conventions carry no topic; content next to them is kept."""

from __future__ import annotations

import pytest

from totalquality.understand._boilerplate import is_boilerplate, signature_start

BOILERPLATE = [
    "Tere!",
    "Tere päevast,",
    "Lugupeetud klienditeenindus",
    "Dzień dobry,",
    "Szanowni Państwo,",
    "Dear Sir or Madam,",
    "Hi there",
    "Thanks in advance!",
    "Aitäh!",
    "Z góry dziękuję.",
    "Kind regards, Anna Smith",
    "Lugupidamisega Mari Maasikas",
    "Pozdrawiam, Jan Kowalski",
    "Sent from my iPhone",
    "Wysłane z iPhone'a",
    "Saadetud minu iPhone'ist",
    "See attached.",
    "W załączniku zdjęcia.",
    "Order no. 12345",
    "Zamówienie nr 88421",
    "Tellimus 4471",
    "Mit freundlichen Grüßen",
    "С уважением",
]

CONTENT = [
    "The battery drains in two hours.",
    "Hi, the screen flickers since the update.",
    "Kind of slow delivery this time.",
    "Best laptop I have had so far.",
    "Dear team the bezel gap is uneven on the left side.",
    "Thanks for nothing, the hinge broke again.",
    "Tere, aku tühjeneb väga kiiresti.",
    "Dzień dobry, kurier spóźnił się o tydzień.",
    "Order 12345 arrived with a cracked screen.",
    "Zamówienie nr 88421 przyszło uszkodzone.",
    "Parimat hinda pole mujal näinud.",
]


@pytest.mark.parametrize("sentence", BOILERPLATE)
def test_letter_conventions_are_boilerplate(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize("sentence", CONTENT)
def test_content_beside_a_convention_is_kept(sentence: str) -> None:
    assert not is_boilerplate(sentence)


def test_everything_after_a_sign_off_is_the_signature() -> None:
    sentences = ["The fan is loud.", "Best regards,", "Anna Smith", "ACME Ltd, Tallinn"]
    assert signature_start(sentences) == 1
    assert signature_start(["The fan is loud.", "It rattles."]) == 2
