"""Greetings, thanks, sign-offs and other text that says nothing about a topic.

Customers wrap what they say in letter conventions: "Tere!", "Dzień dobry,", "Dear Sir or
Madam", "Thanks in advance", "Lugupidamisega", "Z poważaniem", "Sent from my iPhone", "see
attached", "Order 12345". Those sentences carry no topic: left in, they form a "greetings"
topic of their own, which then looks like a complaint topic because complaints carry them.

A sentence is boilerplate when, with its letter phrases taken out, no content is left (a
name after "Best regards," is part of the signature). Everything after a sign-off is the
signature. The phrases are those of business letters and e-mail in Estonian, Polish and
English, and the commonest in German, Finnish, Latvian, Lithuanian and Russian; matching
ignores case and accents are kept (they are part of the words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_GREETINGS = (
    # en
    r"hi( there)?",
    r"hello( there)?",
    r"hey",
    r"good (morning|afternoon|evening|day)",
    r"dear (sir or madam|sirs|sir|madam|team|customer service|support|all)",
    r"dear [\w-]+( [\w-]+)?",
    r"to whom it may concern",
    r"greetings",
    # et
    r"tere( päevast| hommikust| õhtust)?",
    r"tervist",
    r"hea klienditeenindus",
    r"lugupeetud( [\w-]+( [\w-]+)?)?",
    r"hei",
    r"tšau",
    # pl
    r"dzień dobry",
    r"dobry wieczór",
    r"witam( serdecznie)?",
    r"witajcie",
    r"cześć",
    r"szanowni państwo",
    r"szanowny panie( [\w-]+)?",
    r"szanowna pani( [\w-]+)?",
    r"drogi zespole",
    r"hej",
    # de, fi, lv, lt, ru
    r"guten tag",
    r"hallo",
    r"sehr geehrte damen und herren",
    r"moi",
    r"hyvää päivää",
    r"labdien",
    r"sveiki",
    r"laba diena",
    r"здравствуйте",
    r"добрый день",
    r"привет",
)
_THANKS = (
    r"thanks?( you)?( very much| so much| a lot)?( in advance| for (your|the) help)?",
    r"many thanks",
    r"thx",
    r"cheers",
    r"appreciate (it|your help)",
    r"aitäh( ette| juba ette)?",
    r"tänan( väga| juba ette| ette| abi eest)?",
    r"ette tänades",
    r"suur aitäh",
    r"dziękuję( bardzo| z góry| za pomoc)?",
    r"dzięki",
    r"z góry dziękuję",
    r"danke( schön| im voraus)?",
    r"kiitos( etukäteen)?",
    r"paldies",
    r"ačiū",
    r"спасибо",
)
_SIGN_OFFS = (
    r"(best|kind|warm|kindest|warmest) (regards|wishes)",
    r"regards",
    r"sincerely( yours)?",
    r"yours (sincerely|faithfully|truly)",
    r"all the best",
    r"have a (nice|good|great) day",
    r"lugupidamisega",
    r"parimate soovidega",
    r"heade soovidega",
    r"lp\.?",
    r"ilusat päeva( jätku)?",
    r"head päeva",
    r"z poważaniem",
    r"pozdrawiam( serdecznie)?",
    r"serdecznie pozdrawiam",
    r"pozdrawiamy",
    r"miłego dnia",
    r"łączę pozdrowienia",
    r"mit freundlichen grüßen",
    r"viele grüße",
    r"ystävällisin terveisin",
    r"terveisin",
    r"ar cieņu",
    r"pagarbiai",
    r"с уважением",
)
_NOISE = (
    r"sent from my (iphone|ipad|android|samsung[\w ]*|mobile|phone)",
    r"saadetud (minu )?(iphone('?i(st)?)?|telefonist|mobiilist)",
    r"wysłane z (mojego )?(iphone'?a|telefonu|urządzenia mobilnego)",
    r"von meinem (iphone|handy) gesendet",
    r"lähetetty (iphonesta|puhelimesta)",
    r"(please )?see (the )?attach(ed|ment)",
    r"attached( is| are)?( the)?( photos?| pictures?| files?)?",
    r"(vaata )?manuses?(t|es)?",
    r"lisatud( pildid| fotod| fail)?",
    r"w załącznik(u|ach)( przesyłam)?( zdjęcia| zdjęcie| plik)?",
    r"załączam( zdjęcia| zdjęcie)?",
    r"(order|tellimus|tellimuse|zamówienie|zamówienia|bestellung|tilaus|pasūtījums|užsakymas)"
    r"( (no|nr|number|numer|number:))?[\s.:#]*[\w-]*\d[\w-]*",
    r"(customer|kliendi|klienta) (no|nr|number|numer)[\s.:#]*[\w-]*\d[\w-]*",
    r"(re|fw|fwd|aw|vs|odp):?",
    r"-{2,}",
    r"_{2,}",
)


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in phrases)


_PHRASE = re.compile(
    r"(?:^|(?<=[\s,.;:!?()]))(?:"
    + _alternation((*_GREETINGS, *_THANKS, *_SIGN_OFFS, *_NOISE))
    + r")(?=$|[\s,.;:!?()])",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\s,.;:!?]))(?:" + _alternation(_SIGN_OFFS) + r")(?=$|[\s,.;:!?])", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def strip_boilerplate(sentence: str) -> str:
    """The sentence with its letter phrases taken out (what is left may be empty)."""
    return _PHRASE.sub(" ", sentence)


#: a sign-off followed by at most this many words is a signature ("Pozdrawiam, Anna Nowak")
_NAME_WORDS = 4


def is_boilerplate(sentence: str, min_words: int = 2) -> bool:
    """Whether a sentence says nothing beyond letter conventions.

    Content is left when at least ``min_words`` words remain after the phrases are taken
    out ("thanks for nothing, the screen broke again" keeps its content); a sign-off with a
    name after it is a signature.
    """
    rest = _WORD.findall(strip_boilerplate(sentence))
    if _SIGN_OFF.match(sentence.strip()) and len(rest) <= _NAME_WORDS:
        return True
    return len(rest) < min_words


def signature_start(sentences: list[str]) -> int:
    """Index of the first sentence that opens a signature (sign-off), or len(sentences)."""
    for i, s in enumerate(sentences):
        if i and is_boilerplate(s) and _SIGN_OFF.match(s.strip()):
            return i
    return len(sentences)


def content_text(sentences: list[str]) -> str:
    """A text's sentences without its letter conventions and signature."""
    body = sentences[: signature_start(sentences)]
    return " ".join(s for s in body if not is_boilerplate(s))
