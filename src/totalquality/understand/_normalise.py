"""Tokenisation, lemmas and stop words per language, so inflections of one word count once.

simplemma (MIT, pure Python, dictionaries for et/pl/en inside the wheel) maps inflected forms to
lemmas: Estonian ``akud``/``akuga`` → ``aku``, Polish ``baterii``/``baterią`` → ``bateria``.
Lemmas are cached per (language, token): vocabulary is Zipfian, so most lookups are hits.

Stop words are stopwordsiso's lists plus, for Estonian, whose ISO list has only 35 words, a
list of Estonian function words written here (pronouns, auxiliaries, conjunctions, particles,
adverbs of time and degree, in lemma and frequent surface forms). Missing Estonian function
words caused most false alarms of term-burst detection when this was measured. A
:class:`Normaliser` fitted on a corpus also drops terms found in more than ``max_df`` of a
language's documents (document-frequency stop words).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

# Words are letter runs, optionally joined by an apostrophe or hyphen ("usb-c", "don't").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

_EXTRA_STOPWORDS: dict[str, frozenset[str]] = {
    "et": frozenset(
        [
            "aga",
            "ainult",
            "alla",
            "alles",
            "alati",
            "all",
            "eest",
            "ehk",
            "ei",
            "eks",
            "elik",
            "enam",
            "enne",
            "ent",
            "et",
            "ega",
            "ehkki",
            "emb",
            "iga",
            "igal",
            "igale",
            "igas",
            "igasugune",
            "ikka",
            "ilma",
            "ise",
            "isegi",
            "ja",
            "jah",
            "juba",
            "just",
            "ju",
            "juures",
            "ka",
            "kas",
            "kaasa",
            "kes",
            "keegi",
            "kelle",
            "kellel",
            "kellele",
            "kelleks",
            "kogu",
            "koos",
            "kord",
            "kuhu",
            "kui",
            "kuid",
            "kuidas",
            "kus",
            "kuskil",
            "kõik",
            "kõike",
            "kõiki",
            "kõigi",
            "kõigile",
            "küll",
            "läbi",
            "lihtsalt",
            "ma",
            "mina",
            "mind",
            "minu",
            "minul",
            "minule",
            "mis",
            "mida",
            "midagi",
            "miks",
            "mil",
            "millal",
            "mille",
            "millega",
            "milles",
            "mille",
            "miski",
            "mitte",
            "mu",
            "mul",
            "mulle",
            "me",
            "meie",
            "meid",
            "meil",
            "meile",
            "meie",
            "mingi",
            "mingit",
            "mõni",
            "mõne",
            "mõned",
            "natuke",
            "nad",
            "nagu",
            "nemad",
            "neid",
            "neil",
            "neile",
            "nende",
            "nii",
            "niimoodi",
            "ning",
            "no",
            "noh",
            "nüüd",
            "oh",
            "oled",
            "olema",
            "olen",
            "oleme",
            "olete",
            "oli",
            "olid",
            "olime",
            "olin",
            "oma",
            "omad",
            "on",
            "ongi",
            "pole",
            "peab",
            "peale",
            "pigem",
            "praegu",
            "päris",
            "sa",
            "sina",
            "sind",
            "sinu",
            "sinul",
            "sulle",
            "seal",
            "sealt",
            "see",
            "seda",
            "selle",
            "sellega",
            "selles",
            "sellel",
            "seni",
            "siin",
            "siia",
            "siis",
            "siit",
            "sest",
            "selline",
            "sellised",
            "sa",
            "suhtes",
            "ta",
            "tema",
            "teda",
            "tema",
            "tal",
            "talle",
            "te",
            "teie",
            "teid",
            "teil",
            "teile",
            "teda",
            "temaga",
            "tuleb",
            "tõesti",
            "tõttu",
            "umbes",
            "vaid",
            "veel",
            "vist",
            "või",
            "väga",
            "võib",
            "võiks",
            "võivad",
            "võima",
            "olnud",
            "olevat",
            "oleks",
            "oleksin",
            "üle",
            "üsna",
            "ära",
            "ühe",
            "üks",
            "ükski",
            "pidama",
            "saama",
            "tegema",
            "sai",
            "saab",
            "saan",
            "saada",
            "teha",
            "tehti",
            "teeb",
            "nüüd",
            "kuna",
            "kuni",
            "kus",
            "siiski",
            "samuti",
            "kohe",
            "jälle",
            "mõnikord",
            "tihti",
            "sageli",
            "iial",
            "kunagi",
            "alati",
            "juures",
            "vastu",
            "järel",
            "pärast",
            "ees",
            "taga",
            "kaudu",
            "kohta",
            "poolt",
            "jaoks",
            "abil",
            "asemel",
        ]
    ),
    "pl": frozenset(
        [
            "się",
            "nie",
            "jest",
            "to",
            "że",
            "na",
            "do",
            "za",
            "po",
            "od",
            "czy",
            "jak",
            "już",
            "też",
            "tylko",
            "bardzo",
        ]
    ),
    "en": frozenset(["n't", "'s", "'re", "'ve", "'ll", "'d"]),
}

_NEGATORS: dict[str, frozenset[str]] = {
    "et": frozenset(["ei", "ega", "pole", "polnud", "mitte", "ilma", "kunagi", "ära", "ärge"]),
    "pl": frozenset(["nie", "ani", "bez", "nigdy", "żaden", "żadna", "żadne", "brak"]),
    "en": frozenset(
        ["not", "no", "never", "without", "nor", "n't", "cannot", "nothing", "none", "neither"]
    ),
}


@functools.lru_cache(maxsize=32)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of one language (stopwordsiso plus the extra lists above); empty if unknown."""
    import stopwordsiso

    words: set[str] = set()
    if stopwordsiso.has_lang(language):
        words |= {w.lower() for w in stopwordsiso.stopwords(language)}
    words |= _EXTRA_STOPWORDS.get(language, frozenset())
    return frozenset(words)


def negators(language: str) -> frozenset[str]:
    """Words that flip the polarity of what follows (used by lexicon sentiment)."""
    return _NEGATORS.get(language, frozenset())


def tokenize(text: Any) -> list[str]:
    """Lower-cased word tokens (letters, with inner apostrophes/hyphens; no bare numbers)."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [t.replace("’", "'") for t in _TOKEN.findall(str(text).lower())]


@functools.lru_cache(maxsize=16)
def _simplemma_languages() -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


class Lemmatiser:
    """simplemma with a per-(language, token) cache; unknown languages keep the token."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, token: str, language: str) -> str:
        key = (language, token)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        lemma = token
        if language in _simplemma_languages() and len(token) > 1:
            import simplemma

            try:
                lemma = simplemma.lemmatize(token, lang=language).lower()
            except (ValueError, KeyError):  # pragma: no cover - defensive against odd tokens
                lemma = token
        self._cache[key] = lemma
        return lemma

    def lemmas(self, tokens: Iterable[str], language: str) -> list[str]:
        return [self(t, language) for t in tokens]


_SHARED_LEMMATISER = Lemmatiser()


def lemmatise(tokens: Iterable[str], language: str) -> list[str]:
    """Lemmas of ``tokens`` in ``language`` (shared process-wide cache)."""
    return _SHARED_LEMMATISER.lemmas(tokens, language)


class Normaliser:
    """Text → content lemmas per language: tokenise, lemmatise, drop stop words.

    ``fit`` learns document-frequency stop words per language (terms in more than ``max_df``
    of that language's documents, for languages with at least ``min_docs`` documents); the
    built-in lists always apply. Not an :class:`~totalquality.Analysis`: a preprocessing helper.
    """

    def __init__(
        self, *, lemmatise: bool = True, max_df: float = 0.4, min_docs: int = 50, min_len: int = 2
    ) -> None:
        self.lemmatise = lemmatise
        self.max_df = max_df
        self.min_docs = min_docs
        self.min_len = min_len
        self.frequent_: dict[str, frozenset[str]] = {}
        self._lemmatiser = Lemmatiser()

    def _terms(self, text: Any, language: str) -> list[str]:
        tokens = tokenize(text)
        if self.lemmatise:
            tokens = self._lemmatiser.lemmas(tokens, language)
        stops = stop_words(language)
        frequent = self.frequent_.get(language, frozenset())
        return [
            t for t in tokens if len(t) >= self.min_len and t not in stops and t not in frequent
        ]

    def fit(self, texts: Sequence[Any], languages: Sequence[str]) -> Normaliser:
        docs: dict[str, int] = Counter()
        df: dict[str, Counter[str]] = {}
        self.frequent_ = {}
        for text, lang in zip(texts, languages, strict=True):
            docs[lang] += 1
            df.setdefault(lang, Counter()).update(set(self._terms(text, lang)))
        self.frequent_ = {
            lang: frozenset(t for t, c in counts.items() if c > self.max_df * docs[lang])
            for lang, counts in df.items()
            if docs[lang] >= self.min_docs
        }
        return self

    def transform(self, texts: Sequence[Any], languages: Sequence[str]) -> list[list[str]]:
        """Content lemmas of every text (in its language)."""
        return [self._terms(t, lang) for t, lang in zip(texts, languages, strict=True)]

    def fit_transform(self, texts: Sequence[Any], languages: Sequence[str]) -> list[list[str]]:
        return self.fit(texts, languages).transform(texts, languages)
